import type { APIGatewayProxyResult } from 'aws-lambda';
import { moveIdOf, parseMoveFrame } from '../protocol/index.js';
import { outboxFor, sendTo } from './delivery.js';
import type { HandlerDeps } from './deps.js';
import { bodyOf, endpointOf, respond, type WebSocketEvent } from './events.js';
import { describeError } from './log-fields.js';
import { errorMessage } from './messages.js';
import { withRetries } from './retry.js';

/**
 * The `move` route: checks the frame, looks up who sent it (from the connections table, never from
 * the body) and queues it for the match's FIFO group. Whose turn it is, and whether the move is legal,
 * is the queue consumer's business: it reads the match strongly consistently, in order.
 */
export function createMoveHandler(deps: Pick<HandlerDeps, 'connections' | 'fanout' | 'queue' | 'clock' | 'logger'>) {
  return async (event: WebSocketEvent): Promise<APIGatewayProxyResult> => {
    const { connectionId } = event.requestContext;
    const endpoint = endpointOf(event);
    const outbox = outboxFor(deps, endpoint);
    const body = bodyOf(event);

    const frame = parseMoveFrame(body);
    if (!frame.ok) {
      await sendTo(outbox, connectionId, errorMessage(frame.error.code, frame.error.message, moveIdOf(body)));
      return respond(200);
    }

    const receivedAt = deps.clock.now();
    const connection = await deps.connections.get(connectionId, receivedAt);
    if (connection === undefined) {
      await sendTo(outbox, connectionId, errorMessage('unknown_connection', undefined, frame.value.id));
      return respond(200);
    }

    const queued = {
      moveId: frame.value.id,
      seq: frame.value.seq,
      gameSessionId: connection.gameSessionId,
      userId: connection.userId,
      connectionId,
      move: frame.value.move,
      args: frame.value.args,
      endpoint,
      receivedAt,
    };
    try {
      // Safe to repeat: the deduplication id holds the move's id and seq, and the ledger answers a repeat.
      await withRetries(() => deps.queue.send(queued));
    } catch (error) {
      // The move was not queued: say so, naming the move, so the client can resend it (the same id
      // can never apply twice). The cause goes to the log only.
      deps.logger.error('move.queue_failed', { connectionId, moveId: frame.value.id, error: describeError(error) });
      await sendTo(outbox, connectionId, errorMessage('internal', undefined, frame.value.id));
      return respond(500);
    }
    return respond(200);
  };
}
