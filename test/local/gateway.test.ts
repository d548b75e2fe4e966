import { readFileSync } from 'node:fs';
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECT_WINDOW_MS } from '../../src/handlers/connect-window.js';
import type { WebSocketEvent } from '../../src/handlers/index.js';
import type { LocalFunctions } from '../../src/local/integrations.js';
import { type LocalServer, startLocalServer } from '../../src/local/server.js';
import { silentLogger } from '../../src/ports/index.js';
import { api, runningMatch, ScriptedClient, signIn } from './local-client.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const keys = (value: unknown) => Object.keys(value as object).sort();
const ID_SHAPE = /^[A-Za-z0-9_-]{15}=$/;

/** Records every event the emulator hands to a handler, before the handler sees it. */
function recording() {
  const events: { kind: string; event: WebSocketEvent | APIGatewayRequestAuthorizerEvent }[] = [];
  const instrument = (functions: LocalFunctions): LocalFunctions => {
    const tap =
      <E extends WebSocketEvent | APIGatewayRequestAuthorizerEvent, R>(kind: string, run: (event: E) => Promise<R>) =>
      (event: E) => {
        events.push({ kind, event: structuredClone(event) });
        return run(event);
      };
    const { gateway } = functions;
    return {
      ...functions,
      gateway: {
        authorizer: tap('authorizer', gateway.authorizer),
        connect: tap('connect', gateway.connect),
        disconnect: tap('disconnect', gateway.disconnect),
        routes: {
          move: tap('move', gateway.routes.move ?? gateway.routes.$default),
          sync: tap('sync', gateway.routes.sync ?? gateway.routes.$default),
          $default: tap('$default', gateway.routes.$default),
        },
      },
    };
  };
  return { events, instrument };
}

