import { type ErrorCode, type ServerMessage, serverMessageSchema, UNNUMBERED_CODES } from '../protocol/index.js';
import type { MatchState } from './types.js';

/** What the client makes of what reaches it: a server message read, and whether a move may be sent now. */

export const isUnnumbered = (code: string): boolean => (UNNUMBERED_CODES as readonly string[]).includes(code);

/**
 * A server message, or `gateway_error` for API Gateway's own answer to a failed integration
 * (`{"message":"Internal server error","connectionId":…,"requestId":…}`), or `undefined`.
 */
export function parseServerMessage(text: string): ServerMessage | 'gateway_error' | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = serverMessageSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const isGatewayError = typeof json === 'object' && json !== null && 'message' in json && 'requestId' in json;
  return isGatewayError ? 'gateway_error' : undefined;
}

/**
 * Moves are sent only to a running match the user plays in: a move sent before a match starts could
 * still be on its way when it does (README "Exactly once"); one who left, or whose seat a bot took
 * over, has no moves left to number.
 */
export function whyNoMoveCanBeSent(state: MatchState<unknown>): ErrorCode | undefined {
  if (state.status !== 'running') return 'game_not_running';
  if (state.you === undefined || !state.players.includes(state.you)) return 'not_a_player';
  if (state.left.includes(state.you) || state.you in state.bots) return 'player_left';
  return undefined;
}
