import type { APIGatewayProxyResult } from 'aws-lambda';
import { CONNECTION_LIMIT, GAME_QUERY_PARAMETER } from '../protocol/index.js';
import { connectionExpiresAt } from './connect-window.js';
import type { HandlerDeps } from './deps.js';
import { authorizedUserId, queryValue, respond, type WebSocketEvent } from './events.js';

/** A refusal's body, for clients that can read it (Node's `ws` can; browsers only see the status). */
const refuse = (statusCode: number, code: string, message: string): APIGatewayProxyResult =>
  respond(statusCode, JSON.stringify({ error: { code, message } }));

/**
 * `$connect`: registers the connection under the verified user and the match it watches. A non-2xx
 * answer refuses the WebSocket upgrade with that HTTP status. Nothing is sent to the client here: API
 * Gateway answers Gone to a post while `$connect` is still running, so the client sends `sync` once
 * the socket is open.
 */
export function createConnectHandler(
  deps: Pick<HandlerDeps, 'matches' | 'connections' | 'clock' | 'logger' | 'allowSpectators' | 'connectionLimit'>,
) {
  return async (event: WebSocketEvent): Promise<APIGatewayProxyResult> => {
    const { connectionId } = event.requestContext;
    const userId = authorizedUserId(event);
    // The seed stored the placeholder "header-required"; without a verified user there is no connection.
    if (userId === undefined) return refuse(401, 'unauthorized', 'no verified user: sign in and connect again');

    const matchId = queryValue(event.queryStringParameters, GAME_QUERY_PARAMETER);
    if (!matchId) return refuse(400, 'bad_frame', `name the match: ?${GAME_QUERY_PARAMETER}=<matchId>`);

    const stored = await deps.matches.get(matchId);
    if (stored === undefined) return refuse(404, 'unknown_game', `there is no match "${matchId}"`);
    if (!stored.match.players.includes(userId) && !deps.allowSpectators) {
      return refuse(403, 'forbidden', 'you hold no seat in this match and spectators are not allowed');
    }

    const connectedAt = deps.clock.now();
    const crowded = await crowdedOut(deps, stored.match.players, matchId, userId, connectedAt);
    if (crowded !== undefined) {
      deps.logger.warn('connection.crowded_out', { matchId, userId, connectionId });
      return refuse(429, 'too_many_connections', crowded);
    }
    const outcome = await deps.connections.put({
      connectionId,
      gameSessionId: matchId,
      userId,
      connectedAt,
      // API Gateway closes every connection after two hours, so the row is stale by then; fan-out
      // also reads the row's age from it (connect-window.ts).
      expiresAt: connectionExpiresAt(connectedAt),
    });
    // Connection ids are unique per API, so a clash is this very $connect replayed: fine if it matches.
    if (outcome === 'conflict') {
      const existing = await deps.connections.get(connectionId, connectedAt);
      if (existing?.userId !== userId || existing.gameSessionId !== matchId) {
        return refuse(409, 'forbidden', 'this connection is already registered to someone else');
      }
    }

    deps.logger.info('connection.opened', { connectionId, matchId, userId });
    return respond(200);
  };
}

/**
 * Why this connection would be one too many (protocol `CONNECTION_LIMIT`): its seated user holds as
 * many as a player may, or, for anyone else, the match has as many spectators as it takes. Counted
 * from the match's live connections: connections opened in the same instant may pass together.
 */
async function crowdedOut(
  deps: Pick<HandlerDeps, 'connections' | 'connectionLimit'>,
  players: readonly string[],
  matchId: string,
  userId: string,
  now: number,
): Promise<string | undefined> {
  const limit = deps.connectionLimit ?? CONNECTION_LIMIT;
  const live = await deps.connections.listByGame(matchId, now);
  if (players.includes(userId)) {
    const own = live.filter((connection) => connection.userId === userId).length;
    return own >= limit.perPlayer ? `you hold ${own} connections to this match, the most a player may` : undefined;
  }
  const watching = live.filter((connection) => !players.includes(connection.userId)).length;
  return watching >= limit.spectators ? `this match has ${watching} spectators, the most it takes` : undefined;
}
