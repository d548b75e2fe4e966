import { type AnyGame, type Match, type PlayerId, viewFor } from '../engine/index.js';
import type { StoredMatch } from '../ports/index.js';
import {
  type AckMessage,
  ERROR_MESSAGES,
  type ErrorCode,
  type ErrorMessage,
  type GameResultWire,
  type StateMessage,
} from '../protocol/index.js';
import type { GameRegistry } from './deps.js';

/**
 * The game a stored match is played with. A match of a game this deployment does not serve is a
 * configuration error (a game was removed while matches of it live on), so it throws.
 */
export function gameOf(games: GameRegistry, match: Match): AnyGame {
  const game = games.get(match.game);
  if (game === undefined) throw new Error(`this deployment does not serve the game "${match.game}"`);
  return game;
}

/** The one place a state message is built: everything in it is public except `view`, the viewer's own. */
export function stateMessage(
  game: AnyGame,
  stored: Pick<StoredMatch, 'id' | 'match'>,
  viewer: PlayerId | null,
  extra: Pick<StateMessage, 'ack' | 'ledger' | 'timeout'> = {},
  /** The server's time now: a timed match's clock carries it so clients can count down (protocol/clock.ts). */
  now?: number,
): StateMessage {
  const { match } = stored;
  return {
    type: 'state',
    matchId: stored.id,
    game: match.game,
    version: match.version,
    status: match.status,
    players: [...match.players],
    currentPlayer: match.currentPlayer,
    turn: match.turn,
    result: resultOf(match),
    view: viewFor(game, match, viewer),
    ...(match.clock && { clock: clockOf(match, now) }),
    ...extra,
  };
}

/** How the match ended, as the wire shows it (a fresh copy: the engine's record is frozen). */
export function resultOf(match: Pick<Match, 'result'>): GameResultWire | null {
  const { result } = match;
  if (result === null) return null;
  if ('winners' in result) return { winners: [...result.winners] };
  return 'draw' in result ? { draw: true } : { abandoned: true };
}

/** A timed match's clock as the wire shows it: public, the same for every viewer. */
export const clockOf = (match: Pick<Match, 'clock'>, now?: number): StateMessage['clock'] =>
  match.clock && {
    control: { ...match.clock.control },
    startedAt: match.clock.startedAt,
    turnStartedAt: match.clock.turnStartedAt,
    deadline: match.clock.deadline,
    banks: match.clock.banks && [...match.clock.banks],
    ...(now !== undefined && { now }),
  };

/** Who sees what: seated players their own view, everyone else the one spectator view. */
export const viewerKey = (match: Match, userId: string): string =>
  match.players.includes(userId) ? `player:${userId}` : 'spectator';

export const ackMessage = (id: string, seq: number, version: number): AckMessage => ({ type: 'ack', id, seq, version });

/** Errors carry a stable code and a plain message, never a stack trace or an internal detail. */
export function errorMessage(code: ErrorCode, message: string = ERROR_MESSAGES[code], id?: string): ErrorMessage {
  return id === undefined ? { type: 'error', code, message } : { type: 'error', code, message, id };
}
