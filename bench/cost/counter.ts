import { AsyncLocalStorage } from 'node:async_hooks';
import type { CostCounters, HandlerUsage } from '../ipc.js';
import { localComputeMs, modelledAwsMs } from './lambda-billing.js';
import { PRICES } from './prices.js';

/**
 * Counts what the aws-local wiring asks of AWS, as AWS would bill it, and WHICH function asked: every
 * SDK request by service and operation, DynamoDB's consumed capacity (requested with
 * ReturnConsumedCapacity where the caller did not), SQS requests, API Gateway messages in 32 KB units,
 * and function invocations. It is SDK middleware plus an AsyncLocalStorage scope per invocation, so the
 * adapters and handlers under test are not touched.
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

export type Service = 'DynamoDB' | 'SQS' | 'ApiGatewayManagementApi';

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
/** SDK calls made outside any function: the SQS event source mapping's polling and deleting. */
export const EVENT_SOURCE = 'sqs-event-source';

interface Capacity {
  readonly CapacityUnits?: number;
}

const encoder = new TextEncoder();
export const bytesOf = (data: unknown): number => {
  if (typeof data === 'string') return encoder.encode(data).length;
  if (data instanceof Uint8Array) return data.byteLength;
  return 0;
};
const units = (size: number, unit: number) => Math.max(1, Math.ceil(size / unit));

