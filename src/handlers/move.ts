import type { APIGatewayProxyResult } from 'aws-lambda';
import { moveIdOf, parseMoveFrame } from '../protocol/index.js';
import { outboxFor, sendTo } from './delivery.js';
import type { HandlerDeps } from './deps.js';
import { bodyOf, endpointOf, respond, type WebSocketEvent } from './events.js';
import { errorMessage } from './messages.js';

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

    await deps.queue.send({
      moveId: frame.value.id,
      gameSessionId: connection.gameSessionId,
      userId: connection.userId,
      connectionId,
      move: frame.value.move,
      args: frame.value.args,
      endpoint,
      receivedAt,
    });
    return respond(200);
  };
}
