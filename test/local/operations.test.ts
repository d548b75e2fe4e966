import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleGames } from '../../games/index.js';
import { configFromEnvironment, resolveConfig, tokenSecret } from '../../src/local/config.js';
import { type LocalServer, startLocalServer } from '../../src/local/server.js';
import { openDatabase } from '../../src/local/sqlite/database.js';
import { jsonLogger, silentLogger } from '../../src/ports/index.js';
import { runningMatch, ScriptedClient, signIn } from './local-client.js';

const scratch = mkdtempSync(join(tmpdir(), 'turngate-ops-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('configuration', () => {
  it('reads the environment and flags, flags winning, with defaults for the rest', () => {
    const input = configFromEnvironment(['--port', '9001', '--wiring=aws-local', '--dev-sign-in', 'false'], {
      PORT: '9000',
      DATA_DIR: '/srv/turngate',
      IDLE_TIMEOUT_MS: '1000',
      UNRELATED: 'x',
    });
    const config = resolveConfig(input);
    expect(config).toMatchObject({
      port: 9001,
      wiring: 'aws-local',
      devSignIn: false,
      dataDir: '/srv/turngate',
      idleTimeoutMs: 1000,
      host: '127.0.0.1',
      maxConnectionMs: 2 * 60 * 60 * 1000,
      maxMessageBytes: 128 * 1024,
      orderingMode: 'direct',
    });
  });

  it('chooses the ordering mode by ORDERING_MODE or --ordering-mode, the flag winning', () => {
    expect(resolveConfig(configFromEnvironment([], { ORDERING_MODE: 'direct' })).orderingMode).toBe('direct');
    const flagged = configFromEnvironment(['--ordering-mode', 'fifo'], { ORDERING_MODE: 'direct' });
    expect(resolveConfig(flagged).orderingMode).toBe('fifo');
    expect(() => resolveConfig({ orderingMode: 'lifo' as 'fifo' })).toThrow(/orderingMode/);
  });

  it('refuses unknown options and bad values with a clear message', () => {
    expect(() => configFromEnvironment(['--prot', '1'], {})).toThrow(/unknown option --prot/);
    expect(() => resolveConfig({ wiring: 'cloud' as 'embedded' })).toThrow(/wiring/);
    expect(() => resolveConfig({ tokenSecret: 'short' })).toThrow(/tokenSecret/);
  });

  it('generates the token secret once and keeps it under the data directory', () => {
    const config = resolveConfig({ dataDir: join(scratch, 'secret') });
    const first = tokenSecret(config);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(tokenSecret(config)).toBe(first);
    expect(readFileSync(join(scratch, 'secret', 'token-secret'), 'utf8').trim()).toBe(first);
    expect(tokenSecret(resolveConfig({ dataDir: join(scratch, 'nothing'), database: ':memory:' }))).not.toBe(first);
    expect(existsSync(join(scratch, 'nothing'))).toBe(false);
  });
});