/** The bytes an UpdateItem/PutItem asks DynamoDB to write: its expressions and values, as sent. */
export function writeRequestBytes(input: Input): number {
  const parts = [input.Item, input.UpdateExpression, input.ExpressionAttributeNames, input.ExpressionAttributeValues];
  return parts.reduce<number>((sum, part) => sum + (part === undefined ? 0 : bytesOf(JSON.stringify(part))), 0);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Usage = Mutable<HandlerUsage>;

const emptyUsage = (): Usage => ({
  invocations: 0,
  ms: 0,
  computeMs: 0,
  awsMs: 0,
  requests: {},
  readUnits: 0,
  writeUnits: 0,
  sqsRequests: 0,
  messagesIn: 0,
  messagesOut: 0,
});

export interface GameWrite {
  readonly operation: string;
  readonly requestBytes: number;
  readonly writeUnits: number;
}

/**
 * One function invocation as the cost model bills it: its local wall time, how much of that the SDK
 * calls were in flight (which on AWS is network time, priced at typical AWS latencies instead), and the
 * calls themselves grouped into waves: calls in flight together locally (a Promise.all) overlap on AWS
 * too, so a wave costs its slowest call, not their sum.
 */
export interface InvocationRecord {
  readonly handler: string;
  readonly wallMs: number;
  readonly localAwsMs: number;
  /**
   * CPU time the process spent on the invocation outside its SDK calls (process.cpuUsage, user +
   * system). Unlike wall time it does not grow while the machine is busy with other work, which on a
   * shared machine would otherwise be billed as if the function had computed it.
   */
  readonly cpuMs?: number;
  /** `Service.Operation` of every call, by wave, in order. */
  readonly waves: readonly (readonly string[])[];
}

interface Scope {
  readonly handler: string;
  inFlight: number;
  since: number;
  localAwsMs: number;
  /** CPU time (µs) at the start of the current wave of SDK calls, and spent inside waves so far. */
  cpuSince: number;
  awsCpuMicros: number;
  waves: string[][];
}

const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

export class CostCounter {
  private readonly scope = new AsyncLocalStorage<Scope>();
  private readonly watched = new Set<string>();
  private counts: Mutable<CostCounters> & { byHandler: Record<string, Usage> } = CostCounter.empty();
  /** Called for every write to a watched table (the bytes-per-move experiment). */
  onGameWrite?: (write: GameWrite) => void;
  /** Called at the end of every function invocation (the per-move cost model bills each one). */
  onInvocation?: (record: InvocationRecord) => void;

  private static empty() {
    return { byHandler: {} as Record<string, Usage>, gameBytesWritten: 0, gameWrites: 0, emptyReceives: 0 };
  }

  private usage(handler = this.scope.getStore()?.handler ?? EVENT_SOURCE): Usage {
    this.counts.byHandler[handler] ??= emptyUsage();
    return this.counts.byHandler[handler];
  }

  /** Writes to this table count towards bytes written per move. */
  watchTable(tableName: string): void {
    this.watched.add(tableName);
  }

  /** Runs one function invocation, attributing every SDK call inside it to `handler`. */
  async invoke<T>(handler: string, run: () => Promise<T>): Promise<T> {
    const began = performance.now();
    const cpuBegan = cpuMicros();
    const scope: Scope = { handler, inFlight: 0, since: 0, localAwsMs: 0, cpuSince: 0, awsCpuMicros: 0, waves: [] };
    try {
      return await this.scope.run(scope, run);
    } finally {
      const wallMs = performance.now() - began;
      const usage = this.usage(handler);
      usage.invocations += 1;
      usage.ms += wallMs;
      const cpuMs = Math.max(0, cpuMicros() - cpuBegan - scope.awsCpuMicros) / 1000;
      const record = { handler, wallMs, localAwsMs: scope.localAwsMs, cpuMs, waves: scope.waves };
      usage.computeMs = (usage.computeMs ?? 0) + localComputeMs(record);
      usage.awsMs = (usage.awsMs ?? 0) + modelledAwsMs(record);
      this.onInvocation?.(record);
    }
  }

  /** One client frame into the WebSocket API: the gateway bills it, no SDK call shows it. */
  messageIn(handler: string, bytes: number): void {
    this.usage(handler).messagesIn += units(bytes, PRICES.apiGateway.messageUnitBytes);
  }

  instrument(client: InstrumentableClient, service: Service): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        const usage = this.usage();
        usage.requests[`${service}.${operation}`] = (usage.requests[`${service}.${operation}`] ?? 0) + 1;
        let input = args.input;
        if (
          service === 'DynamoDB' &&
          (READS.has(operation) || WRITES.has(operation)) &&
          !input.ReturnConsumedCapacity
        ) {
          input = { ...input, ReturnConsumedCapacity: 'TOTAL' };
        }
        if (service === 'ApiGatewayManagementApi' && operation === 'PostToConnection') {
          usage.messagesOut += units(bytesOf(input.Data), PRICES.apiGateway.messageUnitBytes);
        }
        const scope = this.scope.getStore();
        if (scope) {
          if (scope.inFlight === 0) {
            scope.since = performance.now();
            scope.cpuSince = cpuMicros();
            scope.waves.push([]);
          }
          scope.inFlight += 1;
          scope.waves.at(-1)?.push(`${service}.${operation}`);
        }
        let result: HandlerResult;
        try {
          result = await next({ ...args, input });
        } finally {
          if (scope) {
            scope.inFlight -= 1;
            if (scope.inFlight === 0) {
              scope.localAwsMs += performance.now() - scope.since;
              scope.awsCpuMicros += cpuMicros() - scope.cpuSince;
            }
          }
        }
        if (service === 'DynamoDB') this.countCapacity(usage, operation, input, result.output.ConsumedCapacity);
        if (service === 'SQS') this.countSqs(usage, operation, input, result.output);
        return result;
      },
      { step: 'initialize', name: 'benchCostCounter' },
    );
  }

  private countCapacity(usage: Usage, operation: string, input: Input, consumed: unknown): void {
    const entries = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as Capacity[];
    const total = entries.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
    if (READS.has(operation)) usage.readUnits += total;
    if (WRITES.has(operation)) usage.writeUnits += total;
    if ((operation === 'UpdateItem' || operation === 'PutItem') && this.watched.has(String(input.TableName))) {
      const requestBytes = writeRequestBytes(input);
      this.counts.gameWrites += 1;
      this.counts.gameBytesWritten += requestBytes;
      this.onGameWrite?.({ operation, requestBytes, writeUnits: total });
    }
  }

  /**
   * The local poller short-polls (local-aws-sqs holds long polls until a full batch), so an idle queue
   * sees a ReceiveMessage every 20 ms. Lambda's event source long-polls instead: empty receives are
   * counted apart and not billed; a receive that brings messages is billed like any request.
   */
  private countSqs(usage: Usage, operation: string, input: Input, output: Record<string, unknown>): void {
    if (operation === 'ReceiveMessage' && ((output.Messages as unknown[] | undefined)?.length ?? 0) === 0) {
      this.counts.emptyReceives += 1;
      return;
    }
    if (operation === 'GetQueueAttributes') return;
    usage.sqsRequests += units(bytesOf(input.MessageBody), PRICES.sqs.requestUnitBytes);
  }

  snapshot(): CostCounters {
    return structuredClone(this.counts);
  }

  reset(): void {
    this.counts = CostCounter.empty();
  }
}
