import { ERROR_MESSAGES, type ErrorCode, isErrorCode } from '../protocol/index.js';

/**
 * Codes only the client produces: a move abandoned because the caller closed the client, an HTTP
 * answer or network failure the server's table has no word for, and a move resent after a drop
 * whose fate the server never confirmed (see PendingMoves).
 */
export const CLIENT_ERROR_CODES = ['client_closed', 'network', 'move_unconfirmed'] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

export type TurngateErrorCode = ErrorCode | ClientErrorCode;

const CLIENT_ERROR_MESSAGES: Readonly<Record<ClientErrorCode, string>> = {
  client_closed: 'The connection was closed before the server answered.',
  network: 'The server could not be reached.',
  move_unconfirmed: 'The connection dropped and the server never confirmed that move: the board shows what it has.',
};

/** Plain words for a code, for people: the protocol's table plus the client's own codes. */
export const messageFor = (code: TurngateErrorCode): string =>
  isErrorCode(code) ? ERROR_MESSAGES[code] : CLIENT_ERROR_MESSAGES[code];

/**
 * Every failure the SDK reports: a server rejection (`not_your_turn`, `invalid_move`, …) with the
 * server's own message, or one of the client's codes. Callers switch on `code`, never on `message`.
 */
export class TurngateError extends Error {
  override name = 'TurngateError';
  readonly code: TurngateErrorCode;
  /** The move the error is about, when there is one. */
  readonly moveId: string | undefined;
  /** The HTTP status, for lobby calls. */
  readonly status: number | undefined;

  constructor(
    code: TurngateErrorCode,
    message = messageFor(code),
    details: { moveId?: string; status?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.moveId = details.moveId;
    this.status = details.status;
  }
}

export const isTurngateError = (value: unknown): value is TurngateError => value instanceof TurngateError;
