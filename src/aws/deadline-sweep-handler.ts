import { type SweepOutcome, settleOverdue } from '../handlers/index.js';
import type { OverdueDeps } from '../handlers/overdue-timeouts.js';
import { jsonLogger } from '../ports/logger.js';

/** A run takes no new work after this long: well inside the minute between runs and the function's 60 s. */
const RUN_BUDGET_MS = 40_000;

/**
 * The deadline sweep as a Lambda function, invoked every minute by an EventBridge rule
 * (infra/turn-timers.ts); the event carries nothing it needs. Matches whose settling failed are
 * logged (`sweep.timeout_failed`) and looked at again next minute; the run itself throws only when
 * it could not read the index, which the function's Errors alarm sees.
 */
export function createDeadlineSweepHandler(deps: () => OverdueDeps) {
  const logger = jsonLogger();
  return async (_event?: unknown): Promise<SweepOutcome> => {
    const shared = deps();
    const now = shared.clock.now();
    const outcome = await settleOverdue(shared, { now, deadline: now + RUN_BUDGET_MS });
    if (outcome.changed > 0) logger.warn('sweep.done', { ...outcome });
    return outcome;
  };
}
