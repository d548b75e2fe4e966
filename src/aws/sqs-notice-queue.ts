import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from '../ports/logger.js';
import { type Notifier, type PlayerNotice, playerNoticeSchema } from '../ports/notifier.js';

export interface SqsNoticeQueueOptions {
  readonly client: SQSClient;
  /** A standard queue: notices need no order, and its consumer is the notice function (notice-consumer.ts). */
  readonly queueUrl: string;
  readonly logger: Logger;
}

/** SendMessageBatch's ceiling. */
const BATCH = 10;

/**
 * The Notifier on AWS: notices go to an SQS queue, and the notice function delivers them to the
 * webhook, retrying there. Why not POST from the move's own function: Lambda freezes a function once
 * it returns, so a delivery left running would stall until the next invocation, and awaiting it would
 * hold the function (and in `fifo` mode the match's next move) for as long as the receiver hangs. One
 * SendMessageBatch, after the acks and the fan-out went out, costs the move nothing it waits for.
 * Never throws: a notice that cannot be queued is logged and lost, never a move's failure.
 */
export function createSqsNoticeQueue({ client, queueUrl, logger }: SqsNoticeQueueOptions): Notifier {
  return {
    async notify(notices) {
      const valid = notices.flatMap((notice) => {
        const parsed = playerNoticeSchema.safeParse(notice);
        if (!parsed.success) logger.error('notify.bad_notice', { issue: parsed.error.issues[0]?.message });
        return parsed.success ? [parsed.data] : [];
      });
      for (let start = 0; start < valid.length; start += BATCH) await send(valid.slice(start, start + BATCH));
    },
  };

  async function send(batch: readonly PlayerNotice[]): Promise<void> {
    try {
      const output = await client.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((notice, index) => ({ Id: String(index), MessageBody: JSON.stringify(notice) })),
        }),
      );
      for (const failed of output.Failed ?? []) {
        logger.error('notify.enqueue_failed', { code: failed.Code, matchId: batch[Number(failed.Id)]?.matchId });
      }
    } catch (error) {
      logger.error('notify.enqueue_failed', {
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        notices: batch.length,
      });
    }
  }
}
