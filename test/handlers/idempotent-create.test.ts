import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleGames } from '../../games/index.js';
import { createTokenVerifier } from '../../src/auth/index.js';
import { createHttpHandler, gameRegistry } from '../../src/handlers/index.js';
import { sqliteConnectionStore } from '../../src/local/sqlite/connection-store.js';
import { IN_MEMORY, openDatabase, type SqliteDatabase } from '../../src/local/sqlite/database.js';
import { sqliteGameStore } from '../../src/local/sqlite/game-store.js';
import type { ConnectionStore, GameStore } from '../../src/ports/index.js';
import { silentLogger, systemClock } from '../../src/ports/index.js';
import { IDEMPOTENCY_KEY_HEADER } from '../../src/protocol/index.js';
import { config, hs256 } from '../auth/tokens.js';
import { type DynamoStores, startDynamoStores } from './support/dynamo.js';
import { httpEvent } from './support/events.js';

/**
 * `POST /api/matches` with an `Idempotency-Key`: a repeat by the same user answers the match the
 * first request made, and no second match exists, on every store (the mechanism is the store's own
 * refusal to create over a taken id, so each store is tried for real).
 */
const stores: Record<string, { matches: GameStore; connections: ConnectionStore }> = {};
let dynamo: DynamoStores;
let db: SqliteDatabase;
beforeAll(async () => {
  dynamo = await startDynamoStores('dynalite');
  db = openDatabase(IN_MEMORY);
  stores.dynalite = dynamo;
  stores.SQLite = { matches: sqliteGameStore(db), connections: sqliteConnectionStore(db) };
});
afterAll(async () => {
  await dynamo?.stop();
  db?.close();
});

const bodyOf = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body ?? 'null');

describe.each(['SQLite', 'dynalite'])('idempotent create on %s', (name) => {
  const handle = (...args: Parameters<typeof httpEvent>) => {
    const store = stores[name];
    if (store === undefined) throw new Error(`no ${name} store`);
    return createHttpHandler({
      games: gameRegistry(exampleGames),
      ...store,
      fanout: () => {
        throw new Error('nothing to push');
      },
      clock: systemClock,
      logger: silentLogger,
      newId: () => randomUUID(),
      tokens: createTokenVerifier(config),
      ordering: 'direct',
    })(httpEvent(...args));
  };
  const create = async (user: string, key: string | undefined, body: Record<string, unknown>) =>
    handle('POST', '/api/matches', {
      token: await hs256({ sub: user }),
      body,
      ...(key === undefined ? {} : { headers: { [IDEMPOTENCY_KEY_HEADER.toLowerCase()]: key } }),
    });
  const game = 'tic-tac-toe';
  const mine = async (user: string) =>
    bodyOf(await handle('GET', '/api/me/matches', { token: await hs256({ sub: user }) })).matches;

  it('answers a repeat with the first request’s match and makes no second one', async () => {
    const user = `idem-${randomUUID()}`;
    const key = randomUUID();
    const first = await create(user, key, { game, join: true });
    expect(first.statusCode).toBe(201);
    const repeat = await create(user, key, { game, join: true });
    expect(repeat.statusCode).toBe(201);
    expect(bodyOf(repeat).match).toEqual(bodyOf(first).match);
    expect((await mine(user)).map((match: { id: string }) => match.id)).toEqual([bodyOf(first).match.id]);
    // Seated once, however often the request came.
    expect(bodyOf(repeat).match.players).toEqual([user]);
  });

  it('gives another user with the same key a match of their own, and a fresh key a fresh match', async () => {
    const key = randomUUID();
    const [ann, bob] = [`idem-ann-${randomUUID()}`, `idem-bob-${randomUUID()}`];
    const forAnn = bodyOf(await create(ann, key, { game })).match.id;
    const forBob = bodyOf(await create(bob, key, { game })).match.id;
    expect(forBob).not.toBe(forAnn);
    const again = bodyOf(await create(ann, randomUUID(), { game })).match.id;
    expect(again).not.toBe(forAnn);
    // Without a key every request makes a match, as before.
    const [one, two] = await Promise.all([create(ann, undefined, { game }), create(ann, undefined, { game })]);
    expect(bodyOf(one).match.id).not.toBe(bodyOf(two).match.id);
  });

  it('refuses a malformed key, and a key reused for another game, changing nothing', async () => {
    const user = `idem-${randomUUID()}`;
    const short = await create(user, 'short', { game });
    expect(short.statusCode).toBe(400);
    // 16 to 64 characters (IDEMPOTENCY_KEY_HEADER): the bounds themselves pass, one past them does not.
    expect((await create(user, 'k'.repeat(65), { game })).statusCode).toBe(400);
    expect((await create(user, 'k'.repeat(64), { game })).statusCode).toBe(201);
    expect((await create(user, 'k'.repeat(15), { game })).statusCode).toBe(400);
    expect((await create(user, 'k'.repeat(16), { game })).statusCode).toBe(201);
    expect(bodyOf(short).error).toMatchObject({
      code: 'bad_args',
      message: expect.stringMatching(/^Idempotency-Key: /),
    });
    const key = randomUUID();
    await create(user, key, { game, join: true });
    const other = await create(user, key, { game: 'liars-dice', join: true });
    expect(other.statusCode).toBe(400);
    expect(bodyOf(other).error.code).toBe('bad_args');
    expect((await mine(user)).map((match: { game: string }) => match.game)).toEqual([game]);
  });
});
