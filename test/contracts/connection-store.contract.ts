import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Connection, ConnectionStore, GameConnection } from '../../src/ports/connection-store.js';
import { eventually } from './eventually.js';

/** What every ConnectionStore promises. Fresh ids per test, so a shared store is fine. */
export function describeConnectionStoreContract(
  name: string,
  makeStore: () => Promise<ConnectionStore> | ConnectionStore,
): void {
  describe(`ConnectionStore contract: ${name}`, () => {
    const NOW = 1_700_000_000_000;

    const aConnection = (overrides: Partial<Connection> = {}): Connection => ({
      connectionId: `${randomUUID().slice(0, 12)}=`,
      gameSessionId: randomUUID(),
      userId: 'alice',
      connectedAt: NOW,
      expiresAt: NOW / 1000 + 7200,
      ...overrides,
    });

    it('stores a connection and reads it back', async () => {
      const store = await makeStore();
      const connection = aConnection();
      expect(await store.put(connection)).toBe('written');
      expect(await store.get(connection.connectionId, NOW)).toEqual(connection);
    });

    it('refuses a second connection with the same id and keeps the first', async () => {
      const store = await makeStore();
      const connection = aConnection();
      await store.put(connection);
      expect(await store.put({ ...connection, userId: 'mallory' })).toBe('conflict');
      expect((await store.get(connection.connectionId, NOW))?.userId).toBe('alice');
    });

    it('finds nothing for an unknown connection', async () => {
      const store = await makeStore();
      expect(await store.get('no-such-connection', NOW)).toBeUndefined();
    });

    it('reads an expired row as missing, since TTL deletion lags', async () => {
      const store = await makeStore();
      const connection = aConnection({ expiresAt: NOW / 1000 + 60 });
      await store.put(connection);
      expect(await store.get(connection.connectionId, NOW + 59_000)).toEqual(connection);
      expect(await store.get(connection.connectionId, NOW + 60_000)).toBeUndefined();
    });

    it('deletes a connection, and deleting a missing one is fine', async () => {
      const store = await makeStore();
      const connection = aConnection();
      await store.put(connection);
      await store.delete(connection.connectionId);
      expect(await store.get(connection.connectionId, NOW)).toBeUndefined();
      await expect(store.delete(connection.connectionId)).resolves.toBeUndefined();
      await expect(store.delete('never-existed')).resolves.toBeUndefined();
    });

    it("lists a game's live connections only, with their user ids", async () => {
      const store = await makeStore();
      const game = randomUUID();
      const alice = aConnection({ gameSessionId: game, userId: 'alice' });
      const bob = aConnection({ gameSessionId: game, userId: 'bob' });
      const watcher = aConnection({ gameSessionId: game, userId: 'carol' });
      const stale = aConnection({ gameSessionId: game, userId: 'dave', expiresAt: NOW / 1000 - 1 });
      const elsewhere = aConnection({ userId: 'erin' });
      for (const connection of [alice, bob, watcher, stale, elsewhere]) await store.put(connection);
      await store.delete(watcher.connectionId);

      const expected: GameConnection[] = [alice, bob].map(({ connectionId, userId, expiresAt }) => ({
        connectionId,
        userId,
        expiresAt,
      }));
      // An index may lag a write (DynamoDB GSIs are eventually consistent): wait for it, never assume.
      await eventually(async () => expect(sorted(await store.listByGame(game, NOW))).toEqual(sorted(expected)));
      expect(await store.listByGame(randomUUID(), NOW)).toEqual([]);
    });
  });
}

const sorted = (connections: readonly GameConnection[]) =>
  [...connections].sort((a, b) => a.connectionId.localeCompare(b.connectionId));
