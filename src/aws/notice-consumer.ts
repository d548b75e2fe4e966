import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import type { DeliveryOutcome } from '../notify/webhook-notifier.js';
import type { Logger } from '../ports/logger.js';
import { type PlayerNotice, playerNoticeSchema } from '../ports/notifier.js';

export interface NoticeConsumerOptions {
  /** One notice to the webhook, retries included (createNoticePoster). */
  readonly post: (notice: PlayerNotice) => Promise<DeliveryOutcome>;
  readonly logger: Logger;
}

/**
 * The notice function: takes a batch from the notice queue (sqs-notice-queue.ts) and POSTs each
 * notice, all at once (a standard queue keeps no order worth keeping). A notice that failed after
 * its retries goes back to the queue (a partial batch response) for SQS to hand out again after the
 * visibility timeout, and to the dead-letter queue in the end; one the receiver refused (4xx), or a
 * body that is no notice, is dropped: no retry could change the answer.
 */
export function createNoticeConsumer({ post, logger }: NoticeConsumerOptions) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const outcomes = await Promise.all(
      event.Records.map(async (record) => {
        const notice = parseNotice(record.body);
        if (notice === undefined) {
          logger.error('notify.bad_record', { messageId: record.messageId });
          return undefined;
        }
        return (await post(notice)) === 'failed' ? record.messageId : undefined;
      }),
    );
    return {
      batchItemFailures: outcomes.flatMap((id) => (id === undefined ? [] : [{ itemIdentifier: id }])),
    };
  };
}

function parseNotice(body: string): PlayerNotice | undefined {
  try {
    const parsed = playerNoticeSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** What the notice function reads (infra sets it): the receiver's URL and the secret's ARN, never its value. */
export const noticeFunctionEnvSchema = z.object({
  NOTICE_WEBHOOK_URL: z.url({ protocol: /^https?$/ }),
  NOTICE_WEBHOOK_SECRET_ARN: z.string().startsWith('arn:'),
});
