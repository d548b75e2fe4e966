import type { CostCounters } from '../ipc.js';
import { PRICES } from './prices.js';

/**
 * Counts what the aws-local wiring asks of AWS, as AWS would bill it: every SDK request by service and
 * operation, DynamoDB's consumed capacity (requested with ReturnConsumedCapacity where the caller did
 * not), API Gateway messages in 32 KB units, and handler invocations. It is SDK middleware on the
 * clients the runner injects into src/aws/wiring.ts, so the adapters under test are not touched.
 */
type Input = Record<string, unknown>;
interface HandlerArgs {
  input: Input;
}
interface HandlerResult {
  output: Record<string, unknown>;
}
type Handler = (args: HandlerArgs) => Promise<HandlerResult>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;

/** The part of an SDK v3 client the counter needs; every generated client has it. */
export interface InstrumentableClient {
  readonly middlewareStack: { add(middleware: Middleware, options: { step: 'initialize'; name: string }): void };
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

interface Capacity {
  readonly CapacityUnits?: number;
  readonly ReadCapacityUnits?: number;
  readonly WriteCapacityUnits?: number;
}

const encoder = new TextEncoder();
const bytesOf = (data: unknown): number => {
  if (typeof data === 'string') return encoder.encode(data).length;
  if (data instanceof Uint8Array) return data.byteLength;
  return 0;
};

export interface CostCounter {
  instrument(client: InstrumentableClient, service: 'DynamoDB' | 'SQS' | 'ApiGatewayManagementApi'): void;
  /** Counts one client frame into the WebSocket API (the gateway sees it; no SDK call does). */
  messageIn(bytes: number): void;
  invoked(handler: string, ms: number): void;
  /** Writes to this table count towards bytes written per move. */
  watchTable(tableName: string): void;
  /** Called for every write to a watched table, with the request's expression bytes and its WRU. */
  onGameWrite?: (write: { operation: string; requestBytes: number; writeUnits: number; key: unknown }) => void;
  snapshot(): CostCounters;
  reset(): void;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const empty = (): Mutable<CostCounters> & {
  requests: Record<string, number>;
  lambdaInvocations: Record<string, number>;
} => ({
  requests: {},
  dynamoWriteUnits: 0,
  dynamoReadUnits: 0,
  gameBytesWritten: 0,
  gameWrites: 0,
  messagesIn: 0,
  messagesOut: 0,
  lambdaInvocations: {},
  lambdaMs: 0,
});

/** The bytes an UpdateItem/PutItem asks DynamoDB to write: its expressions and values, as sent. */
export function writeRequestBytes(input: Input): number {
  const parts = [input.Item, input.UpdateExpression, input.ExpressionAttributeNames, input.ExpressionAttributeValues];
  return parts.reduce<number>((sum, part) => sum + (part === undefined ? 0 : bytesOf(JSON.stringify(part))), 0);
}

export function createCostCounter(): CostCounter {
  let counts = empty();
  const watched = new Set<string>();
  const units = (size: number, unit: number) => Math.max(1, Math.ceil(size / unit));

  const counter: CostCounter = {
    instrument(client, service) {
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
          const key = `${service}.${operation}`;
          counts.requests[key] = (counts.requests[key] ?? 0) + 1;
          let input = args.input;
          if (
            service === 'DynamoDB' &&
            (READS.has(operation) || WRITES.has(operation)) &&
            !input.ReturnConsumedCapacity
          ) {
            input = { ...input, ReturnConsumedCapacity: 'TOTAL' };
          }
          if (service === 'ApiGatewayManagementApi' && operation === 'PostToConnection') {
            counts.messagesOut += units(bytesOf(input.Data), PRICES.apiGateway.messageUnitBytes);
          }
          const result = await next({ ...args, input });
          if (service === 'DynamoDB') countCapacity(operation, input, result.output.ConsumedCapacity);
          return result;
        },
        { step: 'initialize', name: 'benchCostCounter' },
      );
    },
    messageIn(bytes) {
      counts.messagesIn += units(bytes, PRICES.apiGateway.messageUnitBytes);
    },
    invoked(handler, ms) {
      counts.lambdaInvocations[handler] = (counts.lambdaInvocations[handler] ?? 0) + 1;
      counts.lambdaMs += ms;
    },
    watchTable(tableName) {
      watched.add(tableName);
    },
    snapshot: () => structuredClone(counts),
    reset() {
      counts = empty();
    },
  };

  function countCapacity(operation: string, input: Input, consumed: unknown): void {
    const entries = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as Capacity[];
    const total = entries.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
    if (READS.has(operation)) counts.dynamoReadUnits += total;
    if (WRITES.has(operation)) counts.dynamoWriteUnits += total;
    if ((operation === 'UpdateItem' || operation === 'PutItem') && watched.has(String(input.TableName))) {
      const requestBytes = writeRequestBytes(input);
      counts.gameWrites += 1;
      counts.gameBytesWritten += requestBytes;
      counter.onGameWrite?.({ operation, requestBytes, writeUnits: total, key: input.Key ?? input.Item });
    }
  }

  return counter;
}
