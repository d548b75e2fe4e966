import type { Match } from '../engine/index.js';
import type { StoredMatch } from './game-store.js';

/**
 * Where the deadline sweep (src/handlers/overdue-timeouts.ts) finds running matches whose deadline may
 * have passed without their timer settling it: a timer lost, a scheduler down, a fire that failed for
 * good. Kept by the stores' own writes, never by a scan. Every answer is a hint: the sweep reads each
 * match and decides from the record.
 *
 * A store may keep an exact deadline per match (SQLite: a column every write sets) or, where every
 * change of an index costs a write (DynamoDB), a bound that is never LATER than the match's real
 * earliest deadline: a move that starts a later deadline leaves it as it was, and the sweep, finding
 * such a match not due yet, moves the bound up to the real deadline (`defer`). So a match is never
 * missed, and a match in play costs the index one write per sweep that looks at it, not one per move.
 */
export interface DeadlineIndex {
  /** Ids of running matches whose deadline may have passed by `before` (epoch ms), at most `limit`. */
  overdue(before: number, limit: number): Promise<readonly string[]>;
  /**
   * The sweep read `stored` and found it not due by then: look at it again once its real deadline has
   * passed, or never when it has none (over, or no clock runs). Written only while the match is still
   * at the version read; a lost race changes nothing (the next sweep looks again). Idempotent.
   */
  defer(stored: StoredMatch): Promise<void>;
}

/** When a match's next timeout is due, as every deadline index reads it: only a running match has one. */
export const dueDeadline = (match: Match): number | null =>
  match.status === 'running' ? (match.clock?.deadline ?? null) : null;
