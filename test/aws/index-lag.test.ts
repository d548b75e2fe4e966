import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleGames } from '../../games/index.js';
import { createDynamoConnectionStore } from '../../src/aws/dynamo-connection-store.js';
import { RECENT_WINDOW_MS } from '../../src/aws/recent-connections.js';
import { CONNECTIONS } from '../../src/aws/tables.js';
import { createMatch } from '../../src/engine/index.js';
import { broadcastState } from '../../src/handlers/broadcast.js';
import { connectionExpiresAt } from '../../src/handlers/connect-window.js';
import { type Connection, type Fanout, silentLogger } from '../../src/ports/index.js';
import { type Dynalite, startDynalite } from '../support/dynalite.js';
import { createTestTables, localDynamoClient, type TestTables } from '../support/local-aws.js';

/**
 * The ByGameSessionId index is eventually consistent: a connection just written can be missing from
 * its Query for a moment. Local engines update their indexes at once, so the lag is made here: an
 * SDK middleware drops the "lagging" connections from every index Query's answer, on a real client
 * talking to dynalite.
 */

let engine: Dynalite;
let client: DynamoDBClient;
let tables: TestTables;
/** Connection ids the index does not list yet. */
const lagging = new Set<string>();

beforeAll(async () => {
  engine = await startDynalite();
  client = localDynamoClient(engine.endpoint);
  tables = await createTestTables(client, 'index-lag');
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const input = args.input as { IndexName?: string };
      const output = result.output as { Items?: Record<string, { S?: string }>[] };
      if (context.commandName === 'QueryCommand' && input.IndexName === CONNECTIONS.byGameIndex && output.Items) {
        output.Items = output.Items.filter((item) => !lagging.has(item[CONNECTIONS.connectionId]?.S ?? ''));
      }
      return result;
    },
    { step: 'initialize', name: 'laggingIndex' },
  );
});

afterAll(async () => {
  client?.destroy();
  await engine?.stop();
});

const store = () => createDynamoConnectionStore({ client, tableName: tables.connectionsTable });

function aConnection(gameSessionId: string, userId: string, connectedAt = Date.now()): Connection {
  return {
    connectionId: `${userId}-${randomUUID().slice(0, 8)}=`,
    gameSessionId,
    userId,
    connectedAt,
    expiresAt: connectionExpiresAt(connectedAt),
  };
}

/** Writes a connection that the index does not list yet. */
async function connectLagging(connection: Connection) {
  lagging.add(connection.connectionId);
  expect(await store().put(connection)).toBe('written');
  return connection;
}

const listed = ({ connectionId, userId, expiresAt }: Connection) => ({ connectionId, userId, expiresAt });

describe('listByGame while the index lags', () => {
  it('lists a connection from the moment put returns, beside those the index lists', async () => {
    const game = randomUUID();
    const settled = aConnection(game, 'alice', Date.now() - 60_000);
    await store().put(settled);
    const fresh = await connectLagging(aConnection(game, 'bob'));
    const now = Date.now();

    const connections = await store().listByGame(game, now);
    expect(connections).toHaveLength(2);
    expect(connections).toEqual(expect.arrayContaining([listed(settled), listed(fresh)]));
    // Without the catch-up, this is what the index alone answers.
    expect(connections.filter((connection) => !lagging.has(connection.connectionId))).toEqual([listed(settled)]);
  });

  it('lists it for a whole window after it was written, across a bucket boundary', async () => {
    const game = randomUUID();
    // Written 1 ms before a bucket ends: the reads a window later fall in the next bucket.
    const boundary = Math.ceil(Date.now() / RECENT_WINDOW_MS) * RECENT_WINDOW_MS;
    const fresh = await connectLagging(aConnection(game, 'carol', boundary - 1));
    for (const age of [0, 1, RECENT_WINDOW_MS / 2, RECENT_WINDOW_MS - 1]) {
      expect(await store().listByGame(game, fresh.connectedAt + age), `${age} ms later`).toEqual([listed(fresh)]);
    }
  });

  it('does not list a connection deleted since, nor one whose row belongs to another match', async () => {
    const game = randomUUID();
    const gone = await connectLagging(aConnection(game, 'dave'));
    await store().delete(gone.connectionId);
    // A replayed $connect naming another match: refused, the row keeps its own match.
    const elsewhere = await connectLagging(aConnection(randomUUID(), 'erin'));
    expect(await store().put({ ...elsewhere, gameSessionId: game })).toBe('conflict');

    expect(await store().listByGame(game, Date.now())).toEqual([]);
  });

  it('lets the fan-out reach a player who connected just before a move', async () => {
    const game = exampleGames.find((candidate) => candidate.name === 'tic-tac-toe');
    const created = game && createMatch(game, { seed: 'lag' });
    if (!game || !created?.ok) throw new Error('fixture');
    const id = randomUUID();
    const player = await connectLagging(aConnection(id, 'frank'));
    const sent: string[] = [];
    const fanout: Fanout = {
      send: async () => 'sent',
      sendEach: async (deliveries) =>
        deliveries.map(({ connectionId }) => {
          sent.push(connectionId);
          return { outcome: 'sent' as const };
        }),
    };

    await broadcastState(
      { fanout, connections: store(), logger: silentLogger, clock: { now: () => Date.now() } },
      game,
      { id, match: created.value },
    );
    expect(sent).toEqual([player.connectionId]);
  });
});
