import * as z from 'zod';

/**
 * One turn's deadline: the match's earliest running deadline as of `turn`. When it fires, a timeout
 * enters the match's own order (the FIFO group, or the direct mode's conditional write) and times out
 * whoever's own deadline has passed by then, whatever timer fired; a timer that fires early, late,
 * twice, after a restart, or after the game moved on changes nothing. That is what makes an
 * at-least-once scheduler (EventBridge Scheduler, a SQLite table) safe to use, and what lets the next
 * deadline be armed BEFORE the write that starts its turn (arm-turn-timer.ts): should that write lose
 * its race, the timer it armed fires into a turn that never came, which is harmless.
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

/** Two timers are the same timer when they name the same match, turn and deadline. */
export const sameTimer = (a: TurnTimer | undefined, b: TurnTimer | undefined): boolean =>
  a !== undefined && b !== undefined && a.matchId === b.matchId && a.turn === b.turn && a.dueAt === b.dueAt;

/**
 * Arms turn deadlines; whoever fires them calls the turn-timeout handler with the same `TurnTimer`.
 * A timer is known by its match, turn and deadline (`sameTimer`): one match may have a few armed at
 * once (the one armed ahead of a write, the one that write replaces until it is disarmed, one armed
 * by a write that lost its race), and each is disarmed by naming it.
 */
export interface Scheduler {
  /**
   * Arms `timer`, leaving the match's other timers alone. Idempotent: arming the same timer twice arms
   * it once.
   */
  schedule(timer: TurnTimer): Promise<void>;
  /**
   * Disarms that timer (and its warning). Best effort: a timer that still fires after a cancel, or one
   * never disarmed, changes nothing (see above).
   */
  cancel(timer: TurnTimer): Promise<void>;
  /**
   * A timer's warning has fired: arm its deadline. Only for an adapter whose schedules fire once and
   * are gone (EventBridge Scheduler), so the warning's schedule cannot also be the deadline's; one
   * that keeps the timer until its deadline (the local SQLite loop) has nothing to do and omits it.
   * Throws when the deadline could not be armed: the warning is then fired again, never the deadline lost.
   */
  warned?(timer: TurnTimer): Promise<void>;
}
