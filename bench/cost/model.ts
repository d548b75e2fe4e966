import type { CostCounters, HandlerUsage } from '../ipc.js';
import { EVENT_SOURCE } from './counter.js';
import { type BillingBasis, billingBasis } from './lambda-billing.js';
import { ASSUMPTIONS, PRICES } from './prices.js';

/**
 * Prices what the aws-local wiring did during a window as if it had run on AWS, per million accepted
 * moves. Every figure is a count from the run divided by the accepted moves of the same window, except
 * where ASSUMPTIONS says. Costs are split between the move path (the `move` route, the queue consumer
 * and the SQS event source) and the game's setup and teardown (lobby, authorizer, $connect, sync,
 * $disconnect), which tic-tac-toe pays every few moves because its games are short.
 */
export interface CostPerMillionMoves {
  readonly movePath: number;
  readonly setup: number;
  readonly total: number;
  readonly components: readonly CostComponent[];
  readonly assumptions: readonly string[];
}

export interface CostComponent {
  readonly component: string;
  readonly unit: string;
  /** Billable units per accepted move, on the move path and in setup. */
  readonly movePathUnits: number;
  readonly setupUnits: number;
  readonly movePath: number;
  readonly setup: number;
}

const MOVE_PATH = new Set(['move', 'queue', EVENT_SOURCE]);
/** Functions that are Lambda invocations (the event source is Lambda's own poller, not billed as one). */
const isFunction = (handler: string) => handler !== EVENT_SOURCE;

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/**
 * Lambda duration, as bench/cost/lambda-billing.ts bills an invocation: local compute scaled to the
 * function's CPU share plus its SDK calls at typical AWS latency; Lambda's rounding up to 1 ms per
 * invocation is taken as half a millisecond each on average (the load run keeps sums, not each
 * invocation). Results recorded before compute was counted fall back to the local wall time.
 */
export function billedMsOf(usage: HandlerUsage, basis: BillingBasis): number {
  if (usage.computeMs === undefined || usage.awsMs === undefined) return usage.ms;
  return usage.computeMs * basis.cpuSlowdown + usage.awsMs + usage.invocations * ROUNDING_MS;
}

/** The mean of rounding a duration up to the next whole millisecond. */
const ROUNDING_MS = 0.5;

