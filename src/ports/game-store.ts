import type { Match, PlayerId } from '../engine/index.js';

/** One applied move, as the inspector and the lobby API show it. */
export interface MoveLogEntry {
  /** The match version this move produced. */
  readonly version: number;
  readonly player: PlayerId;
  readonly moveId: string;
  readonly move: string;
  readonly args: unknown;
  /** Epoch milliseconds when the move was applied. */
  readonly at: number;
}

/** A match as stored: the engine's record plus what the server keeps beside it. */
export interface StoredMatch {
  /** The GameSessionId. */
  readonly id: string;
  readonly match: Match;
  /** Recently applied move keys (`appliedMoveKey`), newest last, at most REMEMBERED_MOVE_IDS. */
  readonly appliedMoves: readonly string[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A change to write: the next match record and, for a move, the move that produced it. */
export interface MatchUpdate {
  readonly next: Match;
  readonly appliedMove?: { readonly key: string; readonly entry: MoveLogEntry };
  readonly now: number;
}

export type UpdateOutcome = 'written' | 'conflict';

export interface ListMatchesQuery {
  readonly game?: string;
  readonly status?: Match['status'];
  readonly limit?: number;
}

/**
 * Where matches live. `get` is a strongly consistent read; `update` writes only if the stored version
 * is still `previous.match.version` (optimistic locking), so a redelivered or raced move never
 * applies twice: it answers 'conflict' and changes nothing.
 */
export interface GameStore {
  get(id: string): Promise<StoredMatch | undefined>;
  /** Creates a match; answers 'conflict' when the id is taken. */
  create(id: string, match: Match, now: number): Promise<UpdateOutcome>;
  update(previous: StoredMatch, change: MatchUpdate): Promise<UpdateOutcome>;
  /** Matches for the lobby, newest first. */
  list(query: ListMatchesQuery): Promise<readonly StoredMatch[]>;
  /** The applied moves of a match, oldest first. */
  moveLog(id: string): Promise<readonly MoveLogEntry[]>;
}
