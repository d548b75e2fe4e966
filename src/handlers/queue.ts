import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { StoredMatch } from '../ports/index.js';
import { type QueuedMove, queuedMoveSchema, type ServerMessage } from '../protocol/index.js';
import { broadcastState } from './broadcast.js';
import { type Outbox, outboxFor, sendTo } from './delivery.js';
import type { HandlerDeps } from './deps.js';
import { describeError } from './log-fields.js';
import { errorMessage, gameOf } from './messages.js';
import { MAX_WRITE_ATTEMPTS, TRANSIENT_RETRY, withRetries } from './retry.js';
import { type Ack, settleMove } from './settle-move.js';

type QueueDeps = Pick<HandlerDeps, 'games' | 'matches' | 'connections' | 'fanout' | 'clock' | 'logger'>;

/**
 * The SQS FIFO consumer: applies each record's move in order. Expected outcomes (a rejected move, a
 * missing match, a redelivery) are answered to the sender and the record counts as done; an
 * unexpected failure stops the batch and reports that record and every later one, so SQS redelivers
 * them in their order (the FIFO partial batch rule: later records must not overtake a failed one).
 */
export function createQueueHandler(deps: QueueDeps) {
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

async function handleRecord(deps: QueueDeps, record: SQSRecord): Promise<void> {
  const move = parseRecord(record.body);
  if (move === undefined) {
    // Only the move route writes to this queue, so this is not a client's mistake, and retrying a
    // record that can never parse would only block its match's FIFO group: log it and let it go.
    deps.logger.error('queue.malformed_record', { messageId: record.messageId });
    return;
  }
  const outbox = outboxFor(deps, move.endpoint);
  const where = { matchId: move.gameSessionId, moveId: move.moveId };
  // Safe to repeat: each attempt reads afresh, and a move already settled is answered from the ledger.
  const outcome = await withRetries(() => settleQueuedMove(deps, outbox, move), {
    policy: { ...TRANSIENT_RETRY, maxAttempts: MAX_WRITE_ATTEMPTS },
    retryIf: (result) => result === 'conflict',
    onRetry: ({ attempt, delayMs, reason }) =>
      reason === 'conflict'
        ? deps.logger.warn('queue.version_conflict', { ...where, attempt, delayMs })
        : deps.logger.warn('queue.transient_failure', { ...where, attempt, delayMs, error: describeError(reason) }),
  });
  if (outcome === 'conflict') throw new Error(`match ${move.gameSessionId} kept changing under move ${move.moveId}`);
}

function parseRecord(body: string): QueuedMove | undefined {
  try {
    const parsed = queuedMoveSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** One attempt: read, settle, write on the version read. 'conflict' means someone wrote in between. */
async function settleQueuedMove(deps: QueueDeps, outbox: Outbox, move: QueuedMove): Promise<'done' | 'conflict'> {
  const stored = await deps.matches.get(move.gameSessionId);
  if (stored === undefined) {
    await tellSender(deps, outbox, move, errorMessage('unknown_game', undefined, move.moveId));
    return 'done';
  }
  // Outside settleMove's guard: a game this deployment does not serve is a configuration error that
  // a fix and a redelivery can cure, so it fails the record.
  const game = gameOf(deps.games, stored.match);
  const submission = { player: move.userId, moveId: move.moveId, seq: move.seq, move: move.move, args: move.args };
  const settlement = settleMove(game, stored, submission, deps.clock.now(), deps.logger);
  if (settlement.kind === 'answer') {
    // A repeat or a frame out of sequence: answered from the ledger, nothing applied, nothing written.
    await tellSender(deps, outbox, move, settlement.message);
    return 'done';
  }
  if ((await deps.matches.update(stored, settlement.update)) === 'conflict') return 'conflict';
  if (settlement.kind === 'refuse') {
    // Dropped: only the sender hears why (not their turn, game not running, illegal move, ...).
    await tellSender(deps, outbox, move, settlement.message);
    return 'done';
  }
  await announce(deps, outbox, settlement.written, move, settlement.ack);
  return 'done';
}

/**
 * Answers the sender, best effort. The decision is made and nothing is left to redo: failing the
 * record over an undeliverable notice would stall every later move of the match until SQS
 * redelivers, for a message the client can recover with a resend (same id) or a `sync`.
 */
async function tellSender(deps: QueueDeps, outbox: Outbox, move: QueuedMove, message: ServerMessage): Promise<void> {
  try {
    await sendTo(outbox, move.connectionId, message);
  } catch (error) {
    deps.logger.error('queue.notice_failed', {
      connectionId: move.connectionId,
      moveId: move.moveId,
      error: describeError(error),
    });
  }
}

/**
 * Tells everyone. The move is already stored, so a failing fan-out must not fail the record: a retry
 * would find the move applied and only re-ack the mover. Clients that missed this state catch up
 * with the next one or a `sync`.
 */
async function announce(
  deps: QueueDeps,
  outbox: Outbox,
  written: StoredMatch,
  move: QueuedMove,
  ack: Ack,
): Promise<void> {
  const game = gameOf(deps.games, written.match);
  try {
    await broadcastState({ ...outbox, clock: deps.clock }, game, written, {
      connectionId: move.connectionId,
      userId: move.userId,
      ack,
    });
  } catch (error) {
    deps.logger.error('queue.fanout_failed', {
      matchId: written.id,
      version: written.match.version,
      error: describeError(error),
    });
  }
}
