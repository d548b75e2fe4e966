import type { APIGatewayProxyResult } from 'aws-lambda';
import { moveIdOf, parseMoveFrame, type QueuedMove } from '../protocol/index.js';
import { answerAhead } from './answer-ahead.js';
import { type Outbox, outboxFor, sendTo } from './delivery.js';
import type { HandlerDeps } from './deps.js';
import { authorizedMatchId, authorizedUserId, bodyOf, endpointOf, respond, type WebSocketEvent } from './events.js';
import { refusedForRate } from './frame-limit.js';
import { describeError } from './log-fields.js';
import { errorMessage } from './messages.js';
import { withRetries } from './retry.js';
import { type SettleDeps, settleAndAnnounce } from './settle-and-announce.js';

type MoveDeps = SettleDeps & Pick<HandlerDeps, 'ordering' | 'queue' | 'frames'>;

/**
 * The `move` route: spends a frame of the sender's budget (frame-limit.ts), checks the frame and
 * learns who sent it for which match (from the authorizer's context, or else the connections table;
 * never from the body), then, by the deployment's ordering mode, settles it here and now (`direct`)
 * or queues it for the match's FIFO group (`fifo`: the queue consumer settles it), unless it can be
 * settled without a place in the match's order (answer-ahead.ts). Either way the move is settled by
 * the same code (settle-and-announce.ts).
 */
export function createMoveHandler(deps: MoveDeps) {
  // Absent exactly when this deployment settles moves here (direct).
  const queue = deps.ordering === 'fifo' ? queueOf(deps) : undefined;
  return async (event: WebSocketEvent): Promise<APIGatewayProxyResult> => {
    const { connectionId } = event.requestContext;
    const endpoint = endpointOf(event);
    const outbox = outboxFor(deps, endpoint);
    if (await refusedForRate(deps, outbox, event)) return respond(200);
    const body = bodyOf(event);

    const frame = parseMoveFrame(body);
    if (!frame.ok) {
      await sendTo(outbox, connectionId, errorMessage(frame.error.code, frame.error.message, moveIdOf(body)));
      return respond(200);
    }

    const receivedAt = deps.clock.now();
    const sender = await senderOf(deps, event, receivedAt);
    if (sender === undefined) {
      await sendTo(outbox, connectionId, errorMessage('unknown_connection', undefined, frame.value.id));
      return respond(200);
    }

    const move: QueuedMove = {
      moveId: frame.value.id,
      seq: frame.value.seq,
      gameSessionId: sender.matchId,
      userId: sender.userId,
      connectionId,
      move: frame.value.move,
      args: frame.value.args,
      endpoint,
      receivedAt,
    };
    if (queue === undefined) return settleHere(deps, outbox, move);
    // What can be settled without the queue is (answer-ahead.ts); should that fail, the consumer will.
    const ahead = await answerAhead(deps, outbox, move).catch((error: unknown) => {
      deps.logger.warn('move.answer_ahead_failed', { moveId: move.moveId, error: describeError(error) });
      return 'queue' as const;
    });
    if (ahead === 'done') return respond(200);
    try {
      // Safe to repeat: the deduplication id holds the move's id and seq, and the ledger answers a repeat.
      await withRetries(() => queue.send(move));
    } catch (error) {
      // The move was not queued: say so, naming the move, so the client can resend it (the same id
      // can never apply twice). The cause goes to the log only.
      deps.logger.error('move.queue_failed', { connectionId, moveId: move.moveId, error: describeError(error) });
      await sendTo(outbox, connectionId, errorMessage('internal', undefined, move.moveId));
      return respond(500);
    }
    return respond(200);
  };
}

function queueOf(deps: Pick<HandlerDeps, 'queue'>) {
  if (deps.queue === undefined) {
    throw new Error('ordering mode fifo needs a move queue: configure one, or choose the direct mode');
  }
  return deps.queue;
}

/**
 * Who sent this frame, for which match. The authorizer put both in the connection's context at
 * `$connect` (authorizer.ts), which spares every move a read of the connections table; a connection
 * opened before it did so (or through an authorizer that only sets the user) falls back to the row.
 */
async function senderOf(
  deps: Pick<HandlerDeps, 'connections'>,
  event: WebSocketEvent,
  now: number,
): Promise<{ readonly userId: string; readonly matchId: string } | undefined> {
  const userId = authorizedUserId(event);
  const matchId = authorizedMatchId(event);
  if (userId !== undefined && matchId !== undefined) return { userId, matchId };
  const connection = await deps.connections.get(event.requestContext.connectionId, now);
  return connection && { userId: connection.userId, matchId: connection.gameSessionId };
}

/**
 * The direct mode: settle the move in this invocation. API Gateway may run two frames of one player
 * in concurrent invocations; the per-player sequence (protocol/move-ledger.ts) and the version
 * condition keep them in send order, and the frame that arrived ahead of its predecessor is answered
 * `out_of_sequence` for the client to resend. A failure is told to the sender, naming the move: it
 * was not settled, so a resend (the same id) is safe.
 */
async function settleHere(deps: MoveDeps, outbox: Outbox, move: QueuedMove): Promise<APIGatewayProxyResult> {
  let failure: unknown;
  try {
    if ((await settleAndAnnounce(deps, move, 'move')) === 'done') return respond(200);
    failure = new Error(`match ${move.gameSessionId} kept changing under move ${move.moveId}`);
  } catch (error) {
    failure = error;
  }
  deps.logger.error('move.settle_failed', {
    connectionId: move.connectionId,
    matchId: move.gameSessionId,
    moveId: move.moveId,
    error: describeError(failure),
  });
  await sendTo(outbox, move.connectionId, errorMessage('internal', undefined, move.moveId));
  return respond(500);
}
