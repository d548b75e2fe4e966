import { botOf } from '../bots/index.js';
import {
  type AnyGame,
  type GameResult,
  legalMoves,
  type Match,
  movesFor,
  type PlayerId,
  soleActivePlayer,
  viewFor,
  visibleArgs,
} from '../engine/index.js';
import type { StoredMatch } from '../ports/index.js';
import {
  type AckMessage,
  ERROR_MESSAGES,
  type ErrorCode,
  type ErrorMessage,
  type MoveLogEntry,
  type StateMessage,
  type TimeoutEvent,
  type WireLegalMoves,
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
  extra: Pick<StateMessage, 'ack' | 'ledger' | 'timeout' | 'rematch'> = {},
  /** The server's time now: a timed match's clock carries it so clients can count down (protocol/clock.ts). */
  now?: number,
): StateMessage {
  const { match } = stored;
  const yours = movesFor(game, match, viewer);
  return {
    type: 'state',
    matchId: stored.id,
    game: match.game,
    version: match.version,
    status: match.status,
    ...whoPlays(match),
    ...(viewer === null ? {} : { you: viewer }),
    yourMoves: [...yours],
    ...legalMovesOf(game, match, viewer, yours),
    turn: match.turn,
    result: wireResult(match.result),
    view: viewFor(game, match, viewer),
    ...(match.clock && { clock: clockOf(match, now) }),
    ...extra,
    ...(extra.timeout && { timeout: timeoutSeenBy(game, match, extra.timeout, viewer) }),
  };
}

/**
 * The recipient's legal moves, with each state rather than on request: a client needs them exactly
 * when the state changes, and they are computed only for a seated player who may move (a spectator's
 * message carries none), at most MAX_LEGAL_MOVES of them (tic-tac-toe ~0.4 KB, Liar's Dice ~2.7 KB,
 * sealed bids ~1.8 KB at most): within the message's first 32 KB billing unit. A seat a bot plays
 * gets none: its player left.
 */
function legalMovesOf(
  game: AnyGame,
  match: Match,
  viewer: PlayerId | null,
  yours: readonly string[],
): { legalMoves?: WireLegalMoves } {
  if (viewer === null || botOf(match, viewer) !== undefined) return {};
  // Absent exactly when `yourMoves` is empty; present (maybe empty) otherwise, so a client can tell
  // "nothing you may make is legal" from a server that lists nothing.
  if (yours.length === 0) return {};
  const listed = legalMoves(game, match, viewer, yours);
  return { legalMoves: { moves: listed.moves.map(({ move, args }) => ({ move, args })), open: [...listed.open] } };
}

/** A logged step as `viewer` may see it: its args, or `hidden` where the rules keep them from the viewer. */
export function logEntryFor(game: AnyGame, match: Match, entry: MoveLogEntry, viewer: PlayerId | null): MoveLogEntry {
  // The step's fingerprint is for full replays only (handlers/replay.ts), never a log answer.
  const { hash: _replaysOnly, ...shown } = entry;
  const seen = visibleArgs(game, match, entry, viewer);
  return seen.hidden ? { ...shown, args: null, hidden: true } : shown;
}

/** A timeout event as `viewer` may see it: the args of the move the rules played for someone else may be secret. */
function timeoutSeenBy(game: AnyGame, match: Match, timeout: TimeoutEvent, viewer: PlayerId | null): TimeoutEvent {
  const { outcome } = timeout;
  if (outcome.kind !== 'move') return timeout;
  const step = { player: timeout.player, move: outcome.move, args: outcome.args, version: match.version };
  const seen = visibleArgs(game, match, step, viewer);
  return seen.hidden ? { ...timeout, outcome: { ...outcome, args: null, hidden: true } } : timeout;
}

/**
 * Who sits and who may act, as every message and summary shows it (public): `currentPlayer` is the one
 * player who may act, or `null` while several may (README "Who may act").
 */
export const whoPlays = (match: Pick<Match, 'players' | 'activePlayers' | 'left' | 'bots'>) => ({
  players: [...match.players],
  currentPlayer: soleActivePlayer(match),
  activePlayers: [...match.activePlayers],
  left: [...match.left],
  bots: { ...match.bots?.seats },
});

/** A match's result as the wire shows it. */
export function wireResult(result: GameResult | null): StateMessage['result'] {
  if (result === null) return null;
  if ('winners' in result) return { winners: [...result.winners] };
  return 'draw' in result ? { draw: true } : { abandoned: true };
}

/** A timed match's clock as the wire shows it: public, the same for every viewer. */
export const clockOf = (match: Pick<Match, 'clock'>, now?: number): StateMessage['clock'] =>
  match.clock && {
    control: { ...match.clock.control },
    startedAt: match.clock.startedAt,
    running: match.clock.running.map((turn) => ({ ...turn })),
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
