/** The Lambda handlers, one factory each: a composition root builds HandlerDeps and calls these. */
export { createAuthorizerHandler, tokenOf } from './authorizer.js';
export { createConnectHandler } from './connect.js';
export { createDefaultHandler } from './default.js';
export {
  type DevSignIn,
  type GameRegistry,
  gameRegistry,
  type HandlerDeps,
  ORDERING_MODES,
  type OrderingMode,
} from './deps.js';
export { createDisconnectHandler } from './disconnect.js';
export type { AuthorizerContext, WebSocketEvent, WebSocketRequestContext } from './events.js';
export { createHttpHandler } from './http.js';
export { createMoveHandler } from './move.js';
export { SWEEP_GRACE_MS, settleOverdue } from './overdue-timeouts.js';
export { createQueueHandler } from './queue.js';
export { type RatingDeps, rateFinishedMatch } from './ratings.js';
export { createSweeperHandler, runSweeps, type SweepReport, sweeperDeps } from './sweeper.js';
export { SWEEPS, type Sweep, type SweeperDeps } from './sweeps/index.js';
export type { SweepOutcome, SweepRun } from './sweeps/sweep.js';
export { createSyncHandler } from './sync.js';
export { fireTurnTimer, type TimerDeps, whenDue } from './turn-timeout.js';
