import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { applyMove, parseMoveArgs } from '../engine/index.js';
import type { StoredMatch } from '../ports/index.js';
import {
  appliedMoveKey,
  type QueuedMove,
  queuedMoveSchema,
  REMEMBERED_MOVE_IDS,
  type ServerMessage,
} from '../protocol/index.js';
import { broadcastState } from './broadcast.js';
import { type Outbox, outboxFor, sendTo } from './delivery.js';
import type { HandlerDeps } from './deps.js';
import { describeError } from './log-fields.js';
import { ackMessage, errorMessage, gameOf } from './messages.js';
import { MAX_WRITE_ATTEMPTS } from './retry.js';

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
  for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
    if ((await applyQueuedMove(deps, outbox, move)) === 'done') return;
    deps.logger.warn('queue.version_conflict', { matchId: move.gameSessionId, moveId: move.moveId, attempt });
  }
  throw new Error(`match ${move.gameSessionId} kept changing under move ${move.moveId}`);
}

function parseRecord(body: string): QueuedMove | undefined {
  try {
    const parsed = queuedMoveSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A rule that throws is a bug in the game, and it throws again on every retry: failing the record
 * would only hold up the match's FIFO group until the dead-letter queue takes it. So the move is
 * dropped, the sender hears `internal`, and the log keeps the details for the game's author.
 */
function applyRules(
  deps: QueueDeps,
  stored: StoredMatch,
  move: QueuedMove,
): ReturnType<typeof applyMove> | 'rules_threw' {
  // Outside the try: a game this deployment does not serve is a configuration error that a fix
  // and a redelivery can cure, so it fails the record.
  const game = gameOf(deps.games, stored.match);
  try {
    return applyMove(game, stored.match, { player: move.userId, move: move.move, args: move.args });
  } catch (error) {
    deps.logger.error('queue.rules_threw', { matchId: stored.id, moveId: move.moveId, error: describeError(error) });
    return 'rules_threw';
  }
}

/** One attempt: read, decide, write on the version read. 'conflict' means someone wrote in between. */
async function applyQueuedMove(deps: QueueDeps, outbox: Outbox, move: QueuedMove): Promise<'done' | 'conflict'> {
  const stored = await deps.matches.get(move.gameSessionId);
  if (stored === undefined) {
    await tellSender(deps, outbox, move, errorMessage('unknown_game', undefined, move.moveId));
    return 'done';
  }

  const key = appliedMoveKey(move.userId, move.moveId);
  if (stored.appliedMoves.includes(key)) {
    // A redelivery, or the client resending: acknowledge again, never apply twice. The version is
    // the match's current one, which includes the move.
    await tellSender(deps, outbox, move, ackMessage(move.moveId, stored.match.version));
    return 'done';
  }

  const result = applyRules(deps, stored, move);
  if (result === 'rules_threw') {
    await tellSender(deps, outbox, move, errorMessage('internal', undefined, move.moveId));
    return 'done';
  }
  if (!result.ok) {
    // Dropped: only the sender hears why (not their turn, game not running, illegal move, ...).
    await tellSender(deps, outbox, move, errorMessage(result.error.code, result.error.message, move.moveId));
    return 'done';
  }

  const next = result.value;
  const now = deps.clock.now();
  // What the rules saw (the schema's output, unknown keys stripped), never the raw frame's args.
  const args = parseMoveArgs(gameOf(deps.games, next), move.move, move.args);
  const entry = {
    version: next.version,
    player: move.userId,
    moveId: move.moveId,
    move: move.move,
    args: args.ok ? args.value : undefined,
    at: now,
  };
  const outcome = await deps.matches.update(stored, { next, appliedMove: { key, entry }, now });
  if (outcome === 'conflict') return 'conflict';

  const written: StoredMatch = {
    ...stored,
    match: next,
    appliedMoves: [...stored.appliedMoves, key].slice(-REMEMBERED_MOVE_IDS),
    updatedAt: now,
  };
  await announce(deps, outbox, written, move);
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
async function announce(deps: QueueDeps, outbox: Outbox, written: StoredMatch, move: QueuedMove): Promise<void> {
  const game = gameOf(deps.games, written.match);
  try {
    await broadcastState({ ...outbox, clock: deps.clock }, game, written, {
      connectionId: move.connectionId,
      userId: move.userId,
      ack: { id: move.moveId, version: written.match.version },
    });
  } catch (error) {
    deps.logger.error('queue.fanout_failed', {
      matchId: written.id,
      version: written.match.version,
      error: describeError(error),
    });
  }
}