export function costPerMillionMoves(
  counters: CostCounters,
  acceptedMoves: number,
  connectionsPerMatch = 2,
  basis: BillingBasis = billingBasis(ASSUMPTIONS.lambdaMemoryMb),
): CostPerMillionMoves {
  const perMove = (count: number): number => (acceptedMoves === 0 ? 0 : count / acceptedMoves);
  const entries = Object.entries(counters.byHandler);
  const group = (onPath: boolean) => entries.filter(([handler]) => MOVE_PATH.has(handler) === onPath);
  const total = (onPath: boolean, pick: (usage: HandlerUsage, handler: string) => number) =>
    perMove(sum(group(onPath).map(([handler, usage]) => pick(usage, handler))));

  const gbSeconds = (usage: HandlerUsage) => (basis.memoryMb / 1024) * (billedMsOf(usage, basis) / 1000);
  const lines: { component: string; unit: string; price: number; pick: (u: HandlerUsage, h: string) => number }[] = [
    {
      component: 'API Gateway messages in',
      unit: 'msg',
      price: PRICES.apiGateway.perMillionMessages,
      pick: (u) => u.messagesIn,
    },
    {
      component: 'API Gateway messages out',
      unit: 'msg',
      price: PRICES.apiGateway.perMillionMessages,
      pick: (u) => u.messagesOut,
    },
    {
      component: 'Lambda requests',
      unit: 'req',
      price: PRICES.lambda.perMillionRequests,
      pick: (u, h) => (isFunction(h) ? u.invocations : 0),
    },
    {
      component: 'Lambda duration',
      unit: 'GB-s',
      price: PRICES.lambda.perGbSecondArm64 * 1_000_000,
      pick: (u, h) => (isFunction(h) ? gbSeconds(u) : 0),
    },
    {
      component: 'HTTP API requests (lobby)',
      unit: 'req',
      price: PRICES.apiGateway.perMillionHttpRequests,
      pick: (u, h) => (h === 'http' ? u.invocations : 0),
    },
    {
      component: 'SQS FIFO requests',
      unit: 'req',
      price: PRICES.sqs.perMillionFifoRequests,
      pick: (u) => u.sqsRequests,
    },
    {
      component: 'DynamoDB writes',
      unit: 'WRU',
      price: PRICES.dynamodb.perMillionWriteRequestUnits,
      pick: (u) => u.writeUnits,
    },
    {
      component: 'DynamoDB reads',
      unit: 'RRU',
      price: PRICES.dynamodb.perMillionReadRequestUnits,
      pick: (u) => u.readUnits,
    },
  ];
  const components: CostComponent[] = lines.map(({ component, unit, price, pick }) => {
    const movePathUnits = total(true, pick);
    const setupUnits = total(false, pick);
    return {
      component,
      unit,
      movePathUnits: round(movePathUnits, 4),
      setupUnits: round(setupUnits, 4),
      movePath: round(movePathUnits * price, 4),
      setup: round(setupUnits * price, 4),
    };
  });
  const connectionMinutes = (connectionsPerMatch * ASSUMPTIONS.humanSecondsPerMove) / 60;
  components.push({
    component: 'API Gateway connection-minutes',
    unit: 'conn-min',
    movePathUnits: 0,
    setupUnits: round(connectionMinutes, 4),
    movePath: 0,
    setup: round(connectionMinutes * PRICES.apiGateway.perMillionConnectionMinutes, 4),
  });
  const invocations = entries.filter(([handler]) => isFunction(handler));
  const count = Math.max(1, sum(invocations.map(([, u]) => u.invocations)));
  const meanMs = (pick: (usage: HandlerUsage) => number) => sum(invocations.map(([, u]) => pick(u))) / count;
  const counted = invocations.every(([, u]) => u.computeMs !== undefined);
  const movePath = round(sum(components.map((c) => c.movePath)), 3);
  const setup = round(sum(components.map((c) => c.setup)), 3);
  return {
    movePath,
    setup,
    total: round(movePath + setup, 3),
    components,
    assumptions: [
      `prices: ${PRICES.region} list prices checked ${PRICES.checked} (bench/cost/prices.ts)`,
      counted
        ? `Lambda: ${basis.memoryMb} MB arm64, billed per invocation: local compute × ${basis.cpuSlowdown.toFixed(2)} (the function's CPU share) + its SDK calls at typical AWS latency (bench/cost/lambda-billing.ts) + 0.5 ms mean rounding up to 1 ms (compute is the process's CPU time outside SDK calls: with N matches in flight it includes the CPU of invocations that overlapped, so it is an upper bound); mean ${meanMs((u) => billedMsOf(u, basis)).toFixed(1)} ms (compute ${meanMs((u) => (u.computeMs ?? 0) * basis.cpuSlowdown).toFixed(1)} ms + AWS ${meanMs((u) => u.awsMs ?? 0).toFixed(1)} ms)`
        : `Lambda: ${basis.memoryMb} MB arm64, billed at the local wall time per invocation (mean ${meanMs((u) => u.ms).toFixed(1)} ms; recorded before compute and AWS time were counted apart)`,
      `connection-minutes: ${connectionsPerMatch} connections per match at one move every ${ASSUMPTIONS.humanSecondsPerMove} s (human pace, assumed)`,
      `SQS: ${counters.emptyReceives} empty short polls of the local poller not billed (Lambda's event source long-polls)`,
      'messages, SDK requests and consumed capacity: counted in the run, per accepted move',
    ],
  };
}
