import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleGames } from '../../games/index.js';
import { ticTacToe } from '../../games/tic-tac-toe.js';
import { createAwsDeps } from '../../src/aws/wiring.js';
import { createMatch } from '../../src/engine/index.js';
import { createSyncHandler, type HandlerDeps } from '../../src/handlers/index.js';
import { silentLogger } from '../../src/ports/index.js';
import { messageEvent, SEED_ENDPOINT } from '../handlers/support/events.js';
import { type ManagementApi, startManagementApi } from '../handlers/support/management-api.js';
import { type Dynalite, startDynalite } from '../support/dynalite.js';
import { createTestTables, localClientConfig, localDynamoClient } from '../support/local-aws.js';

/**
 * The AWS composition root posts to the Management API its configuration names, never to one built
 * from an event's `requestContext.domainName`: behind a custom domain that is the custom name, and
 * PostToConnection there is refused (403) for every connection.
 */

let dynalite: Dynalite;
let dynamodb: DynamoDBClient;
let api: ManagementApi;
let deps: HandlerDeps;
/** Every URL the SDK client really requested, as built by the SDK. */
const requested: string[] = [];

beforeAll(async () => {
  [dynalite, api] = await Promise.all([startDynalite(), startManagementApi()]);
  dynamodb = localDynamoClient(dynalite.endpoint);
  const tables = await createTestTables(dynamodb, 'fanout-endpoint');
  const { region, credentials } = localClientConfig(api.url);
  deps = createAwsDeps({
    games: exampleGames,
    env: {
      CONNECTIONS_TABLE: tables.connectionsTable,
      GAMES_TABLE: tables.gamesTable,
      MOVE_LOG_TABLE: tables.moveLogTable,
      MOVES_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/moves.fifo',
      TOKEN_ISSUER: 'turngate',
      TOKEN_AUDIENCE: 'turngate',
      TOKEN_SECRET: 'a-development-secret-of-32-bytes!!',
      // What the CDK stack sets: the stage's execute-api Management endpoint (here its loopback stand-in).
      WEBSOCKET_MANAGEMENT_ENDPOINT: `${api.url}/Dev`,
    },
    clients: { dynamodb },
    clientConfig: { region, credentials },
    logger: silentLogger,
    fanout: { createClient: (url) => recordingClient(url, region, credentials) },
  });
});

afterAll(async () => {
  dynamodb?.destroy();
  await Promise.all([dynalite?.stop(), api?.stop()]);
});

/**
 * The real SDK client, with a middleware that records the URL of every request it is about to send
 * and refuses anything but loopback: whatever the code under test builds, no request leaves the host.
 */
function recordingClient(
  url: string,
  region: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
): ApiGatewayManagementApiClient {
  const client = new ApiGatewayManagementApiClient({ endpoint: url, region, credentials, maxAttempts: 1 });
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { protocol?: string; hostname?: string; port?: number; path?: string };
      requested.push(`${request.protocol}//${request.hostname}:${request.port}${request.path}`);
      if (request.hostname !== '127.0.0.1') throw new Error(`test refused to reach ${request.hostname}`);
      return next(args);
    },
    { step: 'finalizeRequest', name: 'recordAndStayLocal' },
  );
  return client;
}

describe('the AWS fan-out endpoint', () => {
  it('is the configured one whether or not the event came through a custom domain', async () => {
    const created = createMatch(ticTacToe, { seed: 'endpoint' });
    if (!created.ok) throw new Error(created.error.message);
    expect(await deps.matches.create('m-endpoint', created.value, Date.now())).toBe('written');
    await deps.connections.put({
      connectionId: 'c-endpoint=',
      gameSessionId: 'm-endpoint',
      userId: 'alice',
      connectedAt: Date.now(),
      expiresAt: Math.ceil(Date.now() / 1000) + 3600,
    });
    api.open('c-endpoint=');
    const sync = createSyncHandler(deps);
    const syncVia = (domainName: string) => {
      const event = messageEvent('c-endpoint=', 'sync', { action: 'sync' });
      return sync({ ...event, requestContext: { ...event.requestContext, domainName, stage: SEED_ENDPOINT.stage } });
    };

    expect((await syncVia(SEED_ENDPOINT.domainName)).statusCode).toBe(200);
    expect((await syncVia('play.example.com')).statusCode).toBe(200);

    const expected = `http://127.0.0.1:${new URL(api.url).port}/Dev/@connections/${encodeURIComponent('c-endpoint=')}`;
    expect(requested).toEqual([expected, expected]);
    expect(api.received('c-endpoint=')).toEqual([
      expect.objectContaining({ type: 'state', matchId: 'm-endpoint' }),
      expect.objectContaining({ type: 'state', matchId: 'm-endpoint' }),
    ]);
  });
});
