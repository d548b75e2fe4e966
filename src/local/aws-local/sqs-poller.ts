import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Logger } from '../../ports/index.js';
import { failedFrom, invokeConsumer, type SqsConsumer, sqsRecord } from '../sqs-events.js';

/** An engine that answers an empty short poll at once is asked again no sooner than this. */
const IDLE_POLL_MS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SqsPollerOptions {
  readonly client: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly consumer: SqsConsumer;
  readonly logger: Logger;
  /** Lambda polls a FIFO queue with several pollers; SQS itself keeps each group to one batch in flight. */
  readonly pollers?: number;
  /** How soon failed records come back (Lambda waits the visibility timeout; locally it is shortened). */
  readonly redeliveryDelayMs: number;
}

/**
 * The Lambda SQS event source mapping in miniature: long-polls batches of up to 10, hands them to the
 * queue handler as an SQSEvent, deletes what succeeded and, per ReportBatchItemFailures, leaves the
 * failed record and everything after it for redelivery.
 */
export class SqsPoller {
  private running = true;
  private inFlight = 0;
  private readonly loops: Promise<void>[];

  constructor(private readonly options: SqsPollerOptions) {
    this.loops = Array.from({ length: options.pollers ?? 2 }, () => this.loop());
  }

  private async loop(): Promise<void> {
    const { client, queueUrl, logger } = this.options;
    while (this.running) {
      try {
        const asked = Date.now();
        // Short polls: local-aws-sqs holds a long poll until a FULL batch of 10 arrives (real SQS
        // answers as soon as any message is there), which would add a second to every move.
        const received = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 0,
            MessageSystemAttributeNames: ['All'],
          }),
        );
        const messages = received.Messages ?? [];
        if (messages.length > 0) await this.handle(messages);
        else if (Date.now() - asked < IDLE_POLL_MS) await sleep(IDLE_POLL_MS);
      } catch (error) {
        if (!this.running) return;
        logger.error('sqs_poller.failed', { error: String(error) });
        await sleep(200);
      }
    }
  }

  private async handle(messages: Message[]): Promise<void> {
    const { client, queueUrl, queueArn, consumer } = this.options;
    this.inFlight += 1;
    try {
      const records = messages.map((message) => sqsRecord(received(message), queueArn));
      const firstFailed = failedFrom(records, await invokeConsumer(consumer, records));
      const done = messages.slice(0, firstFailed);
      if (done.length > 0) {
        await client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
          }),
        );
      }
      const visibility = Math.ceil(this.options.redeliveryDelayMs / 1000);
      for (const message of messages.slice(firstFailed)) {
        await client.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrl,
            ReceiptHandle: message.ReceiptHandle,
            VisibilityTimeout: visibility,
          }),
        );
      }
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Resolves once the queue holds nothing, visible or in flight. */
  async drain(): Promise<void> {
    for (;;) {
      const { Attributes = {} } = await this.options.client.send(
        new GetQueueAttributesCommand({
          QueueUrl: this.options.queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      const waiting =
        Number(Attributes.ApproximateNumberOfMessages ?? 0) +
        Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
      if (waiting === 0 && this.inFlight === 0) return;
      await sleep(25);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}

/** An SDK message in the shape the local FIFO queue builds records from. */
function received(message: Message) {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    groupId: attributes.MessageGroupId ?? '',
    deduplicationId: attributes.MessageDeduplicationId ?? '',
    sequenceNumber: attributes.SequenceNumber ?? '',
    sentAt: Number(attributes.SentTimestamp ?? 0),
    receiveCount: Number(attributes.ApproximateReceiveCount ?? 1),
    firstReceivedAt: Number(attributes.ApproximateFirstReceiveTimestamp ?? 0),
  };
}
