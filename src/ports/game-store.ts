import type { Match, PlayerId } from '../engine/index.js';
import type { MoveLedger, MoveLogEntry, MoveLogPage, MoveLogQuery } from '../protocol/index.js';

export type { MoveLogEntry, MoveLogPage, MoveLogQuery };

/**
 * A match as stored: the engine's record plus what the server keeps beside it. Nothing here grows
 * with the number of moves: the ledgers are fixed-size, and the move log lives apart (`moveLog`).
 */
export interface StoredMatch {
  /** The GameSessionId. */
  readonly id: string;
  readonly match: Match;
  /** Each seated player's move ledger (move-ledger.ts), by user id; a player who never moved has none. */
  readonly ledgers: Readonly<Record<PlayerId, MoveLedger>>;
  /** The newest applied move (the log's last entry), kept with the match; absent before the first. */
  readonly lastMove?: MoveLogEntry;
  readonly createdAt: number;
  readonly updatedAt: number;
  /**
   * An unlisted (private) match's invite code: such a match is never in `list`, and only this code
   * seats a player in it. Stored with the match, so it expires with it. Absent on a listed match.
   */
  readonly invite?: string;
}

/** How a match is created besides its record. */
export interface CreateOptions {
  /** Makes the match unlisted, joinable with this code (protocol/play.ts INVITE_CODE_PATTERN). */
  readonly invite?: string;
}

/** One player's move settled by a write: their new ledger and, when the move applied, its log entry. */
export interface SettledMoveChange {
  readonly player: PlayerId;
  readonly ledger: MoveLedger;
  readonly entry?: MoveLogEntry;
}

/**
 * A change to write: the next match record and, when a move was applied, what that adds. Every such
 * change bumps the version, so it is exclusive under the version condition. (A refusal changes no
 * record: see `settleRefusal`.)
 */
export interface MatchUpdate {
  readonly next: Match;
  readonly settled?: SettledMoveChange;
  readonly now: number;
}

export type UpdateOutcome = 'written' | 'conflict';

/**
 * What the lobby lists of a match: its public record, never its state, seed or ledgers. A store may
 * answer it from an index kept by the lifecycle writes (DynamoDB's ByPhase) rather than the match.
 */
export interface ListedMatch {
  readonly id: string;
  readonly match: Pick<
    Match,
    | 'game'
    | 'status'
    | 'seats'
    | 'players'
    | 'activePlayers'
    | 'left'
    | 'currentPlayer'
    | 'turn'
    | 'version'
    | 'result'
    | 'clock'
  >;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** An unlisted match's invite code: never in a listing, but a summary of one's own match says it is unlisted. */
  readonly invite?: string;
}

/** A place in the lobby's order (newest first, then by id): the last match of the page before. */
export interface ListPosition {
  readonly createdAt: number;
  readonly id: string;
}

export interface ListMatchesQuery {
  readonly game?: string;
  readonly status?: Match['status'];
  readonly limit?: number;
  /** Only matches after this one in the lobby's order: the next page (keyset, not offset). */
  readonly after?: ListPosition;
}

/** Who a change seats: the players of `next` not seated in `previous` (moves seat nobody). */
export const newlySeated = (previous: Match | undefined, next: Match): readonly PlayerId[] =>
  previous === undefined ? next.players : next.players.filter((player) => !previous.players.includes(player));

/** Who a change unseats: the players of `previous` not seated in `next` (a player leaving a waiting match). */
export const newlyUnseated = (previous: Match, next: Match): readonly PlayerId[] =>
  previous.players.filter((player) => !next.players.includes(player));

export interface PlayerMatchesQuery {
  readonly limit?: number;
}

/** A refused move, as its sender's ledger records it (settle-move.ts). */
export interface RefusalChange {
  readonly player: PlayerId;
  /** The sender's ledger with the refusal recorded: `settled` one more than in the record read. */
  readonly ledger: MoveLedger;
}

/**
 * Where matches live. `get` is a strongly consistent read; `update` writes only if the stored version
 * is still `previous.match.version` (optimistic locking), so a redelivered or raced move never
 * applies twice: it answers 'conflict' and changes nothing. The move log is never lost, gapped or
 * duplicated, and reads back in version order, a page at a time.
 */
export interface GameStore {
  get(id: string): Promise<StoredMatch | undefined>;
  /** Creates a match; answers 'conflict' when the id is taken. */
  create(id: string, match: Match, now: number, options?: CreateOptions): Promise<UpdateOutcome>;
  update(previous: StoredMatch, change: MatchUpdate): Promise<UpdateOutcome>;
  /**
   * Records a refused move in its sender's ledger and nothing else: not the version, not the state,
   * not `updatedAt`. Written only if the match is still at `previous.match.version` and the sender's
   * ledger is still as `previous` holds it ('conflict' otherwise): the refusal was judged on that
   * record, and the sender's own frames stay in order. Since it bumps no version, a refusal never
   * makes anyone else's versioned write fail: a player who is not to move cannot make the mover lose
   * a race (README "Exactly once").
   */
  settleRefusal(previous: StoredMatch, refusal: RefusalChange): Promise<UpdateOutcome>;
  /**
   * Listed matches for the lobby (never an unlisted one), newest first (ties by id), at most `limit` of
   * them (each store caps it), after `after` when given: pages stay stable while new matches are
   * created above them. Like any index, it may lag a write by the index's lag (a DynamoDB GSI: about a
   * second).
   */
  list(query: ListMatchesQuery): Promise<readonly ListedMatch[]>;
  /**
   * The matches a user is seated in, most recently seated first (`GET /api/me/matches`). Seating is
   * what indexes a match for its players, so a move pays nothing for this. May lag a join by as
   * long as the store's index does (a DynamoDB GSI: about a second), never by a move.
   */
  listByPlayer(userId: string, query?: PlayerMatchesQuery): Promise<readonly StoredMatch[]>;
  /** A page of the applied moves, oldest first; `undefined` when there is no such match. */
  moveLog(id: string, query?: MoveLogQuery): Promise<MoveLogPage | undefined>;
}
