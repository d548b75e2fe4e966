import type { CostCounters, HandlerUsage } from '../ipc.js';
import { EVENT_SOURCE } from './counter.js';
import { type BillingBasis, billInvocation, durationPrice } from './lambda-billing.js';
import type { OneMoveResult } from './one-move.js';
import { PRICES } from './prices.js';

/**
 * The move path's cost per million moves, from a one-move-at-a-time aws-local run (bench/cost/one-move.ts):
 * every line is the run's own count of messages, SDK requests and consumed capacity divided by its
 * moves; Lambda duration is each counted invocation billed as bench/cost/lambda-billing.ts says.
 *
 * `fifo, full batches` re-prices the same counts as if every queue invocation carried ten records:
 * what SQS and Lambda charge per batch (the queue function's request, its rounding to 1 ms, the event
 * source's ReceiveMessage and DeleteMessageBatch) is divided by ten; what they charge per record
 * stays. It is the floor a fifo deployment reaches only when ten moves wait at once.
 */
export type Batching = 'one' | 'full';
export const FULL_BATCH = 10;

export type LineName =
  | 'API Gateway messages in'
  | 'API Gateway messages out'
  | 'Lambda requests'
  | 'Lambda duration'
  | 'SQS FIFO requests'
  | 'DynamoDB writes'
  | 'DynamoDB reads';

export interface PerMoveLine {
  readonly line: LineName;
  readonly units: number;
  readonly unit: string;
  readonly dollars: number;
  /** The arithmetic for this line (issue #12), so a miss names its line. */
  readonly budget: number;
}

export interface PerMoveCost {
  readonly mode: string;
  readonly game: string;
  readonly batching: Batching;
  readonly moves: number;
  readonly lines: readonly PerMoveLine[];
  readonly total: number;
  readonly target: number;
  /** SDK requests per move by `Service.Operation`, every move-path function together. */
  readonly requestsPerMove: Record<string, number>;
  /** Mean per move-path invocation: local compute (scaled to the function's CPU share) and modelled AWS time. */
  readonly meanComputeMs: number;
  readonly meanAwsMs: number;
  readonly meanBilledMs: number;
}

/** Issue #12's targets per million moves at one move per invocation. */
export const TARGETS = { direct: 4.4, fifo: 6.7 } as const;

/**
 * The per-line arithmetic ("messages $3.00; one Lambda request $0.20 plus its duration; one
 * 1 RRU read of the match and half an RRU for the index query; one 1 WRU conditional write"; fifo
 * adds three SQS requests and a second invocation). Duration is what is left of $4.25 for direct,
 * and twice that for fifo's two invocations.
 */
const BUDGET: Record<'direct' | 'fifo', Record<LineName, number>> = {
  direct: {
    'API Gateway messages in': 1,
    'API Gateway messages out': 2,
    'Lambda requests': 0.2,
    'Lambda duration': 0.2375,
    'SQS FIFO requests': 0,
    'DynamoDB writes': 0.625,
    'DynamoDB reads': 0.1875,
  },
  fifo: {
    'API Gateway messages in': 1,
    'API Gateway messages out': 2,
    'Lambda requests': 0.4,
    'Lambda duration': 0.475,
    'SQS FIFO requests': 1.5,
    'DynamoDB writes': 0.625,
    'DynamoDB reads': 0.1875,
  },
};

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const round = (value: number, places = 4) => Math.round(value * 10 ** places) / 10 ** places;

