/**
 * AWS list prices used by the cost model, in one place. us-east-1, on-demand, no free tier.
 * Checked on 2026-11-25 against the public pricing pages:
 *   https://aws.amazon.com/api-gateway/pricing/   (WebSocket APIs; HTTP APIs for the lobby)
 *   https://aws.amazon.com/lambda/pricing/        (Arm, requests and GB-seconds)
 *   https://aws.amazon.com/sqs/pricing/           (FIFO queues)
 *   https://aws.amazon.com/dynamodb/pricing/on-demand/
 * The figures are also written into /work/shared/DESIGN.md ("List prices"), which the team honours.
 */
export const PRICES = {
  checked: '2026-11-25',
  region: 'us-east-1',
  apiGateway: {
    /** First 1 billion messages per month; each 32 KB of a message is billed as one message. */
    perMillionMessages: 1.0,
    messageUnitBytes: 32 * 1024,
    perMillionConnectionMinutes: 0.25,
    /** HTTP APIs (the lobby), first 300 million requests per month, per 512 KB. */
    perMillionHttpRequests: 1.0,
  },
  lambda: {
    perMillionRequests: 0.2,
    /** Arm (Graviton), first 7.5 billion GB-seconds per month. */
    perGbSecondArm64: 0.0000133334,
  },
  sqs: {
    /** FIFO; every API action is a request, each 64 KB chunk of a payload is one request. */
    perMillionFifoRequests: 0.5,
    requestUnitBytes: 64 * 1024,
  },
  dynamodb: {
    perMillionWriteRequestUnits: 0.625,
    perMillionReadRequestUnits: 0.125,
  },
} as const;

/**
 * What the model assumes where a local run cannot measure AWS: stated here, and printed with every
 * cost table, so nobody mistakes an assumption for a measurement.
 */
export const ASSUMPTIONS = {
  /**
   * Memory configured for every handler function (the CDK stack's default, infra/handler-functions.ts),
   * for the load-run table, which is priced synchronously; the per-move table reads the stack itself.
   */
  lambdaMemoryMb: 256,
  /**
   * Connection-minutes depend on how fast humans play, not on the benchmark's bots (which move as fast
   * as acks arrive): priced at one move every 10 s per match.
   */
  humanSecondsPerMove: 10,
} as const;