describe('the API Gateway WebSocket emulator', () => {
  const { events, instrument } = recording();
  let server: LocalServer;
  let alice: string;
  let bob: string;
  let matchId: string;
  const management = () =>
    new ApiGatewayManagementApiClient({
      endpoint: `${server.url}/${server.config.stage}`,
      region: 'us-east-1',
      // The only credentials this server's @connections API accepts (see management-api.test.ts).
      credentials: server.managementCredentials,
    });
  const snapshot = async () =>
    JSON.stringify([
      (await api(server.url, `/api/matches/${matchId}`)).body,
      (await api(server.url, `/api/matches/${matchId}/log`)).body,
    ]);

  beforeAll(async () => {
    server = await startLocalServer({
      port: 0,
      database: ':memory:',
      serveWeb: false,
      logger: silentLogger,
      instrument,
    });
    alice = await signIn(server.url, 'alice');
    bob = await signIn(server.url, 'bob');
    matchId = await runningMatch(server.url, 'tic-tac-toe', [alice, bob]);
  });
  afterAll(() => server.close());

  it('hands the handlers events shaped exactly like the seed’s', async () => {
    const client = await ScriptedClient.connect(server.wsUrl, { game: matchId, token: alice });
    client.send({ action: 'sync' });
    await client.next((message) => message.type === 'state');
    client.send({ action: 'move', id: 'shape-1', seq: 1, move: 'place', args: { cell: 4 } });
    await client.next((message) => message.type === 'state' && message.ack?.id === 'shape-1');
    await client.close();
    await until(() => events.some((entry) => entry.kind === 'disconnect'));

    const move = fixture('move-event.json');
    const disconnect = fixture('disconnect-event.json');
    const of = (kind: string) => events.find((entry) => entry.kind === kind)?.event as WebSocketEvent;
    const [connectEvent, syncEvent, moveEvent, disconnectEvent] = ['connect', 'sync', 'move', 'disconnect'].map(of);

    // Field for field: the top level, requestContext and identity of the seed's printed events.
    for (const event of [syncEvent, moveEvent]) {
      expect(keys(event)).toEqual(keys(move));
      expect(keys(event?.requestContext)).toEqual(keys(move.requestContext));
      expect(keys(event?.requestContext.identity)).toEqual(
        keys((move.requestContext as WebSocketEvent['requestContext']).identity),
      );
    }
    for (const event of [connectEvent, disconnectEvent]) {
      expect(keys(event)).toEqual(keys(disconnect));
      expect(keys(event?.requestContext)).toEqual(keys(disconnect.requestContext));
    }

    const connectionId = connectEvent?.requestContext.connectionId ?? '';
    expect(connectionId).toMatch(ID_SHAPE);
    expect(moveEvent).toMatchObject({
      headers: null,
      multiValueHeaders: null,
      queryStringParameters: null,
      body: JSON.stringify({ action: 'move', id: 'shape-1', seq: 1, move: 'place', args: { cell: 4 } }),
      requestContext: {
        routeKey: 'move',
        eventType: 'MESSAGE',
        messageDirection: 'IN',
        connectionId,
        connectedAt: connectEvent?.requestContext.connectedAt,
        stage: 'local',
        apiId: 'tgatelocal',
        domainName: `127.0.0.1:${server.port}`,
        identity: { sourceIp: '127.0.0.1' },
        // The authorizer's output, as every later event carries it: principalId and stringified context.
        authorizer: { principalId: 'alice', userId: 'alice', integrationLatency: expect.any(Number) },
      },
    });
    expect(moveEvent?.requestContext.messageId).toMatch(ID_SHAPE);
    expect(moveEvent?.requestContext.requestId).toMatch(ID_SHAPE);
    expect(moveEvent?.requestContext.requestTime).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(syncEvent?.requestContext.routeKey).toBe('sync');
    expect(connectEvent).toMatchObject({
      queryStringParameters: { game: matchId },
      multiValueQueryStringParameters: { game: [matchId] },
      requestContext: { routeKey: '$connect', eventType: 'CONNECT', messageId: null },
    });
    expect(connectEvent?.headers?.Auth).toBe(alice);
    expect(connectEvent?.headers?.Host).toBe(`127.0.0.1:${server.port}`);
    expect(disconnectEvent).toMatchObject({
      headers: { Host: `127.0.0.1:${server.port}`, 'X-Forwarded-For': '', 'x-api-key': '', 'x-restapi': '' },
      body: '',
      requestContext: { routeKey: '$disconnect', eventType: 'DISCONNECT', messageId: null, connectionId },
    });
    const authorizerEvent = of('authorizer') as unknown as APIGatewayRequestAuthorizerEvent;
    expect(authorizerEvent).toMatchObject({
      type: 'REQUEST',
      methodArn: `arn:aws:execute-api:us-east-1:000000000000:tgatelocal/local/$connect`,
      queryStringParameters: { game: matchId },
    });
  });

  it('refuses a bad or missing token with 401 before the upgrade, without running $connect', async () => {
    const connects = events.filter((entry) => entry.kind === 'connect').length;
    const before = await snapshot();
    const forged = `${alice.slice(0, -4)}AAAA`;
    for (const token of [forged, 'not-a-jwt', undefined]) {
      expect(await ScriptedClient.open(server.wsUrl, { game: matchId, ...(token ? { token } : {}) })).toMatchObject({
        refused: true,
        status: 401,
        body: '{"message":"Unauthorized"}',
      });
    }
    expect(await ScriptedClient.open(server.wsUrl, { game: matchId, token: forged, via: 'query' })).toMatchObject({
      status: 401,
    });
    expect(events.filter((entry) => entry.kind === 'connect').length).toBe(connects);
    expect(await snapshot()).toBe(before);
  });

  it('refuses a missing game with the connect handler’s status, and stores no connection', async () => {
    const before = await snapshot();
    const refusal = await ScriptedClient.open(server.wsUrl, { game: 'no-such-match', token: alice });
    expect(refusal).toMatchObject({ refused: true, status: 404 });
    expect(JSON.parse((refusal as { body: string }).body)).toMatchObject({ error: { code: 'unknown_game' } });
    const refusedId = lastConnectionId(events);
    expect(await server.wiring.deps.connections.get(refusedId, Date.now())).toBeUndefined();
    expect(await snapshot()).toBe(before);
  });

  it('answers non-JSON and unknown actions with unknown_action through $default', async () => {
    const before = await snapshot();
    const client = await ScriptedClient.connect(server.wsUrl, { game: matchId, token: bob });
    for (const frame of ['this is not json', '{"action":"dance"}', '{"no":"action"}', '{"action":"MOVE"}']) {
      client.send(frame);
      expect(await client.next()).toMatchObject({ type: 'error', code: 'unknown_action' });
    }
    const routed = events.filter((entry) => entry.kind === '$default').slice(-4);
    expect(routed.map((entry) => (entry.event as WebSocketEvent).requestContext.routeKey)).toEqual(
      Array(4).fill('$default'),
    );
    await client.close();
    expect(await snapshot()).toBe(before);
  });

  it('closes the socket with 1009 on a message over 128 KB, and changes nothing', async () => {
    const before = await snapshot();
    const client = await ScriptedClient.connect(server.wsUrl, { game: matchId, token: bob });
    const moves = events.filter((entry) => entry.kind === 'move').length;
    client.send({ action: 'move', id: 'huge', seq: 1, move: 'place', args: { cell: 0, pad: 'x'.repeat(128 * 1024) } });
    expect(await client.waitClosed()).toBe(1009);
    expect(events.filter((entry) => entry.kind === 'move').length).toBe(moves);
    expect(await snapshot()).toBe(before);
  });

  it('serves the Management API to the real SDK client: post, get, delete, and 410 once closed', async () => {
    const client = await ScriptedClient.connect(server.wsUrl, { game: matchId, token: bob });
    const connectionId = lastConnectionId(events);
    const sdk = management();
    await sdk.send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: '{"type":"ack","id":"x","seq":1,"version":1}' }),
    );
    expect(await client.next()).toEqual({ type: 'ack', id: 'x', seq: 1, version: 1 });
    const info = await sdk.send(new GetConnectionCommand({ ConnectionId: connectionId }));
    expect(info.Identity?.SourceIp).toBe('127.0.0.1');
    expect(info.ConnectedAt).toBeInstanceOf(Date);
    await sdk.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    await client.waitClosed();
    for (const command of [
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'late' }),
      new GetConnectionCommand({ ConnectionId: connectionId }),
      new PostToConnectionCommand({ ConnectionId: 'V0H8xfjDoAMCKFg=', Data: 'never opened' }),
    ]) {
      await expect(sdk.send(command as PostToConnectionCommand)).rejects.toMatchObject({
        name: 'GoneException',
        $metadata: { httpStatusCode: 410 },
      });
    }
    sdk.destroy();
  });
});

