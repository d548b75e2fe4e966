import {
  ChangeMessageVisibilityBatchCommand,
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
  /** How soon failed records come back (Lambda waits the visibility timeout; locally it is shortened). */
  readonly redeliveryDelayMs: number;
}

/**
 * The Lambda SQS event source mapping in miniature: polls batches of up to 10, hands each message
 * group's records to the queue handler as one SQSEvent (groups in parallel, as Lambda scales out per
 * group), deletes what succeeded and, per ReportBatchItemFailures, returns the failed record and
 * everything after it to the queue.
 *
 * One receive is outstanding at a time and the next waits for every batch to settle, because
 * local-aws-sqs does not keep a message group to one batch in flight as SQS does: a second poller
 * could take a game's later move while its earlier one is still being applied. Failed records are
 * made visible again at once (so they stay ahead of their group's later messages) and the poller
 * pauses for the redelivery delay instead.
 */
export class SqsPoller {
  private running = true;
  private busy = false;
  private readonly loop: Promise<void>;

  constructor(private readonly options: SqsPollerOptions) {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
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
        if (messages.length === 0) {
          if (Date.now() - asked < IDLE_POLL_MS) await sleep(IDLE_POLL_MS);
          continue;
        }
        this.busy = true;
        const failures = await Promise.all([...byGroup(messages).values()].map((group) => this.deliver(group)));
        this.busy = false;
        if (failures.some(Boolean)) await sleep(this.options.redeliveryDelayMs);
      } catch (error) {
        this.busy = false;
        if (!this.running) return;
        logger.error('sqs_poller.failed', { error: String(error) });
        await sleep(200);
      }
    }
  }

  /** Delivers one group's messages; answers whether any must come back. */
  private async deliver(messages: Message[]): Promise<boolean> {
    const { client, queueUrl, queueArn, consumer } = this.options;
    const records = messages.map((message) => sqsRecord(received(message), queueArn));
    const firstFailed = failedFrom(records, await invokeConsumer(consumer, records));
    const entries = (list: Message[]) =>
      list.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle }));
    const done = messages.slice(0, firstFailed);
    const failed = messages.slice(firstFailed);
    if (done.length > 0)
      await client.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries(done) }));
    if (failed.length > 0) {
      await client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: entries(failed).map((entry) => ({ ...entry, VisibilityTimeout: 0 })),
        }),
      );
    }
    return failed.length > 0;
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
      if (waiting === 0 && !this.busy) return;
      await sleep(25);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

/** Messages by MessageGroupId, each group in the order received (which is the group's order). */
function byGroup(messages: Message[]): Map<string, Message[]> {
  const groups = new Map<string, Message[]>();
  for (const message of messages) {
    const group = message.Attributes?.MessageGroupId ?? '';
    groups.set(group, [...(groups.get(group) ?? []), message]);
  }
  return groups;
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
