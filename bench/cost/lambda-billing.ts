import type { InvocationRecord } from './counter.js';
import { PRICES } from './prices.js';

/**
 * How Lambda would bill the invocations of an aws-local run. A local run measures the handler's own
 * compute but not AWS's network: its SDK calls go to dynalite and local-aws-sqs on loopback. So each
 * invocation is billed as
 *
 *   ceil( local compute × CPU share + Σ over call waves of the slowest call's typical AWS latency )
 *
 * where local compute = wall time − the time any SDK call was in flight, and a wave is a set of calls
 * that were in flight together (a Promise.all overlaps on AWS as it does here). Rounded up to 1 ms per
 * invocation, at the memory the stack gives every function, arm64.
 */

export interface CallLatency {
  readonly ms: number;
  readonly source: string;
}

/**
 * Typical warm, in-Region latency of one call from a Lambda function (keep-alive connection, SDK
 * client created outside the handler), p50-ish. No AWS page publishes per-operation figures; these
 * are chosen inside what AWS does state, and printed with every table so nobody takes them for
 * measurements. Unknown operations fall back to DEFAULT_CALL.
 */
export const CALL_LATENCY: Record<string, CallLatency> = {
  'DynamoDB.GetItem': {
    ms: 5,
    source:
      'DynamoDB: "single-digit millisecond performance at any scale" (https://aws.amazon.com/dynamodb/); a strongly consistent read "might take more time" (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html)',
  },
  'DynamoDB.Query': { ms: 6, source: 'as GetItem, one index partition, a few small items' },
  'DynamoDB.PutItem': {
    ms: 7,
    source: 'as GetItem; a write is acknowledged after durable replication, so above reads',
  },
  'DynamoDB.UpdateItem': { ms: 8, source: 'as PutItem, plus its condition check' },
  'SQS.SendMessage': {
    ms: 15,
    source:
      'SQS FIFO producer → Lambda consumer p50 28.1 ms end to end, send included (https://bitesizedserverless.com/bite/serverless-messaging-latency-compared/); the send taken as about half',
  },
  'ApiGatewayManagementApi.PostToConnection': {
    ms: 15,
    source: 'no published figure found: an HTTPS call to execute-api in the same Region, assumed like an SQS send',
  },
};
export const DEFAULT_CALL: CallLatency = { ms: 10, source: 'any other call: assumed' };

/** Lambda gives CPU in proportion to memory: one vCPU at 1,769 MB (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html). */
export const MB_PER_VCPU = 1769;

export interface BillingBasis {
  readonly memoryMb: number;
  /** How much slower than this machine's one core a function of that memory computes (≥ 1). */
  readonly cpuSlowdown: number;
}

/** The stack's memory setting, read from the CDK code rather than repeated here. */
export async function stackBillingBasis(): Promise<BillingBasis> {
  const { MEMORY_MB } = await import('../../infra/handler-functions.js');
  return billingBasis(MEMORY_MB);
}

const callMs = (call: string) => (CALL_LATENCY[call] ?? DEFAULT_CALL).ms;

export interface BilledInvocation {
  readonly computeMs: number;
  readonly awsMs: number;
  readonly billedMs: number;
}

/**
 * This machine's compute of one invocation: the CPU time it took outside its SDK calls, or, for a
 * record without it, its wall time minus the time any SDK call was in flight. The CPU time is the
 * honest one on a shared machine: wall time also counts the waits for a core that other processes
 * held, which a Lambda function with its own CPU share would not have.
 */
export const localComputeMs = (record: Pick<InvocationRecord, 'wallMs' | 'localAwsMs' | 'cpuMs'>): number =>
  record.cpuMs ?? Math.max(0, record.wallMs - record.localAwsMs);

/** The invocation's SDK calls on AWS: each wave of calls in flight together costs its slowest call. */
export const modelledAwsMs = (record: Pick<InvocationRecord, 'waves'>): number =>
  record.waves.reduce((sum, wave) => sum + Math.max(0, ...wave.map(callMs)), 0);

export function billInvocation(record: InvocationRecord, basis: BillingBasis): BilledInvocation {
  const computeMs = localComputeMs(record) * basis.cpuSlowdown;
  const awsMs = modelledAwsMs(record);
  return { computeMs, awsMs, billedMs: billedMs(computeMs + awsMs) };
}

/** Lambda bills each invocation's duration rounded up to the next 1 ms. */
export const billedMs = (durationMs: number): number => Math.max(1, Math.ceil(durationMs));

/** The basis for a memory setting: CPU in proportion to memory, never faster than this machine's core. */
export const billingBasis = (memoryMb: number): BillingBasis => ({
  memoryMb,
  cpuSlowdown: Math.max(1, MB_PER_VCPU / memoryMb),
});

/** The price of one billed invocation's duration, in dollars. */
export const durationPrice = (billedMs: number, basis: BillingBasis): number =>
  (basis.memoryMb / 1024) * (billedMs / 1000) * PRICES.lambda.perGbSecondArm64;

export function latencyNotes(): string[] {
  return [
    ...Object.entries(CALL_LATENCY).map(([call, { ms, source }]) => `${call}: ${ms} ms (${source})`),
    `${DEFAULT_CALL.ms} ms: ${DEFAULT_CALL.source}`,
  ];
}
