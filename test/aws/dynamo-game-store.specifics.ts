import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDynamoGameStore } from '../../src/aws/dynamo-game-store.js';
import type { CapacityReport } from '../../src/aws/dynamo-support.js';
import type { Match } from '../../src/engine/index.js';
import { StoreError } from '../../src/ports/errors.js';
import { gameStoreTables } from '../support/local-aws.js';
import type { DynamoStoreSetup } from './dynamo-setup.js';

/**
 * What the DynamoDB game store does beyond the port's contract: DynamoDB's own limits, met with a
 * clear StoreError before the request, and the consumed capacity the benchmark counts.
 */
export function describeDynamoGameStoreSpecifics(name: string, setup: () => DynamoStoreSetup): void {
  describe(`DynamoDB game store on ${name}`, () => {
    const match = (state: Match['state']): Match => ({
      game: 'tic-tac-toe',
      status: 'running',
      seats: 2,
      players: ['alice', 'bob'],
      state,
      currentPlayer: 'alice',
      activePlayers: ['alice'],
      left: [],
      turn: 1,
      version: 3,
      result: null,
      seed: 's',
      randomState: 1,
    });

    it('reports the consumed capacity of every operation', async () => {
      const { client, tables } = setup();
      const reports: CapacityReport[] = [];
      const store = createDynamoGameStore({ client, ...gameStoreTables(tables), onCapacity: (r) => reports.push(r) });
      const id = randomUUID();
      await store.create(id, match({ board: [] }), 1);
      const stored = await store.get(id);
      if (!stored) throw new Error('not stored');
      await store.update(stored, { next: { ...stored.match, state: { board: [1] }, version: 4 }, now: 2 });
      await store.list({ game: 'tic-tac-toe' });
      expect(reports.map((report) => report.operation)).toEqual(
        expect.arrayContaining(['PutItem', 'GetItem', 'UpdateItem', 'Query', 'BatchGetItem']),
      );
      const write = reports.find((report) => report.operation === 'UpdateItem');
      expect(write?.table).toBe(tables.gamesTable);
      expect(write?.capacityUnits).toBeGreaterThan(0);
    });

    it('accepts a state as deep as DynamoDB allows, and refuses a deeper one clearly', async () => {
      const { client, tables } = setup();
      const store = createDynamoGameStore({ client, ...gameStoreTables(tables) });
      const nested = (depth: number): Match['state'] => {
        let value: unknown = 'leaf';
        for (let level = 0; level < depth; level++) value = { d: value };
        return value;
      };
      // State is one level inside the item: 31 levels inside it make the item's 32.
      expect(await store.create(randomUUID(), match(nested(31)), 1)).toBe('written');
      const deeper = store.create(randomUUID(), match(nested(32)), 1);
      await expect(deeper).rejects.toBeInstanceOf(StoreError);
      await expect(deeper).rejects.toThrow(/32 levels/);
    });

    it('refuses a state over 400 KB before writing, and keeps the stored match', async () => {
      const { client, tables } = setup();
      const store = createDynamoGameStore({ client, ...gameStoreTables(tables) });
      const id = randomUUID();
      await store.create(id, match({ log: 'small' }), 1);
      const stored = await store.get(id);
      if (!stored) throw new Error('not stored');
      const huge = { ...stored.match, state: { log: 'x'.repeat(401 * 1024) }, version: 4 };
      await expect(store.update(stored, { next: huge, now: 2 })).rejects.toThrow(/400 KB/);
      expect(await store.get(id)).toEqual(stored);
    });

    it('translates an unreachable table into a StoreError, with no SDK type escaping', async () => {
      const { client } = setup();
      const store = createDynamoGameStore({
        client,
        tableName: `missing-${randomUUID()}`,
        moveLogTableName: `missing-${randomUUID()}`,
      });
      const failing = store.get('anything');
      await expect(failing).rejects.toBeInstanceOf(StoreError);
      await expect(failing).rejects.toThrow(/ResourceNotFoundException/);
    });
  });
}
