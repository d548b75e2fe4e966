import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleGames } from '../../games/index.js';
import { createDevSignIn, createTokenVerifier } from '../../src/auth/index.js';
import { createHttpHandler, gameRegistry } from '../../src/handlers/index.js';
import { silentLogger, systemClock } from '../../src/ports/index.js';
import { config, hs256 } from '../auth/tokens.js';
import { type DynamoStores, startDynamoStores } from './support/dynamo.js';
import { httpEvent } from './support/events.js';

let stores: DynamoStores;
beforeAll(async () => {
  stores = await startDynamoStores('dynalite');
});
afterAll(() => stores.stop());

function lobby(options: { devSignIn?: boolean; allowClientSeeds?: boolean } = {}) {
  return createHttpHandler({
    games: gameRegistry(exampleGames),
    ordering: 'direct',
    matches: stores.matches,
    connections: stores.connections,
    // No webSocketEndpoint: the lobby must not push, so reaching for a fan-out is a failure.
    fanout: () => {
      throw new Error('the lobby pushed without a WebSocket endpoint');
    },
    clock: systemClock,
    logger: silentLogger,
    newId: () => randomUUID(),
    tokens: createTokenVerifier(config),
    ...(options.devSignIn ? { devSignIn: createDevSignIn(config) } : {}),
    allowClientSeeds: options.allowClientSeeds ?? false,
  });
}

const bodyOf = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body ?? 'null');

