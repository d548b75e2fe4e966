import * as z from 'zod';

/**
 * One turn's deadline. A match has at most one armed timer: the one for its current turn. When it
 * fires, a timeout enters the match's own order (the FIFO group, or the direct mode's conditional
 * write) and applies only if the match is still running at `turn`; a timer that fires late, twice,
 * after a restart, or after the game moved on changes nothing. That is what makes an at-least-once
 * scheduler (EventBridge Scheduler, a SQLite table) safe to use.
 */
export const turnTimerSchema = z.strictObject({
  matchId: z.string().min(1).max(128),
  /** `Match.turn` when the turn started (it counts accepted moves, so refusals do not re-arm it). */
  turn: z.number().int().nonnegative(),
  /** When the turn's time runs out, epoch milliseconds. */
  dueAt: z.number().int().nonnegative(),
  /**
   * When to warn the player to move that their clock is low (a `clock_low` notice), before `dueAt`.
   * A scheduler that can fires the same timer twice: at `warnAt` with `kind: 'clock_low'`, then at
   * `dueAt` as the deadline. One that cannot ignores it: a notice is best effort, the deadline is not.
   */
  warnAt: z.number().int().nonnegative().optional(),
  /**
   * `clock_low`: set by the scheduler on the warning's firing only; absent on arming and on the
   * deadline's firing (so a timer armed before warnings existed still reads as a deadline).
   * `bot`: not a deadline but a bot's turn to be played (`direct` mode: a chain of bot moves longer
   * than one invocation may play goes on from here); armed due at once, it replaces the turn's timer,
   * and settling it arms the deadline of whatever turn follows.
   */
  kind: z.enum(['clock_low', 'bot']).optional(),
});

export type TurnTimer = z.infer<typeof turnTimerSchema>;

/** Arms turn deadlines; whoever fires them calls the turn-timeout handler with the same `TurnTimer`. */
export interface Scheduler {
  /**
   * Arms the match's timer, replacing the one armed for an earlier or the same turn. Idempotent. A
   * timer for an earlier turn than the one armed changes nothing: two arms of one match can race
   * (direct mode), and the older must not replace the newer. (An adapter that cannot compare, keying
   * its schedules by match and turn instead, is fine too: a stale timer changes nothing when it fires.)
   */
  schedule(timer: TurnTimer): Promise<void>;
  /**
   * Best effort: a timer that still fires after a cancel changes nothing (see above). `turn`, when
   * the caller knows it, names the timer: an adapter that cannot find a match's timers by its id
   * alone (EventBridge Scheduler: listing schedules takes an account-wide permission) needs it, and
   * without it leaves the timer to fire into nothing.
   */
  cancel(matchId: string, turn?: number): Promise<void>;
  /**
   * A timer's warning has fired: arm its deadline. Only for an adapter whose schedules fire once and
   * are gone (EventBridge Scheduler), so the warning's schedule cannot also be the deadline's; one
   * that keeps the timer until its deadline (the local SQLite loop) has nothing to do and omits it.
   * Throws when the deadline could not be armed: the warning is then fired again, never the deadline lost.
   */
  warned?(timer: TurnTimer): Promise<void>;
}
