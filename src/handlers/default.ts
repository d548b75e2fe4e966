import type { APIGatewayProxyResult } from 'aws-lambda';
import { actionOf } from '../protocol/index.js';
import { outboxFor, sendTo } from './delivery.js';
import type { HandlerDeps } from './deps.js';
import { bodyOf, endpointOf, respond, type WebSocketEvent } from './events.js';
import { errorMessage } from './messages.js';

/** `$default`: whatever matched no route (non-JSON, no `action`, an unknown one) gets a typed error. */
export function createDefaultHandler(deps: Pick<HandlerDeps, 'connections' | 'fanout' | 'logger'>) {
  return async (event: WebSocketEvent): Promise<APIGatewayProxyResult> => {
    const { connectionId } = event.requestContext;
    const outbox = outboxFor(deps, endpointOf(event));
    const action = actionOf(bodyOf(event));
    const message =
      action === undefined
        ? 'send JSON with an "action": "move" or "sync"'
        : `no action "${action.slice(0, 64)}": use "move" or "sync"`;
    await sendTo(outbox, connectionId, errorMessage('unknown_action', message));
    return respond(200);
  };
}
