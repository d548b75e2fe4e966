import type { ErrorCode } from './error-codes.js';

/** The HTTP status each error code is answered with by the lobby API (and by `$connect` refusals). */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  bad_frame: 400,
  bad_args: 400,
  unknown_move: 400,
  invalid_move: 400,
  unknown_connection: 400,
  unauthorized: 401,
  forbidden: 403,
  not_a_player: 403,
  bad_invite: 403,
  unknown_game: 404,
  unknown_action: 404,
  not_your_turn: 409,
  game_not_running: 409,
  player_left: 409,
  seat_taken: 409,
  match_full: 409,
  already_seated: 409,
  not_enough_players: 409,
  time_up: 409,
  already_settled: 409,
  out_of_sequence: 409,
  frame_too_large: 413,
  rate_limited: 429,
  too_many_connections: 429,
  internal: 500,
};

/**
 * The inverse, for an answer whose body names no code (a proxy's page, a refused WebSocket upgrade
 * a browser cannot read): the code a status most plainly means, or undefined for one we never send.
 */
export function errorCodeForStatus(status: number): ErrorCode | undefined {
  return STATUS_MEANINGS[status];
}

const STATUS_MEANINGS: Readonly<Record<number, ErrorCode>> = {
  400: 'bad_frame',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'unknown_game',
  409: 'game_not_running',
  413: 'frame_too_large',
  429: 'rate_limited',
  500: 'internal',
};
