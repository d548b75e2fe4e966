import type { LocalFunctions } from '../../src/local/integrations.js';
import type { AwsClientHook } from '../../src/local/wiring-aws-local.js';
import { CostCounter, type InstrumentableClient } from '../cost/counter.js';

/**
 * Puts the cost counter on the aws-local wiring: `onAwsClient` adds the counting middleware to every SDK
 * client the wiring creates (including the fan-out's Management API client per endpoint), and
 * `instrument` counts function invocations and inbound frames; the handlers and adapters run unchanged.
 */
export function countingAwsLocal(gamesTable: string): {
  counter: CostCounter;
  onAwsClient: AwsClientHook;
  instrument: (functions: LocalFunctions) => LocalFunctions;
} {
  const counter = new CostCounter();
  counter.watchTable(gamesTable);
  // The SDK's middleware stack is heavily overloaded; the counter types only the one overload it uses.
  const onAwsClient: AwsClientHook = (client, service) =>
    counter.instrument(client as unknown as InstrumentableClient, service);

  const wrap =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      counter.invoke(name, () => fn(...args));

  const instrument = (functions: LocalFunctions): LocalFunctions => {
    const { gateway } = functions;
    const routes = Object.fromEntries(
      Object.entries(gateway.routes).map(([route, handler]) => [
        route,
        wrap(route, (event: Parameters<typeof handler>[0]) => {
          // Every frame a client sends is one inbound message (per 32 KB), whatever route it takes.
          counter.messageIn(route, Buffer.byteLength(event.body ?? ''));
          return handler(event);
        }),
      ]),
    ) as unknown as LocalFunctions['gateway']['routes'];
    return {
      gateway: {
        authorizer: wrap('authorizer', gateway.authorizer),
        connect: wrap('connect', gateway.connect),
        disconnect: wrap('disconnect', gateway.disconnect),
        routes,
      },
      queue: wrap('queue', functions.queue),
      http: wrap('http', functions.http),
    };
  };
  return { counter, onAwsClient, instrument };
}
