import { timerFor } from './arm-turn-timer.js';
import type { HandlerDeps } from './deps.js';
import { describeError } from './log-fields.js';
import type { SweepOutcome, SweepRun } from './sweeps/sweep.js';
import { fireTurnTimer, type TimerDeps } from './turn-timeout.js';

/**
 * How long past its deadline a match must be before the sweep settles it: a timer fires within the
 * deadline's minute on AWS and then waits out the rest (turn-timer-handler.ts), so one that works
 * has settled the turn well before this; the sweep then only meets turns whose timer did not.
 */
export const SWEEP_GRACE_MS = 90_000;

/** Matches read and handled at a time. */
const PAGE = 25;

export type OverdueDeps = TimerDeps & Pick<HandlerDeps, 'deadlines'>;

/**
 * The deadline sweep, once a minute: every running match whose earliest deadline passed more than
 * SWEEP_GRACE_MS ago has lost its timer (never armed, deleted, or fired into a failure that Lambda
 * gave up on), so its timeout is fired here, exactly as the timer would have (fireTurnTimer: queued
 * in the match's FIFO group in `fifo` mode, settled in `direct` mode), and the match ends on time
 * give or take the sweep's minute and grace. It finds them through the stores' deadline index
 * (ports/deadlines.ts), never by scanning; a match the index offers that is not overdue is deferred
 * to its real deadline. Everything here is safe to do twice: runs may overlap, a fire may repeat.
 * One match's failure is logged (`sweep.timeout_failed`) and the others are still handled.
 */
export async function settleOverdue(deps: OverdueDeps, run: SweepRun): Promise<SweepOutcome> {
  const { deadlines } = deps;
  if (deadlines === undefined) return { looked: 0, changed: 0 };
  let looked = 0;
  let changed = 0;
  const handled = new Set<string>();
  while (deps.clock.now() < run.deadline) {
    const ids = (await deadlines.overdue(run.now - SWEEP_GRACE_MS, PAGE)).filter((id) => !handled.has(id));
    if (ids.length === 0) break;
    for (const id of ids) {
      handled.add(id);
      const stored = await deps.matches.get(id);
      if (stored === undefined) continue;
      looked += 1;
      const timer = timerFor(id, stored.match, run.now);
      if (timer === undefined || timer.dueAt > run.now - SWEEP_GRACE_MS) {
        await deadlines.defer(stored);
        continue;
      }
      // A timer should have settled this: it is lost, and worth an alarm (docs/deploy.md).
      deps.logger.warn('sweep.overdue_timeout', { matchId: id, turn: timer.turn, lateMs: run.now - timer.dueAt });
      try {
        await fireTurnTimer(deps, timer);
        changed += 1;
      } catch (error) {
        deps.logger.error('sweep.timeout_failed', { matchId: id, error: describeError(error) });
      }
      if (deps.clock.now() >= run.deadline) break;
    }
  }
  return { looked, changed };
}
