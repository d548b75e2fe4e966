import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { createSqsMoveQueue } from '../../../src/aws/sqs-move-queue.js';
import type { MoveQueue } from '../../../src/ports/index.js';
import { startSqsLocal } from '../../support/sqs-local.js';

/**
 * The SQS FIFO move queue adapter on local-aws-sqs, plus the consuming side the Lambda event source
 * mapping would be: receive a batch as SQS records, delete the handled ones, release the failed ones.
 */
export interface LocalMoveQueue {
  readonly moveQueue: MoveQueue;
  /** The SQS client on local-aws-sqs, for building adapters aimed elsewhere. */
  readonly client: SQSClient;
  readonly queueUrl: string;
  /** Up to 10 records available now, in FIFO order (a group behind an in-flight message waits). */
  receive(): Promise<SQSRecord[]>;
  acknowledge(records: readonly SQSRecord[]): Promise<void>;
  /** Makes records visible again at once, as their visibility timeout running out would. */
  release(records: readonly SQSRecord[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalMoveQueue(): Promise<LocalMoveQueue> {
  const sqs = await startSqsLocal();
  const queueUrl = await sqs.createFifoQueue();
  const { client } = sqs;
  return {
    moveQueue: createSqsMoveQueue({ client, queueUrl }),
    client,
    queueUrl,
    async receive() {
      const output = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          VisibilityTimeout: 30,
          MessageSystemAttributeNames: ['All'],
        }),
      );
      return (output.Messages ?? []).map(toRecord);
    },
    async acknowledge(records) {
      if (records.length === 0) return;
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: records.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
        }),
      );
    },
    async release(records) {
      for (const record of records) {
        await client.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrl,
            ReceiptHandle: record.receiptHandle,
            VisibilityTimeout: 0,
          }),
        );
      }
    },
    stop: () => sqs.stop(),
  };
}

/** An SQS message as the Lambda event source hands it over. */
function toRecord(message: Message): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? '0',
      SenderId: attributes.SenderId ?? '',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? '0',
      ...(attributes.SequenceNumber === undefined ? {} : { SequenceNumber: attributes.SequenceNumber }),
      ...(attributes.MessageGroupId === undefined ? {} : { MessageGroupId: attributes.MessageGroupId }),
      ...(attributes.MessageDeduplicationId === undefined
        ? {}
        : { MessageDeduplicationId: attributes.MessageDeduplicationId }),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:moves.fifo',
    awsRegion: 'us-east-1',
  };
}
