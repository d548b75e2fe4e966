import type { APIGatewayProxyResult } from 'aws-lambda';
import { outboxFor, sendTo } from './delivery.js';
import type { HandlerDeps } from './deps.js';
import { endpointOf, respond, type WebSocketEvent } from './events.js';
import { appliedMoveIds, errorMessage, gameOf, stateMessage } from './messages.js';

/**
 * The `sync` route: the sender's own current state, with the move ids of theirs the match applied
 * recently, so a client that reconnects (or just opened: nothing can be sent during `$connect`)
 * learns where it stands and which of its moves landed.
 */
export function createSyncHandler(
  deps: Pick<HandlerDeps, 'games' | 'matches' | 'connections' | 'fanout' | 'clock' | 'logger'>,
) {
  return async (event: WebSocketEvent): Promise<APIGatewayProxyResult> => {
    const { connectionId } = event.requestContext;
    const outbox = outboxFor(deps, endpointOf(event));

    const connection = await deps.connections.get(connectionId, deps.clock.now());
    if (connection === undefined) {
      await sendTo(outbox, connectionId, errorMessage('unknown_connection'));
      return respond(200);
    }
    const stored = await deps.matches.get(connection.gameSessionId);
    if (stored === undefined) {
      await sendTo(outbox, connectionId, errorMessage('unknown_game'));
      return respond(200);
    }
    const game = gameOf(deps.games, stored.match);
    const applied = appliedMoveIds(stored, connection.userId);
    await sendTo(outbox, connectionId, stateMessage(game, stored, connection.userId, { applied }));
    return respond(200);
  };
}
