import { randomUUID } from 'node:crypto';
import { type DynamoDBClient, PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoGameStore } from '../../src/aws/dynamo-game-store.js';
import { type CapacityReport, marshall, unmarshall } from '../../src/aws/dynamo-support.js';
import { GAMES, MOVE_LOG } from '../../src/aws/tables.js';
import type { Match } from '../../src/engine/index.js';
import type { GameStore, MoveLogEntry, StoredMatch } from '../../src/ports/game-store.js';
import { EMPTY_LEDGER, recordOutcome } from '../../src/protocol/index.js';
import { gameStoreTables } from '../support/local-aws.js';
import type { DynamoStoreSetup } from './dynamo-setup.js';

/**
 * The DynamoDB move log is packed (dynamo-game-store.ts): moves wait in the match item and go to the
 * log table several to an item. These are its promises beyond the port's contract: fewer log writes
 * than moves, and a log that stays whole, in order and without duplicates when a settlement dies
 * between its page and its match write, or loses its race after putting a page.
 */
export function describePackedMoveLog(name: string, setup: () => DynamoStoreSetup): void {
  describe(`packed move log on ${name}`, () => {
    // Ids as long as real ones: OIDC-sized user ids, UUID move ids.
    const players = [`us-east-1:${randomUUID()}`, `us-east-1:${randomUUID()}`];
    const aMatch = (): Match => ({
      game: 'tic-tac-toe',
      status: 'running',
      seats: 2,
      players,
      state: { board: Array.from({ length: 9 }, () => null) },
      currentPlayer: players[0] ?? null,
      activePlayers: players.slice(0, 1),
      left: [],
      turn: 1,
      version: 2,
      result: null,
      seed: 'packed',
      randomState: 1,
    });

    /** Applies one move to the match as read, as the settle path does; answers the write's outcome. */
    async function play(store: GameStore, stored: StoredMatch, n: number) {
      const player = players[n % 2] ?? '';
      const next: Match = { ...stored.match, turn: stored.match.turn + 1, version: stored.match.version + 1 };
      const moveId = randomUUID();
      const entry: MoveLogEntry = {
        version: next.version,
        player,
        seq: n,
        moveId,
        move: 'place',
        args: { cell: n % 9 },
        at: 1_764_500_000_000 + n,
      };
      const ledger = recordOutcome(stored.ledgers[player] ?? EMPTY_LEDGER, moveId, { version: next.version });
      const outcome = await store.update(stored, { next, now: entry.at, settled: { player, ledger, entry } });
      return { outcome, entry };
    }

    async function read(store: GameStore, id: string): Promise<StoredMatch> {
      const stored = await store.get(id);
      if (!stored) throw new Error(`match ${id} is missing`);
      return stored;
    }

    async function wholeLog(store: GameStore, id: string): Promise<MoveLogEntry[]> {
      const moves: MoveLogEntry[] = [];
      let after = 0;
      for (;;) {
        const page = await store.moveLog(id, { after, limit: 7 });
        moves.push(...(page?.moves ?? []));
        if (page?.next === null || page?.next === undefined) return moves;
        after = page.next;
      }
    }

    it('writes several moves to one log item, and reads every move back in order', async () => {
      const { client, tables } = setup();
      const reports: CapacityReport[] = [];
      const store = createDynamoGameStore({ client, ...gameStoreTables(tables), onCapacity: (r) => reports.push(r) });
      const id = randomUUID();
      await store.create(id, aMatch(), 1);
      const entries: MoveLogEntry[] = [];
      for (let n = 1; n <= 40; n++) {
        const { outcome, entry } = await play(store, await read(store, id), n);
        expect(outcome).toBe('written');
        entries.push(entry);
      }
      const logWrites = reports.filter(
        (report) => report.table === tables.moveLogTable && report.operation === 'PutItem',
      );
      expect(logWrites.length).toBeGreaterThan(0);
      console.log(
        `packed log: ${logWrites.length} page writes for 40 moves, units ${logWrites.map((r) => r.capacityUnits).join(',')}`,
      );
      // Measured with these ids: 9 pages of 1 WRU for 40 moves (the match item's slack holds 4–5 moves).
      expect(logWrites.length).toBeLessThanOrEqual(40 / 3);
      expect(logWrites.every((report) => report.capacityUnits === 1)).toBe(true);
      // Each match write stays within one write unit: the pending moves live in its slack.
      const matchWrites = reports.filter((report) => report.operation === 'UpdateItem');
      expect(matchWrites.every((report) => report.capacityUnits <= 1)).toBe(true);
      expect(await wholeLog(store, id)).toEqual(entries);
      const { items } = await logItems(client, tables.moveLogTable, id);
      expect(items.length).toBe(logWrites.length);
    });

    it('keeps the log whole when a settlement dies between its page and its match write', async () => {
      const { client, tables } = setup();
      const store = createDynamoGameStore({ client, ...gameStoreTables(tables) });
      let failNextMatchWrite = false;
      const crashing = createDynamoGameStore({
        client: failingMatchWrites(client, () => failNextMatchWrite),
        ...gameStoreTables(tables),
      });
      const id = randomUUID();
      await store.create(id, aMatch(), 1);
      const entries: MoveLogEntry[] = [];
      for (let n = 1; n <= 30; n++) {
        // Every settlement first dies once after whatever it put in the log, then succeeds on a fresh read.
        failNextMatchWrite = true;
        await expect(play(crashing, await read(crashing, id), n)).rejects.toThrow(/crashed/);
        const { outcome, entry } = await play(store, await read(store, id), n);
        expect(outcome).toBe('written');
        entries.push(entry);
        expect(await wholeLog(store, id)).toEqual(entries);
      }
    });

    it('keeps the log whole when settlements race, whichever wins', async () => {
      const { client, tables } = setup();
      const store = createDynamoGameStore({ client, ...gameStoreTables(tables) });
      const id = randomUUID();
      await store.create(id, aMatch(), 1);
      const entries: MoveLogEntry[] = [];
      for (let n = 1; n <= 30; n++) {
        // Two settlements of different moves from one read: one wins, the other may have put a page.
        const stored = await read(store, id);
        const results = await Promise.all([play(store, stored, n), play(store, stored, n + 1000)]);
        const winners = results.filter((result) => result.outcome === 'written');
        expect(winners).toHaveLength(1);
        entries.push(...winners.map((winner) => winner.entry));
        expect(await wholeLog(store, id)).toEqual(entries);
      }
    });

    it('reads and carries on a log written one item per move, with the newest move as LastMove', async () => {
      const { client, tables } = setup();
      const store = createDynamoGameStore({ client, ...gameStoreTables(tables) });
      const id = randomUUID();
      await store.create(id, aMatch(), 1);
      const old = (version: number): MoveLogEntry => ({
        version,
        player: players[0] ?? '',
        seq: version,
        moveId: `old-${version}`,
        move: 'place',
        args: { cell: version },
        at: version,
      });
      // As the store wrote before pages: v3 in its own log item, v4 only in the match's LastMove.
      await client.send(
        new PutItemCommand({
          TableName: tables.moveLogTable,
          Item: marshall({
            [MOVE_LOG.gameSessionId]: id,
            [MOVE_LOG.version]: 3,
            [MOVE_LOG.player]: old(3).player,
            [MOVE_LOG.seq]: 3,
            [MOVE_LOG.moveId]: 'old-3',
            [MOVE_LOG.move]: 'place',
            [MOVE_LOG.args]: { cell: 3 },
            [MOVE_LOG.at]: 3,
          }),
        }),
      );
      await client.send(
        new UpdateItemCommand({
          TableName: tables.gamesTable,
          Key: marshall({ [GAMES.gameSessionId]: id }),
          UpdateExpression: 'SET #version = :version, #lastMove = :lastMove',
          ExpressionAttributeNames: { '#version': GAMES.version, '#lastMove': GAMES.lastMove },
          ExpressionAttributeValues: marshall({ ':version': 4, ':lastMove': old(4) }),
        }),
      );
      expect((await read(store, id)).lastMove).toEqual(old(4));
      expect(await wholeLog(store, id)).toEqual([old(3), old(4)]);
      const entries = [old(3), old(4)];
      for (let n = 5; n <= 20; n++) {
        const { outcome, entry } = await play(store, await read(store, id), n);
        expect(outcome).toBe('written');
        entries.push(entry);
      }
      expect(await wholeLog(store, id)).toEqual(entries);
      const item = await read(store, id);
      expect(item.lastMove).toEqual(entries.at(-1));
    });
  });
}

/** A client whose UpdateItem of a games item fails while `failing()` says so: a settlement that died. */
function failingMatchWrites(client: DynamoDBClient, failing: () => boolean): DynamoDBClient {
  const send = (async (command: unknown) => {
    if (command instanceof UpdateItemCommand && failing()) throw new Error('the settlement crashed here');
    return (client.send as (command: unknown) => Promise<unknown>)(command);
  }) as DynamoDBClient['send'];
  return Object.assign(Object.create(client) as DynamoDBClient, { send });
}

async function logItems(client: DynamoDBClient, table: string, id: string) {
  const output = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: '#id = :id',
      ExpressionAttributeNames: { '#id': MOVE_LOG.gameSessionId },
      ExpressionAttributeValues: marshall({ ':id': id }),
      ConsistentRead: true,
    }),
  );
  return { items: (output.Items ?? []).map((raw) => unmarshall(raw)) };
}