export function perMoveCost(result: OneMoveResult, basis: BillingBasis, batching: Batching): PerMoveCost {
  const counters = result.counters as CostCounters;
  const moves = Math.max(1, result.moves);
  const usage = (handler: string): HandlerUsage | undefined => counters.byHandler[handler];
  const all = (pick: (u: HandlerUsage) => number) =>
    sum(['move', 'queue', EVENT_SOURCE].map((h) => (usage(h) ? pick(usage(h) as HandlerUsage) : 0)));
  const batched = batching === 'full' && result.mode === 'fifo';
  const perBatch = batched ? 1 / FULL_BATCH : 1;

  const billed = result.invocations.map((record) => ({ record, bill: billInvocation(record, basis) }));
  const queueRecords = billed.filter(({ record }) => record.handler === 'queue');
  const otherBilled = billed.filter(({ record }) => record.handler !== 'queue');
  // Full batches: one invocation runs ten records back to back, so their unrounded times add up and
  // the 1 ms rounding is paid once per ten records.
  const batches = queueRecords.length / FULL_BATCH;
  const queueUnrounded = sum(queueRecords.map(({ bill }) => bill.computeMs + bill.awsMs));
  const queueBilledMs =
    batched && batches > 0
      ? Math.ceil(queueUnrounded / batches) * batches
      : sum(queueRecords.map(({ bill }) => bill.billedMs));
  const billedMs = sum(otherBilled.map(({ bill }) => bill.billedMs)) + queueBilledMs;
  const lambdaRequests = (usage('move')?.invocations ?? 0) + (usage('queue')?.invocations ?? 0) * perBatch;
  const sqsRequests =
    (usage('move')?.sqsRequests ?? 0) +
    (usage('queue')?.sqsRequests ?? 0) +
    (usage(EVENT_SOURCE)?.sqsRequests ?? 0) * perBatch;

  const budget = BUDGET[result.mode];
  const line = (name: LineName, units: number, unit: string, dollars: number): PerMoveLine => ({
    line: name,
    units: round(units / moves),
    unit,
    dollars: round((dollars / moves) * 1_000_000),
    budget: budget[name],
  });
  /** A line billed per million units: most of them. */
  const perMillion = (name: LineName, units: number, unit: string, pricePerMillion: number) =>
    line(name, units, unit, units * 1e-6 * pricePerMillion);
  const lines: PerMoveLine[] = [
    perMillion(
      'API Gateway messages in',
      all((u) => u.messagesIn),
      'msg',
      PRICES.apiGateway.perMillionMessages,
    ),
    perMillion(
      'API Gateway messages out',
      all((u) => u.messagesOut),
      'msg',
      PRICES.apiGateway.perMillionMessages,
    ),
    perMillion('Lambda requests', lambdaRequests, 'req', PRICES.lambda.perMillionRequests),
    line('Lambda duration', billedMs, 'ms', durationPrice(billedMs, basis)),
    perMillion('SQS FIFO requests', sqsRequests, 'req', PRICES.sqs.perMillionFifoRequests),
    perMillion(
      'DynamoDB writes',
      all((u) => u.writeUnits),
      'WRU',
      PRICES.dynamodb.perMillionWriteRequestUnits,
    ),
    perMillion(
      'DynamoDB reads',
      all((u) => u.readUnits),
      'RRU',
      PRICES.dynamodb.perMillionReadRequestUnits,
    ),
  ];
  const requestsPerMove: Record<string, number> = {};
  for (const handler of ['move', 'queue', EVENT_SOURCE]) {
    for (const [operation, count] of Object.entries(usage(handler)?.requests ?? {})) {
      const billedCount = operation.startsWith('SQS.') && handler === EVENT_SOURCE ? count * perBatch : count;
      requestsPerMove[operation] = round((requestsPerMove[operation] ?? 0) + billedCount / moves, 3);
    }
  }
  const mean = (pick: (bill: ReturnType<typeof billInvocation>) => number) =>
    round(sum(billed.map(({ bill }) => pick(bill))) / Math.max(1, billed.length), 2);
  return {
    mode: result.mode,
    game: result.game,
    batching: batched ? 'full' : 'one',
    moves: result.moves,
    lines,
    total: round(sum(lines.map((l) => l.dollars)), 3),
    target: TARGETS[result.mode],
    requestsPerMove,
    meanComputeMs: mean((b) => b.computeMs),
    meanAwsMs: mean((b) => b.awsMs),
    meanBilledMs: mean((b) => b.billedMs),
  };
}