describe('operations', () => {
  it('logs one JSON line per connection and per move, with latency', async () => {
    const lines: Record<string, unknown>[] = [];
    const server = await startLocalServer({
      port: 0,
      database: ':memory:',
      serveWeb: false,
      logger: jsonLogger((line) => lines.push(JSON.parse(line) as Record<string, unknown>)),
    });
    try {
      const [alice, bob] = [await signIn(server.url, 'alice'), await signIn(server.url, 'bob')];
      const matchId = await runningMatch(server.url, 'tic-tac-toe', [alice, bob]);
      const client = await ScriptedClient.connect(server.wsUrl, { game: matchId, token: alice });
      client.send({ action: 'move', id: 'logged', seq: 1, move: 'place', args: { cell: 0 } });
      await client.next((message) => message.type === 'state' && message.ack?.id === 'logged');
      await client.close();
      await server.close();
      const of = (event: string) => lines.filter((line) => line.event === event);
      expect(of('ws.connected')).toEqual([
        expect.objectContaining({ level: 'info', userId: 'alice', latencyMs: expect.any(Number) }),
      ]);
      expect(of('ws.disconnected')).toEqual([expect.objectContaining({ code: 1000, messages: 1 })]);
      expect(of('move')).toEqual([
        expect.objectContaining({
          matchId,
          moveId: 'logged',
          userId: 'alice',
          outcome: 'handled',
          latencyMs: expect.any(Number),
        }),
      ]);
      expect(of('http').length).toBeGreaterThanOrEqual(4);
    } finally {
      await server.close();
    }
  });

  it('logs one line per move in the direct ordering mode too, from the move route', async () => {
    const lines: Record<string, unknown>[] = [];
    const server = await startLocalServer({
      port: 0,
      database: ':memory:',
      serveWeb: false,
      orderingMode: 'direct',
      logger: jsonLogger((line) => lines.push(JSON.parse(line) as Record<string, unknown>)),
    });
    try {
      const [alice, bob] = [await signIn(server.url, 'alice'), await signIn(server.url, 'bob')];
      const matchId = await runningMatch(server.url, 'tic-tac-toe', [alice, bob]);
      const client = await ScriptedClient.connect(server.wsUrl, { game: matchId, token: alice });
      client.send({ action: 'move', id: 'direct-logged', seq: 1, move: 'place', args: { cell: 0 } });
      await client.next((message) => message.type === 'state' && message.ack?.id === 'direct-logged');
      await client.close();
      expect(lines.filter((line) => line.event === 'move')).toEqual([
        expect.objectContaining({
          matchId,
          moveId: 'direct-logged',
          userId: 'alice',
          move: 'place',
          outcome: 'handled',
          latencyMs: expect.any(Number),
        }),
      ]);
    } finally {
      await server.close();
    }
  });

  it('finishes queued moves on a graceful stop', async () => {
    const database = join(scratch, 'drain.db');
    let server: LocalServer | undefined;
    let routed!: () => void;
    const moveRouted = new Promise<void>((resolve) => {
      routed = resolve;
    });
    server = await startLocalServer({
      port: 0,
      database,
      tokenSecret: 's'.repeat(32),
      serveWeb: false,
      logger: silentLogger,
      instrument: (functions) => ({
        ...functions,
        gateway: {
          ...functions.gateway,
          routes: {
            ...functions.gateway.routes,
            move: async (event) => {
              const answer = await (functions.gateway.routes.move ?? functions.gateway.routes.$default)(event);
              routed();
              return answer;
            },
          },
        },
        // A slow consumer: the move is still queued when the stop begins.
        queue: async (event) => {
          await new Promise((resolve) => setTimeout(resolve, 200));
          return functions.queue(event);
        },
      }),
    });
    const [alice, bob] = [await signIn(server.url, 'alice'), await signIn(server.url, 'bob')];
    const matchId = await runningMatch(server.url, 'tic-tac-toe', [alice, bob]);
    const before = (await server.wiring.deps.matches.get(matchId))?.match.version ?? 0;
    const client = await ScriptedClient.connect(server.wsUrl, { game: matchId, token: alice });
    client.send({ action: 'move', id: 'in-flight', seq: 1, move: 'place', args: { cell: 8 } });
    await moveRouted;
    await server.close();
    server = undefined;

    const db = openDatabase(database);
    try {
      expect(db.prepare('SELECT count(*) AS n FROM queue_messages').get()).toEqual({ n: 0 });
      const row = db.prepare('SELECT version FROM matches WHERE id = ?').get(matchId) as { version: number };
      expect(row.version).toBe(before + 1);
    } finally {
      db.close();
    }
  });

  it('tells the client what API Gateway says when an integration throws', async () => {
    const server = await startLocalServer({
      port: 0,
      database: ':memory:',
      serveWeb: false,
      logger: silentLogger,
      instrument: (functions) => ({
        ...functions,
        gateway: {
          ...functions.gateway,
          routes: {
            ...functions.gateway.routes,
            sync: async () => {
              throw new Error('the integration failed');
            },
          },
        },
      }),
    });
    try {
      const [alice, bob] = [await signIn(server.url, 'alice'), await signIn(server.url, 'bob')];
      const matchId = await runningMatch(server.url, 'tic-tac-toe', [alice, bob]);
      const client = await ScriptedClient.connect(server.wsUrl, { game: matchId, token: alice });
      client.send({ action: 'sync' });
      expect(await client.next()).toEqual({
        message: 'Internal server error',
        connectionId: expect.stringMatching(/=$/),
        requestId: expect.stringMatching(/=$/),
      });
      await client.close();
    } finally {
      await server.close();
    }
  });

  it('serves the web UI at / and the lobby under /api on the same port', async () => {
    const server = await startLocalServer({ port: 0, database: ':memory:', logger: silentLogger });
    try {
      const page = await fetch(`${server.url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toMatch(/<html/i);
      expect((await fetch(`${server.url}/app.js`)).headers.get('content-type')).toMatch(/javascript/);
      expect((await fetch(`${server.url}/no-such-file.png`)).status).toBe(404);
      const games = await fetch(`${server.url}/api/games`);
      expect(games.headers.get('access-control-allow-origin')).toBe('*');
      expect(((await games.json()) as { games: unknown[] }).games).toHaveLength(exampleGames.length);
    } finally {
      await server.close();
    }
  });
});
