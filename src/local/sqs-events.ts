import { createHash } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/** What the Lambda event source mapping calls: the queue handler, or anything shaped like it. */
// biome-ignore lint/suspicious/noConfusingVoidType: Lambda's SQSHandler may resolve to void, meaning "all succeeded".
export type SqsConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | undefined | void>;

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT_ID = '000000000000';
/** Any well-formed IAM user id: SQS reports the sender's, and nothing reads it. */
const LOCAL_SENDER_ID = 'AIDAIENQZJOLO23YVJ4VO';

export const queueArn = (queueName: string): string => `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:${queueName}`;

export interface ReceivedMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly groupId: string;
  readonly deduplicationId: string;
  readonly sequenceNumber: string;
  readonly sentAt: number;
  readonly receiveCount: number;
  readonly firstReceivedAt: number;
}

/** One record exactly as Lambda's SQS event source delivers a FIFO message (attributes are strings). */
export function sqsRecord(message: ReceivedMessage, eventSourceARN: string): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      SequenceNumber: message.sequenceNumber,
      MessageGroupId: message.groupId,
      SenderId: LOCAL_SENDER_ID,
      MessageDeduplicationId: message.deduplicationId,
      ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(message.body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN,
    awsRegion: LOCAL_REGION,
  };
}

/**
 * Which records of a batch must come back, given the consumer's answer (or its exception), following
 * Lambda's ReportBatchItemFailures: a throw or an unknown/empty identifier fails the whole batch. On a
 * FIFO queue everything after the first failure also comes back, even if the consumer forgot to report
 * it, because deleting a later message would let it overtake the failed one.
 */
export function failedFrom(records: readonly SQSRecord[], outcome: SqsOutcome): number {
  if (!outcome.ok) return 0;
  const failures = outcome.response?.batchItemFailures ?? [];
  let first = records.length;
  for (const failure of failures) {
    const index = records.findIndex((record) => record.messageId === failure.itemIdentifier);
    if (index < 0) return 0;
    first = Math.min(first, index);
  }
  return first;
}

export type SqsOutcome =
  | { readonly ok: true; readonly response: Awaited<ReturnType<SqsConsumer>> }
  | { readonly ok: false; readonly error: unknown };

export async function invokeConsumer(consumer: SqsConsumer, records: SQSRecord[]): Promise<SqsOutcome> {
  try {
    return { ok: true, response: await consumer({ Records: records }) };
  } catch (error) {
    return { ok: false, error };
  }
}
