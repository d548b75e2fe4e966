import { ENGINE_ERROR_CODES } from '../engine/index.js';

/**
 * Every error code a client can receive, in one table: the engine's rejections plus the wire's own.
 * Codes are stable API; the human message beside each is only a default.
 */
export const WIRE_ERROR_CODES = [
  'bad_frame',
  'frame_too_large',
  'unknown_action',
  'unknown_game',
  'unknown_connection',
  'already_settled',
  'out_of_sequence',
  'unauthorized',
  'forbidden',
  'rate_limited',
  'too_many_connections',
  'bad_invite',
  'internal',
] as const;

export const ERROR_CODES = [...ENGINE_ERROR_CODES, ...WIRE_ERROR_CODES] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);

/** Plain-words defaults, for clients that show errors to people. */
export const ERROR_MESSAGES: Readonly<Record<ErrorCode, string>> = {
  not_your_turn: 'It is not your turn.',
  game_not_running: 'The game is not running.',
  unknown_move: 'This game has no such move.',
  bad_args: 'The move’s arguments are not valid.',
  invalid_move: 'That move breaks the rules.',
  not_a_player: 'You are not a player in this match.',
  player_left: 'You have left this match.',
  seat_taken: 'That seat is taken.',
  match_full: 'Every seat is taken.',
  already_seated: 'You are already seated.',
  not_enough_players: 'Not enough players have joined yet.',
  time_up: 'Your time for this turn has run out.',
  bad_frame: 'The message could not be understood.',
  frame_too_large: 'The message is too large.',
  unknown_action: 'Unknown action.',
  unknown_game: 'No such match.',
  unknown_connection: 'This connection is not registered.',
  already_settled: 'That move was settled long ago; its outcome is no longer held.',
  out_of_sequence: 'That move is out of sequence: send the expected move number.',
  unauthorized: 'Sign in again: the token is missing, invalid or expired.',
  forbidden: 'You may not do that.',
  rate_limited: 'Too many messages: wait a moment, then send that one again.',
  too_many_connections: 'This match has as many connections as it takes: try again later.',
  bad_invite: 'That invite code does not open this match.',
  internal: 'Something went wrong on the server.',
};

/**
 * Codes a move frame is refused with before it is numbered (move-ledger.ts): the sender's `seq` is
 * not used up, nothing is recorded, and the next move takes the same number. `rate_limited` and
 * `out_of_sequence` also say "send it again"; the others, that no frame of yours can apply to this
 * match (it is over or has not started, you left it, or you hold no seat).
 */
export const UNNUMBERED_CODES = [
  'bad_frame',
  'frame_too_large',
  'unknown_connection',
  'unknown_game',
  'not_a_player',
  'game_not_running',
  'player_left',
  'rate_limited',
  'out_of_sequence',
] as const satisfies readonly ErrorCode[];
