import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../src/local/server.js';
import { silentLogger } from '../../src/ports/index.js';
import { api, runningMatch, ScriptedClient, signIn } from './local-client.js';

/**
 * Input that cannot hurt the server, through the local runtime: real sockets, real HTTP. Each bad
 * input gets its typed answer (or API Gateway's close code), and the match is left as it was.
 */
describe('hostile input through the local runtime', () => {
  let server: LocalServer;
  let alice: string;
  let bob: string;
  let matchId: string;
  const publicRecord = async () =>
    JSON.stringify([
      (await api(server.url, `/api/matches/${matchId}`)).body,
      (await api(server.url, `/api/matches/${matchId}/log`)).body,
      (await api(server.url, '/api/matches')).body,
    ]);

  beforeAll(async () => {
    server = await startLocalServer({ port: 0, database: ':memory:', serveWeb: false, logger: silentLogger });
    alice = await signIn(server.url, 'alice');
    bob = await signIn(server.url, 'bob');
    matchId = await runningMatch(server.url, 'tic-tac-toe', [alice, bob]);
  });
  afterAll(() => server.close());

  it.each([
    {
      what: 'args nested 10,000 deep',
      code: 'bad_frame',
      frame: `{"action":"move","id":"deep-ws","seq":1,"move":"place","args":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    },
    {
      what: '30 KB of padding inside args',
      code: 'bad_args',
      frame: JSON.stringify({
        action: 'move',
        id: 'pad-ws',
        seq: 1,
        move: 'place',
        args: { cell: 4, pad: 'x'.repeat(30_720) },
      }),
    },
  ])('answers a move with $what with $code naming the move, and keeps the socket', async ({ code, frame }) => {
    const before = await publicRecord();
    const client = await ScriptedClient.connect(server.wsUrl, { game: matchId, token: alice });
    client.send(frame);
    const id = frame.includes('deep-ws') ? 'deep-ws' : 'pad-ws';
    expect(await client.next()).toEqual({ type: 'error', code, message: expect.any(String), id });
    // Still open and still served: not API Gateway's "Internal server error", not a close.
    client.send({ action: 'sync' });
    expect(await client.next()).toMatchObject({ type: 'state', version: expect.any(Number) });
    expect(client.received.some((message) => !('type' in message))).toBe(false);
    await client.close();
    expect(await publicRecord()).toBe(before);
  });

  it('logs only what the move’s schema parsed', async () => {
    const client = await ScriptedClient.connect(server.wsUrl, { game: matchId, token: alice });
    client.send({ action: 'move', id: 'extra-ws', seq: 1, move: 'place', args: { cell: 4, pad: 'x'.repeat(1000) } });
    await client.next((message) => message.type === 'state' && message.ack?.id === 'extra-ws');
    await client.close();
    const log = await api<{ moves: { moveId: string; args: unknown }[] }>(server.url, `/api/matches/${matchId}/log`);
    expect(log.body.moves.find((move) => move.moveId === 'extra-ws')?.args).toEqual({ cell: 4 });
  });

  it('closes a socket that sends a binary frame with 1003, as API Gateway does, and routes nothing', async () => {
    const before = await publicRecord();
    const client = await ScriptedClient.connect(server.wsUrl, { game: matchId, token: bob });
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      client.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    const move = { action: 'move', id: 'binary-1', seq: 1, move: 'place', args: { cell: 0 } };
    client.socket.send(Buffer.from(JSON.stringify(move)), { binary: true });
    expect(await closed).toEqual({ code: 1003, reason: expect.stringMatching(/binary/i) });
    expect(client.received).toEqual([]);
    expect(await publicRecord()).toBe(before);
  });

  it('answers an HTTP body over the limit with a typed 413, and creates nothing', async () => {
    const before = await publicRecord();
    const response = await fetch(`${server.url}/api/matches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${alice}` },
      body: JSON.stringify({ game: 'tic-tac-toe', pad: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: { code: 'frame_too_large', message: expect.any(String) } });
    expect(await publicRecord()).toBe(before);
  });
});
