import type { AnyGame } from '../engine/index.js';
import {
  createAuthorizerHandler,
  createConnectHandler,
  createDefaultHandler,
  createDisconnectHandler,
  createHttpHandler,
  createMoveHandler,
  createQueueHandler,
  createSweeperHandler,
  createSyncHandler,
  type HandlerDeps,
} from '../handlers/index.js';
import { createDeadlineSweepHandler } from './deadline-sweep-handler.js';
import { createNotifyHandler } from './notify-handler.js';
import { createTurnTimerHandler } from './turn-timer-handler.js';
import { type AwsWiringOptions, createAwsDeps } from './wiring.js';

export interface LambdaHandlersOptions extends AwsWiringOptions {
  /** The games to serve, each made by `defineGame`. */
  readonly games: readonly AnyGame[];
}

/**
 * Every Lambda entry point, serving the developer's games: export them from one module and point each
 * function's handler at its name (`index.move`, `index.queue`, …).
 *
 * The deps (SDK clients, environment variables) are built on the first invocation of any of them,
 * then shared for the container's life, so importing the module outside Lambda (a test, a bundler's
 * analysis) reads no environment and creates no client.
 */
export function createLambdaHandlers(options: LambdaHandlersOptions) {
  let deps: HandlerDeps | undefined;
  const shared = (): HandlerDeps => {
    deps ??= createAwsDeps(options);
    return deps;
  };
  return {
    authorizer: lazy(() => createAuthorizerHandler(shared())),
    connect: lazy(() => createConnectHandler(shared())),
    disconnect: lazy(() => createDisconnectHandler(shared())),
    move: lazy(() => createMoveHandler(shared())),
    sync: lazy(() => createSyncHandler(shared())),
    default: lazy(() => createDefaultHandler(shared())),
    queue: lazy(() => createQueueHandler(shared())),
    http: lazy(() => createHttpHandler(shared())),
    /** With turn timers (CDK context `turnTimers`): the function EventBridge Scheduler invokes. */
    'turn-timer': createTurnTimerHandler(shared),
    /** With turn timers: the deadline sweep an EventBridge rule invokes every minute. */
    'deadline-sweep': createDeadlineSweepHandler(shared),
    /** The retention sweeps, every minute (infra/sweeper.ts). */
    sweeper: lazy(() => createSweeperHandler(shared())),
    /** With notices (CDK context `noticeWebhookUrl`): the notice queue's consumer; needs no games. */
    notify: lazy(() => createNotifyHandler()),
  };
}

export type LambdaHandlers = ReturnType<typeof createLambdaHandlers>;

function lazy<A extends unknown[], R>(make: () => (...args: A) => R): (...args: A) => R {
  let handler: ((...args: A) => R) | undefined;
  return (...args) => {
    handler ??= make();
    return handler(...args);
  };
}
