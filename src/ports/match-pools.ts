/**
 * The quick-match pools (src/handlers/matchmaking.ts): for each pool of compatible requests (one
 * game, seat count and time control) at most one open match, the one new players are seated in.
 */
export interface MatchPools {
  /** The pool's open match, read consistently; `undefined` when it has none. */
  open(pool: string): Promise<string | undefined>;
  /**
   * Names `next` (or nothing) as the pool's open match, but only if it still names `expected`
   * (`undefined`: none): a compare-and-swap, so two players can never open two matches of one pool.
   */
  swap(
    pool: string,
    expected: string | undefined,
    next: string | undefined,
    now: number,
  ): Promise<'written' | 'conflict'>;
}
