import { abandonIdle } from './abandon-idle.js';
import { abandonWaiting } from './abandon-waiting.js';
import { purgeFinished } from './purge-finished.js';
import type { Sweep } from './sweep.js';

export type { Sweep, SweeperDeps, SweepOutcome, SweepRun } from './sweep.js';

/**
 * The sweeper's jobs, run in this order once a minute (src/handlers/sweeper.ts): on AWS by one
 * function on an EventBridge schedule, locally by a loop in the runtime. Adding a job is this list
 * plus the job's own file beside it (see sweep.ts for what a job must promise): no wiring, schedule
 * or stack changes, and the function's grants already cover what settling a match needs.
 *
 * Ending idle matches comes before deleting finished ones, so a match a move finished is remembered
 * as ended before the deletion looks.
 */
export const SWEEPS: readonly Sweep[] = [abandonWaiting, abandonIdle, purgeFinished];
