/**
 * One representative first event per function, in the shapes API Gateway and EventBridge send (the
 * local gateway's builders, src/local/gateway/events.ts, which follow the seed's printed events), each
 * about a freshly opened match, and what a correct answer to it looks like.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  authorizerEvent,
  type ConnectionFacts,
  connectEvent,
  disconnectEvent,
  messageEvent,
  type StageInfo,
} from '../../src/local/gateway/events.js';
import { gatewayId, requestTime } from '../../src/local/gateway/ids.js';
import type { OpenMatch, Player } from './scenario.js';

export interface FirstEvent {
  readonly event: unknown;
  /** Why the answer is wrong, or undefined when it is what this event should get. */
  check(answer: unknown): string | undefined;
  /** The move this event must have applied, checked in the tables afterwards. */
  readonly applies?: string;
}

const MOVE_ID = 'cold-start-1';

const status = (expected: number) => (answer: unknown) => {
  const code = (answer as { statusCode?: unknown } | null)?.statusCode;
  return code === expected ? undefined : `expected status ${expected}, got ${JSON.stringify(answer).slice(0, 200)}`;
};

/** What API Gateway passes on after the authorizer allowed this player into this match (authorizer.ts). */
const facts = (player: Player, matchId: string, connectionId = player.connectionId): ConnectionFacts => ({
  connectionId,
  connectedAt: Date.now(),
  sourceIp: '127.0.0.1',
  userAgent: 'turngate-cold-start',
  authorizer: { principalId: player.userId, userId: player.userId, matchId, integrationLatency: 1 },
});

const upgrade = (stage: StageInfo, matchId: string, token: string) => ({
  headers: { single: { Host: stage.domainName }, multi: { Host: [stage.domainName] } },
  query: { single: { game: matchId, token }, multi: { game: [matchId], token: [token] } },
});

export function firstEvent(name: string, stage: StageInfo, match: OpenMatch): FirstEvent | undefined {
  const [mover, other] = match.players;
  const now = Date.now();
  switch (name) {
    case 'authorizer':
      return {
        event: authorizerEvent(
          stage,
          facts(mover, match.matchId, gatewayId()),
          upgrade(stage, match.matchId, mover.token),
          now,
        ),
        check: (answer) => {
          const effect = (answer as { policyDocument?: { Statement?: { Effect?: string }[] } })?.policyDocument
            ?.Statement?.[0]?.Effect;
          return effect === 'Allow' ? undefined : `expected Allow, got ${JSON.stringify(answer).slice(0, 200)}`;
        },
      };
    case 'connect':
      // A second connection of the same player (another tab): a new id, the same authorizer context.
      return {
        event: connectEvent(
          stage,
          facts(mover, match.matchId, gatewayId()),
          upgrade(stage, match.matchId, mover.token),
          now,
        ),
        check: status(200),
      };
    case 'disconnect':
      return { event: disconnectEvent(stage, facts(other, match.matchId), now), check: status(200) };
    case 'move':
      return {
        event: messageEvent(
          stage,
          facts(mover, match.matchId),
          'move',
          JSON.stringify({ action: 'move', id: MOVE_ID, seq: 1, move: 'place', args: { cell: 4 } }),
          now,
        ),
        check: status(200),
        applies: MOVE_ID,
      };
    case 'sync':
      return {
        event: messageEvent(stage, facts(other, match.matchId), 'sync', JSON.stringify({ action: 'sync' }), now),
        check: status(200),
      };
    case 'default':
      // A frame no route takes: the sender gets a typed error.
      return {
        event: messageEvent(stage, facts(other, match.matchId), '$default', JSON.stringify({ action: 'dance' }), now),
        check: status(200),
      };
    case 'http':
      return { event: lobbyEvent(mover.token, now), check: status(201) };
    case 'sweeper':
      return {
        event: { version: '0', id: gatewayId(), 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} },
        check: (answer) =>
          Array.isArray(answer) ? undefined : `expected the sweeps' reports, got ${JSON.stringify(answer)}`,
      };
    default:
      return undefined;
  }
}

/** `POST /api/matches` through the HTTP API (payload format 2.0): a player opens a match and takes a seat. */
function lobbyEvent(token: string, now: number): APIGatewayProxyEventV2 {
  const body = JSON.stringify({ game: 'tic-tac-toe', seats: 2, join: true });
  const requestId = gatewayId();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/api/matches',
    rawQueryString: '',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      host: 'lobby.example',
    },
    requestContext: {
      accountId: '000000000000',
      apiId: 'cold',
      domainName: 'lobby.example',
      domainPrefix: 'lobby',
      http: { method: 'POST', path: '/api/matches', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'cold' },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now,
    },
    body,
    isBase64Encoded: false,
  };
}
