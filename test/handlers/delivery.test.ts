import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exampleGames } from '../../games/index.js';
import { broadcastState } from '../../src/handlers/broadcast.js';
import { CONNECT_WINDOW_MS, connectionExpiresAt } from '../../src/handlers/connect-window.js';
import { sqliteConnectionStore } from '../../src/local/sqlite/connection-store.js';
import { openDatabase } from '../../src/local/sqlite/database.js';
import type { ConnectionStore, Logger } from '../../src/ports/index.js';
import { SEED_ENDPOINT } from './support/events.js';
import { type Harness, openMatch, Player, startHarness } from './support/harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness('dynalite');
});
afterAll(() => harness.stop());
beforeEach(() => harness.api.clear());

/** A logger that keeps what it is told, to check that failures are reported with their cause. */
function recordingLogger() {
  const lines: { level: string; event: string; fields?: Record<string, unknown> }[] = [];
  const log = (level: string) => (event: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, event, ...(fields ? { fields } : {}) });
  const logger: Logger = { info: log('info'), warn: log('warn'), error: log('error') };
  return { logger, lines };
}

/** A connection row written `ageMs` ago, as `$connect` writes it. */
async function connectedAgo(store: ConnectionStore, gameSessionId: string, userId: string, ageMs: number) {
  const connectionId = `${userId}-${randomUUID().slice(0, 8)}=`;
  const connectedAt = Date.now() - ageMs;
  await store.put({ connectionId, gameSessionId, userId, connectedAt, expiresAt: connectionExpiresAt(connectedAt) });
  return connectionId;
}

describe('fan-out failures', () => {
  it('a 500 from one send stops neither the other sends nor the Gone clean-up', async () => {
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob']);
    const [alice, bob] = [new Player(harness, 'alice'), new Player(harness, 'bob')];
    await alice.connect(id);
    await bob.connect(id);
    const carol = new Player(harness, 'carol');
    await carol.connect(id);
    harness.api.fail(carol.connectionId, 500); // API Gateway failing for this one connection
    // A spectator whose client vanished a minute ago without $disconnect: its row is stale.
    const ghost = await connectedAgo(harness.stores.connections, id, 'dave', 60_000);

    expect(await alice.move('a1', 'place', { cell: 0 })).toEqual([{ batchItemFailures: [] }]);

    expect(alice.last()).toMatchObject({ type: 'state', turn: 2, ack: { id: 'a1' } });
    expect(bob.last()).toMatchObject({ type: 'state', turn: 2 });
    expect(await harness.stores.connections.get(ghost, Date.now())).toBeUndefined();
    // A failure is not Gone: carol's row stays.
    expect(await harness.stores.connections.get(carol.connectionId, Date.now())).toBeDefined();
  });

  it('a failed delivery is logged as failed, with its cause', async () => {
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob']);
    const stored = await harness.stores.matches.get(id);
    if (stored === undefined) throw new Error('fixture');
    const refused = await connectedAgo(harness.stores.connections, id, 'alice', 60_000);
    const fine = await connectedAgo(harness.stores.connections, id, 'bob', 60_000);
    harness.api.fail(refused, 403, 'ForbiddenException');
    harness.api.open(fine);
    const { logger, lines } = recordingLogger();
    const game = exampleGames.find((candidate) => candidate.name === 'tic-tac-toe');
    if (!game) throw new Error('fixture');

    await broadcastState(
      {
        fanout: harness.deps.fanout(SEED_ENDPOINT),
        connections: harness.stores.connections,
        logger,
        clock: { now: () => Date.now() },
      },
      game,
      stored,
    );

    expect(harness.api.received(fine)).toHaveLength(1);
    expect(lines).toContainEqual({
      level: 'error',
      event: 'delivery.failed',
      fields: {
        connectionId: refused,
        transient: false,
        error: expect.stringMatching(/^FanoutError: PostToConnection to .* failed \(ForbiddenException/),
        cause: expect.stringMatching(/^ForbiddenException/),
      },
    });
  });
});

describe('a Gone while the connection may still be inside $connect', () => {
  const stores: [string, () => ConnectionStore][] = [
    ['DynamoDB (dynalite)', () => harness.stores.connections],
    ['SQLite', () => sqliteConnectionStore(openDatabase(':memory:', { synchronous: 'normal' }))],
  ];

  it.each(stores)('%s: a row younger than the window is kept; an older one is deleted', async (_name, storeOf) => {
    const connections = storeOf();
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob']);
    const stored = await harness.stores.matches.get(id);
    const game = exampleGames.find((candidate) => candidate.name === 'tic-tac-toe');
    if (stored === undefined || !game) throw new Error('fixture');
    // Both answer 410: neither is open at the (loopback) Management API.
    const connecting = await connectedAgo(connections, id, 'alice', 2_000);
    const closed = await connectedAgo(connections, id, 'bob', CONNECT_WINDOW_MS + 5_000);
    const context = {
      fanout: harness.deps.fanout(SEED_ENDPOINT),
      connections,
      logger: harness.deps.logger,
      clock: { now: () => Date.now() },
    };

    await broadcastState(context, game, stored);

    expect(harness.api.posts.map((post) => [post.connectionId, post.status]).sort()).toEqual(
      [
        [connecting, 410],
        [closed, 410],
      ].sort(),
    );
    expect(await connections.get(connecting, Date.now())).toBeDefined();
    expect(await connections.get(closed, Date.now())).toBeUndefined();

    // Past the window, a Gone from the first is proof enough.
    await broadcastState({ ...context, clock: { now: () => Date.now() + CONNECT_WINDOW_MS + 5_000 } }, game, stored);
    expect(await connections.get(connecting, Date.now())).toBeUndefined();
  });
});
