import type { Match } from '../engine/index.js';
import { type StoredMatch, sameTimer, type TurnTimer } from '../ports/index.js';
import type { HandlerDeps } from './deps.js';
import { describeError } from './log-fields.js';
import { withRetries } from './retry.js';

export type ArmDeps = Pick<HandlerDeps, 'scheduler' | 'logger' | 'clock'>;

/** How long before a deadline a `clock_low` warning goes out: a fifth of the turn's time, within these. */
export const CLOCK_LOW_LEAD = { fraction: 1 / 5, minMs: 5_000, maxMs: 5 * 60_000 } as const;

/**
 * When to warn the player to move that their time runs low: `CLOCK_LOW_LEAD` before the deadline,
 * the turn's time counted from its start (for a chess clock, the bank left). A turn shorter than
 * twice its lead gets no warning (the `your_turn` notice named the deadline moments ago), nor does
 * one whose warning time has passed (a timer armed again late in its turn). Pure.
 */
export function clockLowAt(turnStartedAt: number, deadline: number, now: number): number | undefined {
  const turnMs = deadline - turnStartedAt;
  const { fraction, minMs, maxMs } = CLOCK_LOW_LEAD;
  const lead = Math.min(maxMs, Math.max(minMs, Math.round(turnMs * fraction)));
  const warnAt = deadline - lead;
  return turnMs >= 2 * lead && warnAt > now ? warnAt : undefined;
}

/**
 * The timer a match needs as it stands: its earliest running deadline, named by its turn, with a
 * warning time when the turn is long enough (clockLowAt). None unless it runs with a deadline.
 */
export function timerFor(id: string, match: Match, now: number): TurnTimer | undefined {
  const deadline = match.clock?.deadline ?? null;
  if (match.status !== 'running' || deadline === null) return undefined;
  const turnStartedAt = match.clock?.turnStartedAt ?? null;
  const warnAt = turnStartedAt === null ? undefined : clockLowAt(turnStartedAt, deadline, now);
  return { matchId: id, turn: match.turn, dueAt: deadline, ...(warnAt === undefined ? {} : { warnAt }) };
}

/**
 * BEFORE a write that changes a timed match: arms the deadline the write will start, so no crash or
 * lost answer between the write and what follows it can leave a turn without a timer. Should the
 * write then lose its race, this timer fires into a turn that never came and changes nothing. A
 * failure is logged (`timer.arm_failed`) and the write goes ahead: a move must not wait on the
 * scheduler, and the deadline sweep (sweeps/overdue-timeouts.ts) settles a match whose timer is missing.
 */
export async function armAhead(deps: ArmDeps, id: string, previous: Match, next: Match): Promise<void> {
  const now = deps.clock.now();
  const timer = timerFor(id, next, now);
  if (timer === undefined || sameTimer(timer, timerFor(id, previous, now))) return;
  await arm(deps, timer);
}

/**
 * AFTER the write: the timer of the record it replaced is disarmed (the new one was armed ahead, and is
 * armed again if its deadline passed before the write landed), and a finished match keeps none. Best
 * effort, never throws: a timer left armed fires into nothing.
 * Without `previous` (a settlement finishing an earlier one's work, which cannot know the record
 * before) the match's own timer is armed again instead, which is idempotent.
 */
export async function settleTimers(deps: ArmDeps, written: StoredMatch, previous?: Match): Promise<void> {
  const { scheduler } = deps;
  if (written.match.clock === undefined || scheduler === undefined) return;
  const now = deps.clock.now();
  const current = timerFor(written.id, written.match, now);
  // A write that landed after its own deadline (slower than the turn: a loaded machine, a short turn):
  // the timer armed ahead of it may have fired into the record before it, found nothing due there and
  // changed nothing, leaving the turn to the deadline sweep, a minute later. Armed again, it fires
  // now; should the first one have settled the turn after all, this one finds it gone.
  if (previous === undefined || (current !== undefined && current.dueAt <= now)) {
    await armTurnTimer(deps, written);
    if (previous === undefined) return;
  }
  const replaced = timerFor(written.id, previous, now);
  if (replaced === undefined || sameTimer(replaced, current)) return;
  try {
    await withRetries(() => scheduler.cancel(replaced));
  } catch (error) {
    deps.logger.warn('timer.cancel_failed', { matchId: written.id, turn: replaced.turn, error: describeError(error) });
  }
}

/**
 * Arms the timer the match needs as it stands (a timer that fired early, a late move that met
 * `time_up`, a settlement finishing another's work). Idempotent; never throws.
 */
export async function armTurnTimer(deps: ArmDeps, stored: Pick<StoredMatch, 'id' | 'match'>): Promise<void> {
  const timer = timerFor(stored.id, stored.match, deps.clock.now());
  if (timer !== undefined) await arm(deps, timer);
}

async function arm(deps: ArmDeps, timer: TurnTimer): Promise<void> {
  const { scheduler } = deps;
  if (scheduler === undefined) {
    deps.logger.warn('timer.no_scheduler', { matchId: timer.matchId, turn: timer.turn });
    return;
  }
  try {
    await withRetries(() => scheduler.schedule(timer));
  } catch (error) {
    deps.logger.error('timer.arm_failed', { matchId: timer.matchId, turn: timer.turn, error: describeError(error) });
  }
}
