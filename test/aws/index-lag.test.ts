import { randomUUID } from 'node:crypto';
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleGames } from '../../games/index.js';
import { createDynamoStores } from '../../src/aws/dynamo-stores.js';
import { type CapacityReport, unmarshall } from '../../src/aws/dynamo-support.js';
import { RECENT_WINDOW_MS } from '../../src/aws/recent-connections.js';
import { CONNECTIONS, GAMES } from '../../src/aws/tables.js';
import { applyMove, createMatch, seatPlayer } from '../../src/engine/index.js';
import { broadcastState } from '../../src/handlers/broadcast.js';
import { connectionExpiresAt } from '../../src/handlers/connect-window.js';
import { type Connection, type Fanout, type GameStore, type StoredMatch, silentLogger } from '../../src/ports/index.js';
import { EMPTY_LEDGER, recordOutcome } from '../../src/protocol/index.js';
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

/** One deployment's two stores (sharing the lag catch-up), and every capacity report they make. */
function stores() {
  const reports: CapacityReport[] = [];
  return { reports, ...createDynamoStores({ client, ...tables, onCapacity: (report) => reports.push(report) }) };
}

const store = () => stores().connections;

const ticTacToe = exampleGames.find((candidate) => candidate.name === 'tic-tac-toe');

/** A running tic-tac-toe match between alice and bob, stored under a fresh id. */
async function aStoredMatch(matches: GameStore = stores().matches): Promise<string> {
  if (!ticTacToe) throw new Error('fixture');
  let match = must(createMatch(ticTacToe, { seed: 'lag' }));
  match = must(seatPlayer(ticTacToe, match, 'alice'));
  match = must(seatPlayer(ticTacToe, match, 'bob'));
  const id = randomUUID();
  expect(await matches.create(id, match, Date.now())).toBe('written');
  return id;
}

const must = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

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
async function connectLagging(connection: Connection, connections = store()) {
  lagging.add(connection.connectionId);
  expect(await connections.put(connection)).toBe('written');
  return connection;
}

const listed = ({ connectionId, userId, expiresAt }: Connection) => ({ connectionId, userId, expiresAt });

/** alice's next move on the match as read: what a settlement writes. */
function aliceMoves(stored: StoredMatch, cell: number) {
  if (!ticTacToe) throw new Error('fixture');
  const next = must(applyMove(ticTacToe, stored.match, { player: 'alice', move: 'place', args: { cell } }));
  const moveId = randomUUID();
  const ledger = recordOutcome(EMPTY_LEDGER, moveId, { version: next.version });
  const entry = {
    version: next.version,
    player: 'alice',
    seq: 1,
    moveId,
    move: 'place',
    args: { cell },
    at: Date.now(),
  };
  return { next, now: Date.now(), settled: { player: 'alice', ledger, entry } };
}

function recordingFanout() {
  const sent: string[] = [];
  const fanout: Fanout = {
    send: async () => 'sent',
    sendEach: async (deliveries) =>
      deliveries.map(({ connectionId }) => {
        sent.push(connectionId);
        return { outcome: 'sent' as const };
      }),
  };
  return { sent, fanout };
}

describe('listByGame while the index lags', () => {
  it('lists a connection from the moment put returns, beside those the index lists', async () => {
    const game = await aStoredMatch();
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

  it('lists it for a whole window after it was written', async () => {
    const game = await aStoredMatch();
    const fresh = await connectLagging(aConnection(game, 'carol'));
    for (const age of [0, 1, RECENT_WINDOW_MS / 2, RECENT_WINDOW_MS - 1]) {
      expect(await store().listByGame(game, fresh.connectedAt + age), `${age} ms later`).toEqual([listed(fresh)]);
    }
  });

  it('does not list a connection deleted since, nor one whose row belongs to another match', async () => {
    const game = await aStoredMatch();
    const gone = await connectLagging(aConnection(game, 'dave'));
    await store().delete(gone.connectionId);
    // A replayed $connect naming another match: refused, the row keeps its own match.
    const elsewhere = await connectLagging(aConnection(await aStoredMatch(), 'erin'));
    expect(await store().put({ ...elsewhere, gameSessionId: game })).toBe('conflict');

    expect(await store().listByGame(game, Date.now())).toEqual([]);
  });

  it('records nothing for a match that does not exist, and creates no item for it', async () => {
    const { matches, connections } = stores();
    const ghost = randomUUID();
    expect(await connections.put(aConnection(ghost, 'gina'))).toBe('written');
    expect(await matches.get(ghost)).toBeUndefined();
  });

  it('drops entries past the window on the next connect, so the match item does not grow', async () => {
    const { matches, connections } = stores();
    const game = await aStoredMatch(matches);
    const long = Date.now() - 10 * RECENT_WINDOW_MS;
    for (let n = 0; n < 5; n++) await connections.put(aConnection(game, 'hal', long + n));
    const fresh = await connectLagging(aConnection(game, 'ivy'), connections);
    const item = await client.send(
      new GetItemCommand({
        TableName: tables.gamesTable,
        Key: { [GAMES.gameSessionId]: { S: game } },
        ConsistentRead: true,
      }),
    );
    expect(Object.keys(unmarshall(item.Item ?? {})[GAMES.recent] ?? {})).toEqual([fresh.connectionId]);
  });

  it('lets the fan-out reach a player who connected just before a move', async () => {
    const { matches, connections } = stores();
    const id = await aStoredMatch(matches);
    const player = await connectLagging(aConnection(id, 'frank'), connections);
    const stored = await matches.get(id);
    if (!stored || !ticTacToe) throw new Error('fixture');
    const { sent, fanout } = recordingFanout();
    await broadcastState(
      { fanout, connections, logger: silentLogger, clock: { now: () => Date.now() } },
      ticTacToe,
      stored,
    );
    expect(sent).toEqual([player.connectionId]);
  });

  it('reaches a player who connected between the move’s read and its write, with no read of its own', async () => {
    const { matches, connections, reports } = stores();
    const id = await aStoredMatch(matches);
    const stored = await matches.get(id);
    if (!stored || !ticTacToe) throw new Error('fixture');
    // The connection is recorded after the settlement read the match, before it writes.
    const player = await connectLagging(aConnection(id, 'bob'), connections);
    const update = aliceMoves(stored, 4);
    expect(await matches.update(stored, update)).toBe('written');
    reports.length = 0;
    const { sent, fanout } = recordingFanout();
    await broadcastState({ fanout, connections, logger: silentLogger, clock: { now: () => Date.now() } }, ticTacToe, {
      id,
      match: update.next,
    });
    expect(sent).toEqual([player.connectionId]);
    // The fan-out read the index and the lagging connection's own row, never the match item.
    expect(reports.filter((report) => report.table === tables.gamesTable)).toEqual([]);
  });

  it('answers the recent connections from the move’s own write: no read of them on the move path', async () => {
    const { matches, connections, reports } = stores();
    const id = await aStoredMatch(matches);
    await connections.put(aConnection(id, 'alice', Date.now() - 60_000));
    const stored = await matches.get(id);
    if (!stored) throw new Error('fixture');
    reports.length = 0;
    expect(await matches.update(stored, aliceMoves(stored, 0))).toBe('written');
    await connections.listByGame(id, Date.now());
    expect(reports.map((report) => `${report.operation} ${report.table}`)).toEqual([
      `UpdateItem ${tables.gamesTable}`,
      `Query ${tables.connectionsTable}`,
    ]);
  });
});