describe('the lobby API', () => {
  // Built per request: the stores exist only once beforeAll has run.
  const handle: ReturnType<typeof lobby> = (event) => lobby()(event);

  it('tells a caller who their token says they are, and an expired token that it has expired', async () => {
    const me = await handle(httpEvent('GET', '/api/me', { token: await hs256({ sub: 'alice' }) }));
    expect(me.statusCode).toBe(200);
    expect(bodyOf(me)).toEqual({ userId: 'alice', ratings: [] });
    const expired = await handle(httpEvent('GET', '/api/me', { token: await hs256({ sub: 'alice', exp: '-1h' }) }));
    expect(expired.statusCode).toBe(401);
    expect(bodyOf(expired).error.code).toBe('unauthorized');
    expect((await handle(httpEvent('GET', '/api/me'))).statusCode).toBe(401);
  });

  it('lists the games it serves', async () => {
    const result = await handle(httpEvent('GET', '/api/games'));
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
    const games = bodyOf(result).games;
    expect(games).toMatchObject([
      { name: 'tic-tac-toe', players: { min: 2, max: 2 }, moves: ['place', 'resign', 'offerDraw', 'acceptDraw'] },
      { name: 'liars-dice', players: { min: 2, max: 4 }, moves: ['bid', 'challenge'] },
      { name: 'rock-paper-scissors', players: { min: 2, max: 2 }, moves: ['choose'] },
      { name: 'sealed-bid', players: { min: 3, max: 5 }, moves: ['bid'] },
    ]);
    // Each move's arguments as JSON Schema, for the web UI's generic board.
    expect(games[0].moveArgs.place).toMatchObject({
      type: 'object',
      properties: { cell: { type: 'integer', minimum: 0, maximum: 8 } },
      required: ['cell'],
    });
  });

  it('creates, joins and starts a match, each step visible to anyone', async () => {
    const alice = await hs256({ sub: 'alice' });
    const bob = await hs256({ sub: 'bob' });
    const created = await handle(
      httpEvent('POST', '/api/matches', { body: { game: 'liars-dice', seats: 3 }, token: alice }),
    );
    expect(created.statusCode).toBe(201);
    const { id } = bodyOf(created).match;
    expect(bodyOf(created).match).toMatchObject({ game: 'liars-dice', status: 'waiting', seats: 3, players: [] });

    expect(bodyOf(await handle(httpEvent('POST', `/api/matches/${id}/join`, { token: alice }))).match.players).toEqual([
      'alice',
    ]);
    // Joining twice changes nothing.
    const again = await handle(httpEvent('POST', `/api/matches/${id}/join`, { token: alice }));
    expect(bodyOf(again).match).toMatchObject({ players: ['alice'], version: 2 });
    await handle(httpEvent('POST', `/api/matches/${id}/join`, { token: bob }));

    const started = await handle(httpEvent('POST', `/api/matches/${id}/start`, { token: bob }));
    expect(started.statusCode).toBe(200);
    expect(bodyOf(started).match).toMatchObject({
      status: 'running',
      players: ['alice', 'bob'],
      currentPlayer: 'alice',
    });

    const shown = bodyOf(await handle(httpEvent('GET', `/api/matches/${id}`)));
    expect(shown.match.status).toBe('running');
    // The public view: dice counts, nobody's dice, and never the seed that would predict them.
    expect(shown.view).toMatchObject({ myDice: null, diceCounts: { alice: 3, bob: 3 } });
    expect(JSON.stringify(shown)).not.toMatch(/seed|randomState/i);

    const listed = bodyOf(
      await handle(httpEvent('GET', '/api/matches', { query: { game: 'liars-dice', status: 'running' } })),
    );
    expect(listed.matches.map((match: { id: string }) => match.id)).toContain(id);
    // No move yet: an empty page, complete through the match's current version.
    expect(bodyOf(await handle(httpEvent('GET', `/api/matches/${id}/log`)))).toEqual({
      moves: [],
      next: null,
      through: shown.match.version,
    });
  });

  it('creates a match with its creator seated in one request, listed in their matches', async () => {
    const alice = await hs256({ sub: 'alice-creates' });
    const created = await handle(
      httpEvent('POST', '/api/matches', { body: { game: 'tic-tac-toe', join: true }, token: alice }),
    );
    expect(created.statusCode).toBe(201);
    const { match } = bodyOf(created);
    // The same match as create then join would leave: one write instead of two.
    expect(match).toMatchObject({ status: 'waiting', players: ['alice-creates'], version: 2 });
    const mine = bodyOf(await handle(httpEvent('GET', '/api/me/matches', { token: alice })));
    expect(mine.matches.map(({ id }: { id: string }) => id)).toContain(match.id);
    // Joining again changes nothing; the second player fills the table and starts it.
    expect(bodyOf(await handle(httpEvent('POST', `/api/matches/${match.id}/join`, { token: alice }))).match).toEqual(
      match,
    );
    const full = await handle(
      httpEvent('POST', `/api/matches/${match.id}/join`, { token: await hs256({ sub: 'bo' }) }),
    );
    expect(bodyOf(full).match).toMatchObject({ status: 'running', players: ['alice-creates', 'bo'] });
    const bad = await handle(
      httpEvent('POST', '/api/matches', { body: { game: 'tic-tac-toe', join: 'yes' }, token: alice }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bodyOf(bad).error.code).toBe('bad_args');
  });

  it('seats the players of a full table and starts the match at once', async () => {
    const alice = await hs256({ sub: 'alice' });
    const { id } = bodyOf(
      await handle(httpEvent('POST', '/api/matches', { body: { game: 'tic-tac-toe' }, token: alice })),
    ).match;
    await handle(httpEvent('POST', `/api/matches/${id}/join`, { token: alice }));
    const full = await handle(httpEvent('POST', `/api/matches/${id}/join`, { token: await hs256({ sub: 'bob' }) }));
    expect(bodyOf(full).match).toMatchObject({ status: 'running', players: ['alice', 'bob'] });
    const third = await handle(httpEvent('POST', `/api/matches/${id}/join`, { token: await hs256({ sub: 'carol' }) }));
    expect(third.statusCode).toBe(409);
    expect(bodyOf(third).error.code).toBe('match_full');
  });

  it.each([
    ['no token', httpEvent('POST', '/api/matches', { body: { game: 'tic-tac-toe' } }), 401, 'unauthorized'],
    ['an unknown game', httpEvent('POST', '/api/matches', { body: { game: 'chess' }, token: 'T' }), 400, 'bad_args'],
    [
      'too many seats',
      httpEvent('POST', '/api/matches', { body: { game: 'tic-tac-toe', seats: 3 }, token: 'T' }),
      400,
      'bad_args',
    ],
    ['a body that is not JSON', httpEvent('POST', '/api/matches', { body: '{nope', token: 'T' }), 400, 'bad_frame'],
    [
      'a chosen seed',
      httpEvent('POST', '/api/matches', { body: { game: 'tic-tac-toe', seed: 's' }, token: 'T' }),
      403,
      'forbidden',
    ],
    ['an unknown match', httpEvent('GET', '/api/matches/nope'), 404, 'unknown_game'],
    ['the log of an unknown match', httpEvent('GET', '/api/matches/nope/log'), 404, 'unknown_game'],
    [
      'a log page over the limit',
      httpEvent('GET', '/api/matches/nope/log', { query: { limit: '101' } }),
      400,
      'bad_args',
    ],
    ['joining an unknown match', httpEvent('POST', '/api/matches/nope/join', { token: 'T' }), 404, 'unknown_game'],
    ['a bad status filter', httpEvent('GET', '/api/matches', { query: { status: 'paused' } }), 400, 'bad_args'],
    ['an unknown endpoint', httpEvent('DELETE', '/api/matches'), 404, 'unknown_action'],
    [
      'dev sign-in when not enabled',
      httpEvent('POST', '/api/dev/sign-in', { body: { name: 'eve' } }),
      404,
      'unknown_action',
    ],
    // The debug panel's endpoint comes with the dev sign-in: as on AWS, where neither exists.
    ['dev match state when not enabled', httpEvent('GET', '/api/dev/matches/any/state'), 404, 'unknown_action'],
  ])('answers %s with a typed error', async (_case, event, status, code) => {
    const token = await hs256({ sub: 'alice' });
    const withToken =
      event.headers.authorization === 'Bearer T'
        ? { ...event, headers: { ...event.headers, authorization: `Bearer ${token}` } }
        : event;
    const result = await handle(withToken);
    expect(result.statusCode).toBe(status);
    expect(bodyOf(result)).toEqual({ error: { code, message: expect.any(String) } });
  });

  it('lets only a seated player start, and not before enough have joined', async () => {
    const alice = await hs256({ sub: 'alice' });
    const { id } = bodyOf(
      await handle(httpEvent('POST', '/api/matches', { body: { game: 'liars-dice' }, token: alice })),
    ).match;
    const stranger = await handle(
      httpEvent('POST', `/api/matches/${id}/start`, { token: await hs256({ sub: 'zed' }) }),
    );
    expect([stranger.statusCode, bodyOf(stranger).error.code]).toEqual([403, 'not_a_player']);
    await handle(httpEvent('POST', `/api/matches/${id}/join`, { token: alice }));
    const early = await handle(httpEvent('POST', `/api/matches/${id}/start`, { token: alice }));
    expect([early.statusCode, bodyOf(early).error.code]).toEqual([409, 'not_enough_players']);
  });

  it('answers a lobby page with an ETag, and 304 without a body while the page is unchanged', async () => {
    const game = 'liars-dice';
    const query = { game, status: 'waiting' };
    const first = await handle(httpEvent('GET', '/api/matches', { query }));
    const etag = String(first.headers?.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers?.['cache-control']).toBe('no-cache');
    const again = await handle(httpEvent('GET', '/api/matches', { query, headers: { 'if-none-match': etag } }));
    expect(again).toMatchObject({ statusCode: 304, headers: { etag } });
    expect(again.body).toBeUndefined();
    // A weak comparison and a list of tags are understood; another tag is not this page.
    const weak = await handle(
      httpEvent('GET', '/api/matches', { query, headers: { 'if-none-match': `"other", W/${etag}` } }),
    );
    expect(weak.statusCode).toBe(304);
    const stale = await handle(httpEvent('GET', '/api/matches', { query, headers: { 'if-none-match': '"other"' } }));
    expect(stale.statusCode).toBe(200);

    await handle(httpEvent('POST', '/api/matches', { token: await hs256({ sub: 'etag-ed' }), body: { game } }));
    const changed = await handle(httpEvent('GET', '/api/matches', { query, headers: { 'if-none-match': etag } }));
    expect(changed.statusCode).toBe(200);
    expect(changed.headers?.etag).not.toBe(etag);
  });

  it('serves the API under a named stage too', async () => {
    expect((await handle(httpEvent('GET', '/prod/api/games'))).statusCode).toBe(200);
  });
});

describe('the lobby API in development', () => {
  it('signs in by name and the token it answers works', async () => {
    const handle = lobby({ devSignIn: true, allowClientSeeds: true });
    const signIn = await handle(httpEvent('POST', '/api/dev/sign-in', { body: { name: 'Dana' } }));
    expect(signIn.statusCode).toBe(200);
    const { token, userId } = bodyOf(signIn);
    expect(userId).toBe('Dana');
    const created = await handle(
      httpEvent('POST', '/api/matches', { body: { game: 'tic-tac-toe', seed: 'fixed' }, token }),
    );
    expect(created.statusCode).toBe(201);
    const joined = await handle(httpEvent('POST', `/api/matches/${bodyOf(created).match.id}/join`, { token }));
    expect(bodyOf(joined).match.players).toEqual(['Dana']);
  });

  it('refuses an empty or unprintable name', async () => {
    const handle = lobby({ devSignIn: true });
    for (const name of ['', '   ', 'a\u0000b', 'x'.repeat(33)]) {
      const result = await handle(httpEvent('POST', '/api/dev/sign-in', { body: { name } }));
      expect([result.statusCode, bodyOf(result).error.code]).toEqual([400, 'bad_args']);
    }
  });
});
