import { describe, expect, it } from 'vitest';
import { EVENT_SOURCE, type InvocationRecord } from '../../bench/cost/counter.js';
import {
  billedMs,
  billInvocation,
  billingBasis,
  CALL_LATENCY,
  DEFAULT_CALL,
  durationPrice,
  MB_PER_VCPU,
} from '../../bench/cost/lambda-billing.js';
import { billedMsOf, costPerMillionMoves } from '../../bench/cost/model.js';
import type { OneMoveResult } from '../../bench/cost/one-move.js';
import { FULL_BATCH, perMoveCost } from '../../bench/cost/per-move.js';
import { PRICES } from '../../bench/cost/prices.js';
import type { CostCounters, HandlerUsage } from '../../bench/ipc.js';

/** The pure arithmetic of the cost bench: how Lambda bills an invocation, and how a run is priced. */

const at256 = billingBasis(256);
const latency = (call: string) => (CALL_LATENCY[call] ?? DEFAULT_CALL).ms;

const record = (handler: string, wallMs: number, localAwsMs: number, waves: string[][]): InvocationRecord => ({
  handler,
  wallMs,
  localAwsMs,
  waves,
});

const usage = (over: Partial<HandlerUsage>): HandlerUsage => ({
  invocations: 0,
  ms: 0,
  requests: {},
  readUnits: 0,
  writeUnits: 0,
  sqsRequests: 0,
  messagesIn: 0,
  messagesOut: 0,
  ...over,
});

describe('Lambda billing', () => {
  it('rounds every invocation up to the next whole millisecond, and bills at least 1 ms', () => {
    expect(billedMs(0)).toBe(1);
    expect(billedMs(0.2)).toBe(1);
    expect(billedMs(1)).toBe(1);
    expect(billedMs(1.0001)).toBe(2);
    expect(billedMs(48.01)).toBe(49);
  });

  it('gives a function CPU in proportion to its memory, never more than this machine’s core', () => {
    expect(at256.cpuSlowdown).toBeCloseTo(MB_PER_VCPU / 256, 10);
    expect(billingBasis(4096).cpuSlowdown).toBe(1);
  });

  it('bills local compute scaled to the CPU share, plus each wave of calls at its slowest call', () => {
    const invocation = record('move', 12, 10, [
      ['DynamoDB.GetItem'],
      ['DynamoDB.UpdateItem'],
      ['DynamoDB.Query'],
      ['ApiGatewayManagementApi.PostToConnection', 'ApiGatewayManagementApi.PostToConnection'],
    ]);
    const bill = billInvocation(invocation, at256);
    expect(bill.computeMs).toBeCloseTo(2 * at256.cpuSlowdown, 10);
    const aws =
      latency('DynamoDB.GetItem') +
      latency('DynamoDB.UpdateItem') +
      latency('DynamoDB.Query') +
      latency('ApiGatewayManagementApi.PostToConnection');
    expect(bill.awsMs).toBe(aws);
    expect(bill.billedMs).toBe(Math.ceil(2 * at256.cpuSlowdown + aws));
  });

  it('bills the CPU time the invocation took when it was counted, not the wall time a busy machine stretches', () => {
    const busy = { ...record('move', 40, 10, [['DynamoDB.GetItem']]), cpuMs: 1.5 };
    expect(billInvocation(busy, at256).computeMs).toBeCloseTo(1.5 * at256.cpuSlowdown, 10);
  });

  it('counts an unknown call at the stated default, and no compute when the SDK was in flight throughout', () => {
    const bill = billInvocation(record('move', 5, 7, [['Other.Thing']]), at256);
    expect(bill.computeMs).toBe(0);
    expect(bill.awsMs).toBe(DEFAULT_CALL.ms);
  });

  it('prices duration in GB-seconds at the arm64 rate', () => {
    // 1,000 ms at 1,024 MB is one GB-second.
    expect(durationPrice(1_000, billingBasis(1_024))).toBeCloseTo(PRICES.lambda.perGbSecondArm64, 15);
    // A million 50 ms invocations at 256 MB: 12,500 GB-s.
    expect(durationPrice(50 * 1_000_000, at256)).toBeCloseTo(12_500 * PRICES.lambda.perGbSecondArm64, 6);
  });
});

