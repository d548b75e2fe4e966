/**
 * The quick-match pools (src/handlers/matchmaking.ts): for each pool of compatible requests (one
 * game, seat count and time control) a queue of the players who asked, in the order they asked.
 * Position `base + i` holds `players[i]`; positions only grow. The players at positions
 * `g × seats … (g + 1) × seats − 1` make up table `g` of the pool's `epoch`.
 */
export interface PoolQueue {
  /** Fixed when the pool is first used: tables of a pool that expired and came back get other ids. */
  readonly epoch: string;
  /** The position of `players[0]`: how many players were trimmed off the front so far. */
  readonly base: number;
  readonly players: readonly string[];
}

export interface Enqueued {
  readonly queue: PoolQueue;
  /** False when the queue was full: the player is not in it. */
  readonly queued: boolean;
}

export interface MatchPools {
  /**
   * Appends the player to the pool's queue unless they are in it already, and answers the queue as
   * it stands after that, in one atomic write: the player's place is durable once this returns.
   * When the queue already holds `limit` other players nothing is written, and `queued` is false.
   */
  enqueue(pool: string, userId: string, limit: number, now: number): Promise<Enqueued>;
  /** Drops the first `count` players (tables that have started), only if the queue still starts at `base`. */
  trim(pool: string, base: number, count: number, now: number): Promise<'written' | 'conflict'>;
}
