import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { LocalFunctions } from '../../src/local/integrations.js';
import { CostCounter, type InstrumentableClient, type Service } from '../cost/counter.js';

/**
 * Puts the cost counter on the aws-local wiring. Its SDK clients are created inside the wiring (and the
 * fan-out creates its Management API client per endpoint), so each client class's `send` is wrapped to
 * add the counting middleware to every instance on its first request; the handlers and adapters run
 * unchanged. Function invocations are counted through startLocalServer's `instrument` hook.
 */
type Send = (this: InstrumentableClient, ...args: unknown[]) => Promise<unknown>;

function countEveryClient(klass: { prototype: object }, service: Service, counter: CostCounter): void {
  const prototype = klass.prototype as { send: Send };
  const original = prototype.send;
  const counted = new WeakSet<object>();
  prototype.send = function send(this: InstrumentableClient, ...args: unknown[]) {
    if (!counted.has(this)) {
      counted.add(this);
      counter.instrument(this, service);
    }
    return original.apply(this, args);
  };
}

export function countingAwsLocal(gamesTable: string): {
  counter: CostCounter;
  instrument: (functions: LocalFunctions) => LocalFunctions;
} {
  const counter = new CostCounter();
  counter.watchTable(gamesTable);
  countEveryClient(DynamoDBClient, 'DynamoDB', counter);
  countEveryClient(SQSClient, 'SQS', counter);
  countEveryClient(ApiGatewayManagementApiClient, 'ApiGatewayManagementApi', counter);

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
  return { counter, instrument };
}
