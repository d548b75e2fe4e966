import type { APIGatewayProxyResult } from 'aws-lambda';
import type { HandlerDeps } from './deps.js';
import { respond, type WebSocketEvent } from './events.js';

/** `$disconnect`: best effort on AWS (it may never come), so a missing row is fine and Gone cleans up the rest. */
export function createDisconnectHandler(deps: Pick<HandlerDeps, 'connections' | 'logger'>) {
  return async (event: WebSocketEvent): Promise<APIGatewayProxyResult> => {
    const { connectionId } = event.requestContext;
    await deps.connections.delete(connectionId);
    deps.logger.info('connection.closed', { connectionId });
    return respond(200);
  };
}
