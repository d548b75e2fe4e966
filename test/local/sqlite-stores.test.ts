import { afterAll, describe, expect, it } from 'vitest';
import { sqliteConnectionStore } from '../../src/local/sqlite/connection-store.js';
import { IN_MEMORY, openDatabase } from '../../src/local/sqlite/database.js';
import { sqliteGameStore } from '../../src/local/sqlite/game-store.js';
import { groupCommitFor } from '../../src/local/sqlite/group-commit.js';
import { sqliteMatchPools } from '../../src/local/sqlite/match-pools.js';
import { sqliteRatingStore } from '../../src/local/sqlite/rating-store.js';
import { sqliteRetentionStore } from '../../src/local/sqlite/retention-store.js';
import { StoreError } from '../../src/ports/index.js';
import { describeConnectionStoreContract } from '../contracts/connection-store.contract.js';
import { describeExactlyOnceContract } from '../contracts/exactly-once.contract.js';
import { describeGameStoreContract } from '../contracts/game-store.contract.js';
import { describePlayStoresContract } from '../contracts/play-stores.contract.js';
import { describeRetentionStoreContract } from '../contracts/retention-store.contract.js';

// One database shared by both suites, as the embedded wiring shares one: the suites use fresh ids.
const db = openDatabase(IN_MEMORY);
afterAll(() => db.close());

describeGameStoreContract('SQLite', () => sqliteGameStore(db));
describeConnectionStoreContract('SQLite', () => sqliteConnectionStore(db));
describePlayStoresContract('SQLite', () => ({
  matches: sqliteGameStore(db),
  ratings: sqliteRatingStore(db),
  pools: sqliteMatchPools(db),
}));
describeExactlyOnceContract('SQLite', () => ({ matches: sqliteGameStore(db), connections: sqliteConnectionStore(db) }));
describeRetentionStoreContract('SQLite', async () => {
  // Fresh each time: `due` answers for the whole database.
  const own = openDatabase(IN_MEMORY);
  afterAll(() => own.close());
  return {
    matches: sqliteGameStore(own),
    retention: sqliteRetentionStore(own),
    remains: async (id) =>
      Number(own.prepare('SELECT count(*) FROM move_log WHERE match_id = ?').pluck().get(id)) +
      Number(own.prepare('SELECT count(*) FROM match_players WHERE match_id = ?').pluck().get(id)),
  };
});

describe('group commit', () => {
  it('commits a turn’s writes together, rolling back only the one that failed', async () => {
    const local = openDatabase(IN_MEMORY);
    try {
      local.exec('CREATE TABLE t (x INTEGER PRIMARY KEY)');
      const commits = groupCommitFor(local);
      expect(groupCommitFor(local)).toBe(commits);
      const insert = local.prepare('INSERT INTO t VALUES (?)');
      const outcomes = await Promise.allSettled([
        commits.run('one', () => insert.run(1).changes),
        commits.run('clash', () => {
          insert.run(2);
          insert.run(1); // violates the key: this write, and only this one, is rolled back
        }),
        commits.run('three', () => insert.run(3).changes),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(StoreError);
      expect(local.prepare('SELECT x FROM t ORDER BY x').pluck().all()).toEqual([1, 3]);
    } finally {
      local.close();
    }
  });
});