describe('stale connections and the API’s time limits', () => {
  // Through aws-local the 410 comes from our @connections endpoint to the real SDK client.
  it.each(['embedded', 'aws-local'] as const)(
    '%s: a gone connection is deleted by the queue handler’s next fan-out',
    async (wiring) => {
      // The handlers' clock, moved on past the $connect window once the ghost is gone: a Gone from a
      // connection younger than that may mean "not open yet", and deletes nothing.
      let later = 0;
      // $disconnect is best effort on AWS: drop it, so the row outlives its socket.
      const server = await startLocalServer({
        port: 0,
        wiring,
        // The queue handler's fan-out is the subject, and `drain` waits for it (direct is the default).
        orderingMode: 'fifo',
        database: ':memory:',
        tokenSecret: 't'.repeat(32),
        serveWeb: false,
        logger: silentLogger,
        clock: { now: () => Date.now() + later },
        instrument: (functions) => ({
          ...functions,
          gateway: { ...functions.gateway, disconnect: async () => ({ statusCode: 200, body: '' }) },
        }),
      });
      try {
        const alice = await signIn(server.url, 'alice');
        const bob = await signIn(server.url, 'bob');
        const matchId = await runningMatch(server.url, 'tic-tac-toe', [alice, bob]);
        const ghost = await ScriptedClient.connect(server.wsUrl, { game: matchId, token: bob });
        const player = await ScriptedClient.connect(server.wsUrl, { game: matchId, token: alice });
        const connections = server.wiring.deps.connections;
        const before = await connections.listByGame(matchId, Date.now());
        expect(before).toHaveLength(2);
        await ghost.close();
        later = CONNECT_WINDOW_MS + 5_000;

        player.send({ action: 'move', id: 'after-ghost', seq: 1, move: 'place', args: { cell: 0 } });
        await player.next((message) => message.type === 'state' && message.ack?.id === 'after-ghost');
        await server.wiring.drain();
        const after = await connections.listByGame(matchId, Date.now());
        expect(after.map((connection) => connection.userId)).toEqual(['alice']);
        await player.close();
      } finally {
        await server.close();
      }
    },
  );

  it('closes an idle connection and one past its maximum age with 1001, running $disconnect', async () => {
    const disconnects: string[] = [];
    for (const limits of [
      { idleTimeoutMs: 150, maxConnectionMs: 60_000 },
      { idleTimeoutMs: 60_000, maxConnectionMs: 150 },
    ]) {
      const server = await startLocalServer({
        port: 0,
        database: ':memory:',
        serveWeb: false,
        logger: silentLogger,
        ...limits,
        instrument: (functions) => ({
          ...functions,
          gateway: {
            ...functions.gateway,
            disconnect: async (event) => {
              disconnects.push(event.requestContext.connectionId);
              return functions.gateway.disconnect(event);
            },
          },
        }),
      });
      try {
        const token = await signIn(server.url, 'alice');
        const matchId = await runningMatch(server.url, 'tic-tac-toe', [token, await signIn(server.url, 'bob')]);
        const client = await ScriptedClient.connect(server.wsUrl, { game: matchId, token });
        expect(await client.waitClosed()).toBe(1001);
        await until(() => disconnects.length > 0);
        expect(await server.wiring.deps.connections.listByGame(matchId, Date.now())).toEqual([]);
        disconnects.length = 0;
      } finally {
        await server.close();
      }
    }
  });
});

function lastConnectionId(events: { kind: string; event: unknown }[]): string {
  const connect = events.filter((entry) => entry.kind === 'connect').at(-1)?.event as WebSocketEvent | undefined;
  return connect?.requestContext.connectionId ?? '';
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('malformed handshakes', () => {
  it('answers 400 before any integration runs', async () => {
    const { events, instrument } = recording();
    const server = await startLocalServer({
      port: 0,
      database: ':memory:',
      serveWeb: false,
      logger: silentLogger,
      instrument,
    });
    try {
      const { request } = await import('node:http');
      const status = await new Promise<number>((resolve, reject) => {
        const upgrade = request(`${server.url}/?game=x`, {
          headers: {
            Connection: 'Upgrade',
            Upgrade: 'websocket',
            'Sec-WebSocket-Version': '8',
            'Sec-WebSocket-Key': 'bad',
          },
        });
        upgrade.on('response', (response) => resolve(response.statusCode ?? 0));
        upgrade.on('upgrade', () => reject(new Error('upgraded')));
        upgrade.on('error', reject);
        upgrade.end();
      });
      expect(status).toBe(400);
      expect(events).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