describe('the load run’s cost table (model.ts)', () => {
  it('bills duration from the counted compute and AWS time, not an assumed duration', () => {
    const move = usage({ invocations: 10, ms: 80, computeMs: 20, awsMs: 400 });
    expect(billedMsOf(move, at256)).toBeCloseTo(20 * at256.cpuSlowdown + 400 + 10 * 0.5, 10);
    const counters: CostCounters = {
      byHandler: { move, [EVENT_SOURCE]: usage({}) },
      gameBytesWritten: 0,
      gameWrites: 0,
      emptyReceives: 0,
    };
    const cost = costPerMillionMoves(counters, 10, 2, at256);
    const duration = cost.components.find((line) => line.component === 'Lambda duration');
    const gbSecondsPerMove = ((256 / 1024) * (billedMsOf(move, at256) / 1000)) / 10;
    expect(duration?.movePathUnits).toBeCloseTo(gbSecondsPerMove, 4);
    expect(duration?.movePath).toBeCloseTo(gbSecondsPerMove * PRICES.lambda.perGbSecondArm64 * 1e6, 4);
    expect(cost.assumptions.join('\n')).not.toMatch(/20 ms/);
  });

  it('falls back to the local wall time for results recorded before compute was counted', () => {
    expect(billedMsOf(usage({ invocations: 2, ms: 30 }), at256)).toBe(30);
  });
});

describe('the per-move cost table (per-move.ts)', () => {
  /** Ten fifo moves: ten `move` and ten queue invocations, the event source's requests per record. */
  function fifoRun(): OneMoveResult {
    const invocations = Array.from({ length: 10 }, () => [
      record('move', 2, 1, [['SQS.SendMessage']]),
      record('queue', 3, 2, [['DynamoDB.GetItem'], ['DynamoDB.UpdateItem']]),
    ]).flat();
    return {
      wiring: 'aws-local',
      mode: 'fifo',
      game: 'tic-tac-toe',
      size: 1,
      moves: 10,
      ackMs: { p50: 1, p99: 1, count: 10 },
      invocations,
      counters: {
        byHandler: {
          move: usage({ invocations: 10, messagesIn: 10, sqsRequests: 10, requests: { 'SQS.SendMessage': 10 } }),
          queue: usage({ invocations: 10, messagesOut: 20, writeUnits: 10, readUnits: 10 }),
          [EVENT_SOURCE]: usage({
            sqsRequests: 20,
            requests: { 'SQS.ReceiveMessage': 10, 'SQS.DeleteMessageBatch': 10 },
          }),
        },
        gameBytesWritten: 0,
        gameWrites: 0,
        emptyReceives: 0,
      },
    };
  }

  const dollars = (cost: ReturnType<typeof perMoveCost>, line: string) =>
    cost.lines.find((entry) => entry.line === line)?.dollars ?? Number.NaN;

  it('prices each counted unit per million moves at list price', () => {
    const cost = perMoveCost(fifoRun(), at256, 'one');
    expect(dollars(cost, 'API Gateway messages in')).toBeCloseTo(1.0, 6);
    expect(dollars(cost, 'API Gateway messages out')).toBeCloseTo(2.0, 6);
    expect(dollars(cost, 'Lambda requests')).toBeCloseTo(0.4, 6);
    expect(dollars(cost, 'SQS FIFO requests')).toBeCloseTo(1.5, 6);
    expect(dollars(cost, 'DynamoDB writes')).toBeCloseTo(0.625, 6);
    expect(dollars(cost, 'DynamoDB reads')).toBeCloseTo(0.125, 6);
    const moveMs = billInvocation(record('move', 2, 1, [['SQS.SendMessage']]), at256).billedMs;
    const queueMs = billInvocation(
      record('queue', 3, 2, [['DynamoDB.GetItem'], ['DynamoDB.UpdateItem']]),
      at256,
    ).billedMs;
    expect(dollars(cost, 'Lambda duration')).toBeCloseTo(durationPrice(moveMs + queueMs, at256) * 1e6, 4);
    expect(cost.total).toBeCloseTo(
      cost.lines.reduce((total, line) => total + line.dollars, 0),
      3,
    );
  });

  it('shares the per-batch charges of full fifo batches by ten, and keeps the per-record ones', () => {
    const one = perMoveCost(fifoRun(), at256, 'one');
    const full = perMoveCost(fifoRun(), at256, 'full');
    expect(full.batching).toBe('full');
    // One move request per record, one queue request per ten.
    expect(dollars(full, 'Lambda requests')).toBeCloseTo(0.2 + 0.2 / FULL_BATCH, 6);
    // SendMessage per record; ReceiveMessage and DeleteMessageBatch per batch.
    expect(dollars(full, 'SQS FIFO requests')).toBeCloseTo(0.5 + 1.0 / FULL_BATCH, 6);
    expect(dollars(full, 'DynamoDB writes')).toBe(dollars(one, 'DynamoDB writes'));
    expect(dollars(full, 'Lambda duration')).toBeLessThanOrEqual(dollars(one, 'Lambda duration'));
  });

  it('never batches the direct mode', () => {
    const direct = { ...fifoRun(), mode: 'direct' as const };
    expect(perMoveCost(direct, at256, 'full').batching).toBe('one');
  });
});
