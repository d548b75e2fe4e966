/**
 * Expected rejections are values, not exceptions. Every code the engine can return lives here; the
 * protocol extends this list with the wire's own codes, so engine, server and client share one table.
 */
export const ENGINE_ERROR_CODES = [
  'not_your_turn',
  'game_not_running',
  'unknown_move',
  'bad_args',
  'invalid_move',
  'not_a_player',
  'player_left',
  'seat_taken',
  'match_full',
  'already_seated',
  'not_enough_players',
  'time_up',
] as const;

export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

export interface Rejection<Code extends string = EngineErrorCode> {
  readonly code: Code;
  readonly message: string;
}

export type Result<T, Code extends string = EngineErrorCode> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: Rejection<Code> };

export const accept = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });

export const reject = <Code extends string>(
  code: Code,
  message: string,
): { readonly ok: false; readonly error: Rejection<Code> } => ({ ok: false, error: { code, message } });

const INVALID = Symbol('turngate.invalid');

/** What a move's `apply` returns to refuse a move that breaks the rules, with the rule's own reason. */
export interface InvalidMove {
  readonly [INVALID]: true;
  readonly reason: string;
}

export function invalid(reason: string): InvalidMove {
  return { [INVALID]: true, reason };
}

export function isInvalidMove(value: unknown): value is InvalidMove {
  return typeof value === 'object' && value !== null && INVALID in value;
}
