import type { APIGatewayProxyResult } from 'aws-lambda';
import { ledgerReply } from '../protocol/index.js';
import { requestBotTurn } from './bot-turns.js';
import { outboxFor, sendTo } from './delivery.js';
import type { HandlerDeps } from './deps.js';
import { endpointOf, respond, type WebSocketEvent } from './events.js';
import { refusedForRate } from './frame-limit.js';
import { errorMessage, gameOf, stateMessage } from './messages.js';
import { ledgerOf } from './settle-move.js';

/**
 * The `sync` route: the sender's own current state and, for a seated player, their move ledger (last
 * settled move number and recent outcomes), so a client that reconnects (or just opened: nothing can
 * be sent during `$connect`) learns where it stands, how each of its moves ended, and which number
 * its next move takes. A bot that should be moving is asked to (bot-turns.ts).
 */
export function createSyncHandler(
  deps: Pick<HandlerDeps, 'games' | 'matches' | 'connections' | 'fanout' | 'clock' | 'logger' | 'frames'> &
    Partial<Pick<HandlerDeps, 'ordering' | 'queue' | 'scheduler'>>,
) {
  return async (event: WebSocketEvent): Promise<APIGatewayProxyResult> => {
    const { connectionId } = event.requestContext;
    const outbox = outboxFor(deps, endpointOf(event));
    if (await refusedForRate(deps, outbox, event)) return respond(200);

    // The row, not the authorizer's context (which the move route uses): sync is how a client learns
    // that its row is gone (fan-out can no longer find it), and answers unknown_connection so the
    // client reconnects (test/client/game-client.test.ts). Once per (re)connect, not per move.
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
    const ownLedger = stored.match.players.includes(connection.userId)
      ? { ledger: ledgerReply(ledgerOf(stored, connection.userId)) }
      : {};
    await sendTo(outbox, connectionId, stateMessage(game, stored, connection.userId, ownLedger, deps.clock.now()));
    // A bot that may act but has not (its turn lost to a crash after the write before it) is asked again:
    // whoever waits for it syncs when they reconnect.
    await requestBotTurn(deps, stored);
    return respond(200);
  };
}
