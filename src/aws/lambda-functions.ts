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
} from '../handlers/index.js';
import { createDeadlineSweepHandler } from './deadline-sweep-handler.js';
import { mapStackTracesLazily } from './lazy-source-maps.js';
import { createNotifyHandler } from './notify-handler.js';
import { createTurnTimerHandler } from './turn-timer-handler.js';
import {
  type AwsSetting,
  type AwsWiringOptions,
  connectionStore,
  fanoutPort,
  matchPools,
  matchStores,
  moveQueuePort,
  noticePort,
  ratingStore,
  schedulerPort,
  awsSetting as settingOf,
  settingPorts,
  sweepStores,
  tokenPort,
} from './wiring.js';

/*
 * One composition root per Lambda function: each builds only the ports its handler uses (what its
 * role is granted, infra/handler-access.ts HANDLER_ACCESS), so its bundle holds only those adapters and
 * SDK clients, and its cold start creates nothing else. Each handler's parameter type names the ports
 * it needs, so the compiler checks every root against its handler. One export per function: a
 * bundle of one of them drops the rest. The deps are built when the function is made, at cold start
 * (Lambda's init), except for the timers', built on their first event. The authorizer, `$disconnect`,
 * `$default` and the notice consumer serve no game: they take none, so their bundles hold none.
 */

/** The setting of a Lambda function, whose stack traces are mapped to the sources on the first error. */
function awsSetting(options: AwsWiringOptions): AwsSetting {
  mapStackTracesLazily();
  return settingOf(options);
}

/** The `settle-and-announce.ts` ports: whoever settles a move or a timeout. */
const settling = (s: AwsSetting) => ({
  ...settingPorts(s),
  ...matchStores(s),
  ...fanoutPort(s),
  ...ratingStore(s),
  ...noticePort(s),
  ...schedulerPort(s),
  ...moveQueuePort(s),
});

/** What a function that serves no game takes: the wiring's options, without games. */
export type GamelessOptions = Omit<AwsWiringOptions, 'games'>;
const gameless = (options: GamelessOptions): AwsWiringOptions => ({ ...options, games: [] });

export const authorizerFunction = (options: GamelessOptions = {}) => {
  const s = awsSetting(gameless(options));
  return createAuthorizerHandler({ ...tokenPort(s), logger: s.logger });
};

export const connectFunction = (options: AwsWiringOptions) => {
  const s = awsSetting(options);
  return createConnectHandler({ ...settingPorts(s), ...matchStores(s) });
};

export const disconnectFunction = (options: GamelessOptions = {}) => {
  const s = awsSetting(gameless(options));
  return createDisconnectHandler({ ...settingPorts(s), ...connectionStore(s) });
};

export const defaultFunction = (options: GamelessOptions = {}) => {
  const s = awsSetting(gameless(options));
  return createDefaultHandler({ ...settingPorts(s), ...connectionStore(s), ...fanoutPort(s) });
};

export const moveFunction = (options: AwsWiringOptions) => createMoveHandler(settling(awsSetting(options)));

export const syncFunction = (options: AwsWiringOptions) => {
  const s = awsSetting(options);
  return createSyncHandler({
    ...settingPorts(s),
    ...matchStores(s),
    ...fanoutPort(s),
    ...moveQueuePort(s),
    ...schedulerPort(s),
  });
};

export const queueFunction = (options: AwsWiringOptions) => createQueueHandler(settling(awsSetting(options)));

export const httpFunction = (options: AwsWiringOptions) => {
  const s = awsSetting(options);
  return createHttpHandler({ ...settling(s), ...tokenPort(s), ...matchPools(s) });
};

/** The retention sweeps, every minute (infra/sweeper.ts). */
export const sweeperFunction = (options: AwsWiringOptions) => {
  const s = awsSetting(options);
  return createSweeperHandler({ ...settling(s), ...sweepStores(s) });
};

/** With turn timers: the function EventBridge Scheduler invokes; its deps are built on the first timer. */
export const turnTimerFunction = (options: AwsWiringOptions) => {
  mapStackTracesLazily();
  return createTurnTimerHandler(once(() => settling(awsSetting(options))));
};

/** With turn timers: the deadline sweep an EventBridge rule invokes every minute; deps on its first run. */
export const deadlineSweepFunction = (options: AwsWiringOptions) => {
  mapStackTracesLazily();
  return createDeadlineSweepHandler(
    once(() => {
      const s = awsSetting(options);
      return { ...settling(s), ...sweepStores(s) };
    }),
  );
};

/** With notices: the notice queue's consumer, which needs no games and no deps (notify-handler.ts). */
export const notifyFunction = (_options: GamelessOptions = {}) => {
  mapStackTracesLazily();
  return createNotifyHandler();
};

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
