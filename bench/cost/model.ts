import type { CostCounters } from '../ipc.js';
import { ASSUMPTIONS, PRICES } from './prices.js';

/** Dollars per million accepted moves, by AWS component, with the usage per move behind each. */
export interface CostPerMillionMoves {
  readonly total: number;
  readonly components: readonly CostComponent[];
  readonly assumptions: readonly string[];
}

export interface CostComponent {
  readonly component: string;
  /** Billable units per move, e.g. 3 messages or 1.5 WRU. */
  readonly unitsPerMove: number;
  readonly unit: string;
  readonly dollarsPerMillionMoves: number;
}

const sum = (values: Iterable<number>): number => [...values].reduce((total, value) => total + value, 0);

const requestsOf = (counters: CostCounters, service: string): number =>
  sum(
    Object.entries(counters.requests)
      .filter(([operation]) => operation.startsWith(`${service}.`))
      .map(([, count]) => count),
  );

/**
 * Prices what the aws-local wiring did during the window as if it had run on AWS. Every figure is a
 * count from the run divided by the accepted moves of the same window, except where ASSUMPTIONS says.
 */
export function costPerMillionMoves(
  counters: CostCounters,
  acceptedMoves: number,
  connectionsPerMatch = 2,
): CostPerMillionMoves {
  const perMove = (count: number): number => (acceptedMoves === 0 ? 0 : count / acceptedMoves);
  const million = 1_000_000;
  const invocations = sum(Object.values(counters.lambdaInvocations));
  const measuredMs = invocations === 0 ? 0 : counters.lambdaMs / invocations;
  // Local handler time omits the network hops to DynamoDB and SQS that dominate on AWS, so the bill
  // uses the stated assumption; the local mean is printed beside it for scale.
  const billedMs = ASSUMPTIONS.lambdaMsPerInvocation;
  const gbSecondsPerInvocation = (ASSUMPTIONS.lambdaMemoryMb / 1024) * (billedMs / 1000);
  const connectionMinutesPerMove = (connectionsPerMatch * ASSUMPTIONS.humanSecondsPerMove) / 60;
  const components: CostComponent[] = [
    {
      component: 'API Gateway messages in',
      unitsPerMove: perMove(counters.messagesIn),
      unit: 'msg',
      dollarsPerMillionMoves: perMove(counters.messagesIn) * PRICES.apiGateway.perMillionMessages,
    },
    {
      component: 'API Gateway messages out',
      unitsPerMove: perMove(counters.messagesOut),
      unit: 'msg',
      dollarsPerMillionMoves: perMove(counters.messagesOut) * PRICES.apiGateway.perMillionMessages,
    },
    {
      component: 'API Gateway connection-minutes',
      unitsPerMove: connectionMinutesPerMove,
      unit: 'conn-min',
      dollarsPerMillionMoves: connectionMinutesPerMove * PRICES.apiGateway.perMillionConnectionMinutes,
    },
    {
      component: 'Lambda requests',
      unitsPerMove: perMove(invocations),
      unit: 'req',
      dollarsPerMillionMoves: perMove(invocations) * PRICES.lambda.perMillionRequests,
    },
    {
      component: 'Lambda duration',
      unitsPerMove: perMove(invocations) * gbSecondsPerInvocation,
      unit: 'GB-s',
      dollarsPerMillionMoves: perMove(invocations) * gbSecondsPerInvocation * PRICES.lambda.perGbSecondArm64 * million,
    },
    {
      component: 'SQS FIFO requests',
      unitsPerMove: perMove(requestsOf(counters, 'SQS')),
      unit: 'req',
      dollarsPerMillionMoves: perMove(requestsOf(counters, 'SQS')) * PRICES.sqs.perMillionFifoRequests,
    },
    {
      component: 'DynamoDB writes',
      unitsPerMove: perMove(counters.dynamoWriteUnits),
      unit: 'WRU',
      dollarsPerMillionMoves: perMove(counters.dynamoWriteUnits) * PRICES.dynamodb.perMillionWriteRequestUnits,
    },
    {
      component: 'DynamoDB reads',
      unitsPerMove: perMove(counters.dynamoReadUnits),
      unit: 'RRU',
      dollarsPerMillionMoves: perMove(counters.dynamoReadUnits) * PRICES.dynamodb.perMillionReadRequestUnits,
    },
  ];
  const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
  return {
    total: round(sum(components.map((c) => c.dollarsPerMillionMoves)), 3),
    components: components.map((c) => ({
      ...c,
      unitsPerMove: round(c.unitsPerMove, 4),
      dollarsPerMillionMoves: round(c.dollarsPerMillionMoves, 3),
    })),
    assumptions: [
      `prices: ${PRICES.region} list prices checked ${PRICES.checked} (bench/cost/prices.ts)`,
      `Lambda: ${ASSUMPTIONS.lambdaMemoryMb} MB arm64, ${billedMs} ms billed per invocation (assumed; ${
        measuredMs > 0 ? `mean handler time measured locally: ${measuredMs.toFixed(2)} ms` : 'not measured locally'
      })`,
      `connection-minutes: ${connectionsPerMatch} connections per match at one move every ${ASSUMPTIONS.humanSecondsPerMove} s (human pace)`,
      'SDK requests, consumed capacity and messages: counted in the aws-local run',
    ],
  };
}
