/**
 * Ratings per game and player, and the record that a finished match has been rated. Expected
 * outcomes are values; a store that cannot be reached throws a StoreError.
 */

/** One player's rating in one game, as stored (Weng-Lin: `mu`, `sigma`). */
export interface StoredRating {
  readonly userId: string;
  readonly game: string;
  readonly mu: number;
  readonly sigma: number;
  /** The conservative estimate `mu - 3 sigma`: what the leaderboard sorts by. */
  readonly rating: number;
  /** Rated matches so far. */
  readonly matches: number;
  /** +1 per change: `record` writes only on the version it read (0: no rating stored yet). */
  readonly version: number;
  /** The latest match that changed this rating, and by how much `rating` moved. */
  readonly last?: { readonly matchId: string; readonly change: number };
}

/** A player's new rating from one match, to be written only if their stored version is still `previousVersion`. */
export interface RatingChange {
  readonly userId: string;
  readonly mu: number;
  readonly sigma: number;
  readonly rating: number;
  readonly matches: number;
  /** The version read (0 when the player had no rating yet). */
  readonly previousVersion: number;
  /** How far `rating` moved. */
  readonly change: number;
}

/**
 * 'written': the match is now rated and every change is stored, together. 'already_rated': the match
 * was rated before (or is gone), and nothing was written. 'conflict': a player's rating moved since
 * it was read (another match of theirs was rated meanwhile): read again and recompute.
 */
export type RatingOutcome = 'written' | 'already_rated' | 'conflict';

/** A place in the leaderboard's order (highest rating first, then by user id): the last row of the page before. */
export interface LeaderboardPosition {
  readonly rating: number;
  readonly userId: string;
}

export interface LeaderboardQuery {
  readonly limit: number;
  readonly after?: LeaderboardPosition;
}

export interface RatingStore {
  /** The stored ratings of these players in `game` (a consistent read); a player never rated is absent. */
  ratings(game: string, userIds: readonly string[]): Promise<ReadonlyMap<string, StoredRating>>;
  /**
   * Records `matchId` as rated and writes every change, all or nothing: the one step that makes a
   * match count exactly once, however often and however concurrently it is called.
   */
  record(matchId: string, game: string, changes: readonly RatingChange[], now: number): Promise<RatingOutcome>;
  /** Has `matchId` been rated? */
  isRated(matchId: string): Promise<boolean>;
  /** Every game's rating of one player. */
  playerRatings(userId: string): Promise<readonly StoredRating[]>;
  /** One page of a game's leaderboard, highest rating first; ties by user id. */
  leaderboard(game: string, query: LeaderboardQuery): Promise<readonly StoredRating[]>;
}
