import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { exampleGames } from '../../games/index.js';
import { createTokenVerifier } from '../../src/auth/index.js';
import { createLobbyClient } from '../../src/client/index.js';
import { createHttpHandler, gameRegistry } from '../../src/handlers/index.js';
import { sqliteConnectionStore } from '../../src/local/sqlite/connection-store.js';
import { IN_MEMORY, openDatabase } from '../../src/local/sqlite/database.js';
import { sqliteGameStore } from '../../src/local/sqlite/game-store.js';
import { type Clock, silentLogger } from '../../src/ports/index.js';
import { config, hs256 } from '../auth/tokens.js';
import { httpEvent } from './support/events.js';

/** The lobby reads a bounded page at a time, and a 401 says why the token was refused. */
function lobby() {
  const db = openDatabase(IN_MEMORY);
  let now = 1_000;
  // Each match a millisecond after the one before: the order under test is the creation order.
  const clock: Clock = { now: () => now++ };
  return createHttpHandler({
    games: gameRegistry(exampleGames),
    ordering: 'direct',
    matches: sqliteGameStore(db),
    connections: sqliteConnectionStore(db),
    fanout: () => {
      throw new Error('the lobby pushed without a WebSocket endpoint');
    },
    clock,
    logger: silentLogger,
    newId: () => randomUUID(),
    tokens: createTokenVerifier(config),
    allowClientSeeds: false,
  });
}

const bodyOf = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body ?? 'null');

describe('GET /api/matches, a page at a time', () => {
  it('hands out a cursor per page until the last, and the pages hold every match once, newest first', async () => {
    const handle = lobby();
    const token = await hs256({ sub: 'alice' });
    const created: string[] = [];
    for (let index = 0; index < 5; index++) {
      const result = await handle(httpEvent('POST', '/api/matches', { body: { game: 'tic-tac-toe' }, token }));
      created.push(bodyOf(result).match.id);
    }
    const seen: string[] = [];
    const cursors: (string | null)[] = [];
    let cursor: string | undefined;
    do {
      const query: Record<string, string> = { limit: '2', ...(cursor ? { cursor } : {}) };
      const page = bodyOf(await handle(httpEvent('GET', '/api/matches', { query })));
      expect(page.matches.length).toBeLessThanOrEqual(2);
      seen.push(...page.matches.map((match: { id: string }) => match.id));
      cursors.push(page.next);
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());
    expect(cursors).toHaveLength(3);
    expect(cursors.at(-1)).toBeNull();
  });

  it('serves a bounded default page, and the SDK reads the same pages', async () => {
    const handle = lobby();
    const token = await hs256({ sub: 'alice' });
    for (let index = 0; index < 22; index++) {
      await handle(httpEvent('POST', '/api/matches', { body: { game: 'tic-tac-toe' }, token }));
    }
    const first = bodyOf(await handle(httpEvent('GET', '/api/matches')));
    expect(first.matches).toHaveLength(20);
    expect(first.next).toEqual(expect.any(String));

    // The SDK over the same handler: its fetch is the handler, called as API Gateway would.
    const client = createLobbyClient({
      baseUrl: 'https://lobby.example.test',
      fetch: async (input) => {
        const url = new URL(String(input));
        const result = await handle(httpEvent('GET', url.pathname, { query: Object.fromEntries(url.searchParams) }));
        return new Response(result.body, { status: result.statusCode ?? 200 });
      },
    });
    const page = await client.matchPage({ cursor: first.next });
    expect(page.matches).toHaveLength(2);
    expect(page.next).toBeNull();
  });

  it.each([
    ['a limit past the bound', { limit: '101' }],
    ['a cursor it never handed out', { cursor: 'not-a-cursor' }],
    ['a cursor of the wrong shape', { cursor: Buffer.from('{"a":1}').toString('base64url') }],
  ])('refuses %s with bad_args', async (_case, query) => {
    const result = await lobby()(httpEvent('GET', '/api/matches', { query }));
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result).error.code).toBe('bad_args');
  });
});

describe('a refused token', () => {
  it.each([
    ['expired', { exp: '-1h' }, 'Your sign-in has expired'],
    ['from another issuer', { iss: 'https://evil.example' }, 'does not trust'],
    ['for another application', { aud: 'another-app' }, 'issued for another application'],
  ])('is %s, and the 401 says so', async (_case, claims, words) => {
    const result = await lobby()(httpEvent('GET', '/api/me', { token: await hs256({ sub: 'alice', ...claims }) }));
    expect(result.statusCode).toBe(401);
    expect(bodyOf(result).error).toEqual({ code: 'unauthorized', message: expect.stringContaining(words) });
  });
});
