import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import { createDynamoGameStore } from '../../src/aws/dynamo-game-store.js';
import { itemBytes } from '../../src/aws/item-size.js';
import { GAMES } from '../../src/aws/tables.js';
import { applyMove, createMatch, defineGame, invalid, type Match, seatPlayer } from '../../src/engine/index.js';
import type { StoredMatch } from '../../src/ports/index.js';
import { appliedMoveKey } from '../../src/protocol/index.js';
import { startDynalite } from '../../test/support/dynalite.js';
import { createTestTables, localDynamoClient } from '../../test/support/local-aws.js';
import type { BytesPerMoveRow } from '../report/report.js';
import { CostCounter, type InstrumentableClient } from './counter.js';

/**
 * Does a move cost what it changes, or what the game has become? A synthetic long game (two players
 * fill a 20 × 20 board, one cell per move, 400 moves) is played straight through the DynamoDB games
 * store of the aws-local wiring, exactly as the queue handler calls it, and every write is measured:
 * the bytes of its update request (which must stay flat) and the write units DynamoDB charges (which
 * follow the size of the whole item, before or after, whichever is larger).
 */
const SIDE = 20;
const CELLS = SIDE * SIDE;

const longBoard = defineGame({
  name: 'long-board',
  players: { min: 2, max: 2 },
  setup: () => ({ cells: Array<number | null>(CELLS).fill(null) }),
  moves: {
    mark: {
      args: z.object({
        cell: z
          .number()
          .int()
          .min(0)
          .max(CELLS - 1),
      }),
      apply(state, { cell }, ctx) {
        if (state.cells[cell] !== null) return invalid('taken');
        return { cells: state.cells.map((value, index) => (index === cell ? ctx.turn : value)) };
      },
    },
  },
  endIf: (state) => (state.cells.every((cell) => cell !== null) ? { draw: true } : undefined),
});

const BUCKETS = [1, 10, 50, 100, 200, 300, 400];

export async function measureBytesPerMove(): Promise<BytesPerMoveRow[]> {
  const dynalite = await startDynalite();
  try {
    const client = localDynamoClient(dynalite.endpoint);
    const tables = await createTestTables(client, 'bench');
    const counter = new CostCounter();
    counter.instrument(client as unknown as InstrumentableClient, 'DynamoDB');
    counter.watchTable(tables.gamesTable);
    const writes: { requestBytes: number; writeUnits: number; itemBytes: number }[] = [];
    counter.onGameWrite = (write) => writes.push({ ...write, itemBytes: 0 });
    /** The stored item's size as DynamoDB counts it, read back after each write. */
    const storedItemBytes = async (id: string): Promise<number> => {
      const output = await client.send(
        new GetItemCommand({
          TableName: tables.gamesTable,
          Key: { [GAMES.gameSessionId]: { S: id } },
          ConsistentRead: true,
        }),
      );
      return output.Item ? itemBytes(unmarshall(output.Item)) : 0;
    };
    const store = createDynamoGameStore({ client, tableName: tables.gamesTable });

    let match = seated(createMatchOrThrow());
    const id = 'long-game';
    await store.create(id, match, 0);
    let stored = (await store.get(id)) as StoredMatch;
    writes.length = 0;
    const order = Array.from({ length: CELLS }, (_, cell) => cell);
    for (const [index, cell] of order.entries()) {
      const player = match.currentPlayer ?? '';
      const result = applyMove(longBoard as never, match, { player, move: 'mark', args: { cell } });
      if (!result.ok) throw new Error(`long game move ${index}: ${result.error.message}`);
      const moveId = `m${index}`;
      const key = appliedMoveKey(player, moveId);
      const entry = { version: result.value.version, player, moveId, move: 'mark', args: { cell }, at: index };
      const outcome = await store.update(stored, { next: result.value, appliedMove: { key, entry }, now: index });
      if (outcome !== 'written') throw new Error(`long game move ${index}: ${outcome}`);
      match = result.value;
      const last = writes.at(-1);
      if (last) last.itemBytes = await storedItemBytes(id);
      stored = (await store.get(id)) as StoredMatch;
    }
    return BUCKETS.map((upTo, index) => {
      const from = (BUCKETS[index - 1] ?? 0) + 1;
      const slice = writes.slice(from - 1, upTo);
      const mean = (pick: (w: { requestBytes: number; writeUnits: number; itemBytes: number }) => number) =>
        slice.reduce((sum, w) => sum + pick(w), 0) / Math.max(1, slice.length);
      return {
        moves: from === upTo ? `${upTo}` : `${from}–${upTo}`,
        writes: slice.length,
        requestBytes: mean((w) => w.requestBytes),
        writeUnits: mean((w) => w.writeUnits),
        itemBytes: mean((w) => w.itemBytes),
      };
    });
  } finally {
    await dynalite.stop();
  }
}

function createMatchOrThrow(): Match {
  const created = createMatch(longBoard as never, { seed: 'bench-long-game' });
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

function seated(match: Match): Match {
  let current = match;
  for (const player of ['alice', 'bob']) {
    const result = seatPlayer(longBoard as never, current, player);
    if (!result.ok) throw new Error(result.error.message);
    current = result.value;
  }
  return current;
}
