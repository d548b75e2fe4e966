import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  isQueuedBotTurn,
  isQueuedLeave,
  isQueuedTimeout,
  type QueueMessage,
  queueMessageSchema,
} from '../protocol/index.js';
import { continueBots, settleBotTurn } from './bot-turns.js';
import { settleLeave } from './leave.js';
import { describeError } from './log-fields.js';
import { type SettleDeps, settleAndAnnounce } from './settle-and-announce.js';
import { settleTimeout } from './turn-timeout.js';

/**
 * The SQS FIFO consumer (ordering mode `fifo`): applies each record's move in order. Expected
 * outcomes (a rejected move, a missing match, a redelivery) are answered to the sender and the
 * record counts as done; an unexpected failure stops the batch and reports that record and every
 * later one, so SQS redelivers them in their order (the FIFO partial batch rule: later records must
 * not overtake a failed one).
 */
export function createQueueHandler(deps: SettleDeps) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    for (const [index, record] of event.Records.entries()) {
      try {
        await handleRecord(deps, record);
      } catch (error) {
        deps.logger.error('queue.record_failed', { messageId: record.messageId, error: describeError(error) });
        return {
          batchItemFailures: event.Records.slice(index).map(({ messageId }) => ({ itemIdentifier: messageId })),
        };
      }
    }
    return { batchItemFailures: [] };
  };
}

async function handleRecord(deps: SettleDeps, record: SQSRecord): Promise<void> {
  const message = parseRecord(record.body);
  if (message === undefined) {
    // Only the move route writes to this queue, so this is not a client's mistake, and retrying a
    // record that can never parse would only block its match's FIFO group: log it and let it go.
    deps.logger.error('queue.malformed_record', { messageId: record.messageId });
    return;
  }
  if (isQueuedTimeout(message)) {
    // A turn's timer, in the match's own order: it applies only if no move of that turn came first.
    if ((await settleTimeout(deps, message, 'queue')) === 'conflict') {
      throw new Error(`match ${message.gameSessionId} kept changing under its turn ${message.turn} timeout`);
    }
    return;
  }
  if (isQueuedLeave(message)) {
    // A player leaving, in the match's own order: after every move they and the others queued before it.
    if ((await settleLeave(deps, message, 'queue')) === 'conflict') {
      throw new Error(`match ${message.gameSessionId} kept changing under ${message.userId}'s leave`);
    }
    return;
  }
  if (isQueuedBotTurn(message)) {
    // One bot move, in the match's own order; then the next bot's turn, if a bot may still act.
    const settled = await settleBotTurn(deps, message.gameSessionId, 'queue');
    if (settled.kind === 'conflict') throw new Error(`match ${message.gameSessionId} kept changing under a bot's turn`);
    if (settled.kind !== 'unknown') await continueBots(deps, settled.written);
    return;
  }
  if ((await settleAndAnnounce(deps, message, 'queue')) === 'conflict') {
    throw new Error(`match ${message.gameSessionId} kept changing under move ${message.moveId}`);
  }
}

function parseRecord(body: string): QueueMessage | undefined {
  try {
    const parsed = queueMessageSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
