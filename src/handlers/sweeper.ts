import type { HandlerDeps } from './deps.js';
import { describeError } from './log-fields.js';
import { SWEEPS, type Sweep, type SweeperDeps, type SweepOutcome } from './sweeps/index.js';

/**
 * How long one run may keep taking work: well inside the minute between runs and the function's
 * timeout (infra/sweeper.ts), so runs rarely overlap (an overlap is harmless, only wasteful).
 */
export const SWEEP_BUDGET_MS = 40_000;

export interface SweepReport extends Partial<SweepOutcome> {
  readonly sweep: string;
  readonly failed?: true;
}

/**
 * Runs every sweep once, in order, each until it has nothing left or the run's budget is spent. A
 * sweep that throws is logged (`sweep.failed`) and the next one still runs.
 */
export async function runSweeps(deps: SweeperDeps, sweeps: readonly Sweep[] = SWEEPS): Promise<SweepReport[]> {
  const deadline = deps.clock.now() + SWEEP_BUDGET_MS;
  const reports: SweepReport[] = [];
  for (const sweep of sweeps) {
    try {
      const outcome = await sweep.run(deps, { now: deps.clock.now(), deadline });
      if (outcome.looked > 0) deps.logger.info('sweep.done', { sweep: sweep.name, ...outcome });
      reports.push({ sweep: sweep.name, ...outcome });
    } catch (error) {
      deps.logger.error('sweep.failed', { sweep: sweep.name, error: describeError(error) });
      reports.push({ sweep: sweep.name, failed: true });
    }
  }
  return reports;
}

/** What a composition root hands the sweeper: its ports, the retention store and policy perhaps absent. */
type SweeperRootDeps = Omit<SweeperDeps, 'retention' | 'retentionPolicy'> &
  Pick<HandlerDeps, 'retention' | 'retentionPolicy'>;

/** The sweeper's deps from a composition root's, which must carry the retention store and policy. */
export function sweeperDeps(deps: SweeperRootDeps): SweeperDeps {
  const { retention, retentionPolicy } = deps;
  if (retention === undefined || retentionPolicy === undefined) {
    throw new Error('the sweeper needs a retention store and policy (HandlerDeps.retention, retentionPolicy)');
  }
  return { ...deps, retention, retentionPolicy };
}

/**
 * The sweeper as a Lambda function, invoked by an EventBridge schedule every minute (infra/sweeper.ts).
 * The event carries nothing it needs. A failed sweep fails the invocation, after the others ran, so
 * the function's Errors alarm sees it; the next minute's run is the retry.
 */
export function createSweeperHandler(deps: SweeperRootDeps) {
  const sweeper = sweeperDeps(deps);
  return async (_event?: unknown): Promise<SweepReport[]> => {
    const reports = await runSweeps(sweeper);
    const failed = reports.filter((report) => report.failed).map((report) => report.sweep);
    if (failed.length > 0) throw new Error(`sweeps failed: ${failed.join(', ')} (see sweep.failed)`);
    return reports;
  };
}
