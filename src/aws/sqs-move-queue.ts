import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { QueueError } from '../ports/errors.js';
import { deduplicationId, type MoveQueue } from '../ports/move-queue.js';
import type { QueuedMove } from '../protocol/index.js';
import { isTransientAwsError } from './transient-errors.js';

export interface SqsMoveQueueOptions {
  readonly client: SQSClient;
  /** A FIFO queue (name ending in .fifo) without content-based deduplication. */
  readonly queueUrl: string;
}

/**
 * The move queue on SQS FIFO: one message group per match, so moves of a match are applied in
 * order while matches proceed in parallel; deduplicated per user and client move id (never by
 * content: two identical legal moves are two moves), for the five minutes SQS remembers an id.
 */
export function createSqsMoveQueue({ client, queueUrl }: SqsMoveQueueOptions): MoveQueue {
  return {
    async send(move: QueuedMove): Promise<void> {
      try {
        await client.send(
          new SendMessageCommand({
            QueueUrl: queueUrl,
            MessageBody: JSON.stringify(move),
            MessageGroupId: move.gameSessionId,
            MessageDeduplicationId: deduplicationId(move),
          }),
        );
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        throw new QueueError(`SQS SendMessage failed (${reason})`, {
          cause: error,
          transient: isTransientAwsError(error),
        });
      }
    },
  };
}
