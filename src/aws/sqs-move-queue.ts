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

/**
 * The moves queue's visibility timeout as the stack deploys it (infra/move-queue.ts: the queue
 * function's 15 s timeout plus a 5 s margin; test/infra checks the two agree): how long a move held
 * by a consumer that crashed, and its whole match with it, waits before SQS hands it back. The SDK's
 * default confirm deadline (DEFAULT_CONFIRM_TIMEOUT_MS, 45 s) is more than twice this: that move,
 * delivered again, is settled and answered before the client gives up on it.
 */
export const MOVES_VISIBILITY_TIMEOUT_SECONDS = 20;
