import type { APIGatewayProxyResult } from 'aws-lambda';
import { actionOf, moveIdOf } from '../protocol/index.js';
import { outboxFor, sendTo } from './delivery.js';
import type { HandlerDeps } from './deps.js';
import { bodyOf, endpointOf, respond, type WebSocketEvent } from './events.js';
import { refusedForRate } from './frame-limit.js';
import { errorMessage } from './messages.js';

/** `$default`: whatever matched no route (non-JSON, no `action`, an unknown one) gets a typed error. */
export function createDefaultHandler(
  deps: Pick<HandlerDeps, 'connections' | 'fanout' | 'logger' | 'frames' | 'clock'>,
) {
  return async (event: WebSocketEvent): Promise<APIGatewayProxyResult> => {
    const { connectionId } = event.requestContext;
    const outbox = outboxFor(deps, endpointOf(event));
    if (await refusedForRate(deps, outbox, event)) return respond(200);
    const body = bodyOf(event);
    const action = actionOf(body);
    const message =
      action === undefined
        ? 'send JSON with an "action": "move" or "sync"'
        : `no action "${action.slice(0, 64)}": use "move" or "sync"`;
    // A frame with a move id is a move whose action was mistyped: naming it lets the client settle it.
    await sendTo(outbox, connectionId, errorMessage('unknown_action', message, moveIdOf(body)));
    return respond(200);
  };
}
