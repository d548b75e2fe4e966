import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Match } from '../../src/engine/index.js';
import { sqliteConnectionStore } from '../../src/local/sqlite/connection-store.js';
import { closeDatabase, IN_MEMORY, openDatabase } from '../../src/local/sqlite/database.js';
import { sqliteDeadlines } from '../../src/local/sqlite/deadlines.js';
import { sqliteGameStore } from '../../src/local/sqlite/game-store.js';
import { groupCommitFor } from '../../src/local/sqlite/group-commit.js';
import { sqliteMatchPools } from '../../src/local/sqlite/match-pools.js';
import { sqliteRatingStore } from '../../src/local/sqlite/rating-store.js';
import { sqliteRetentionStore } from '../../src/local/sqlite/retention-store.js';
import { StoreError } from '../../src/ports/index.js';
import { EMPTY_LEDGER } from '../../src/protocol/index.js';
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

describe('schema upgrades', () => {
  it('brings a version 3 database to version 4: its matches are due for the sweeps by their status', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'turngate-v3-'));
    const path = join(dir, 'turngate.db');
    try {
      // A database as version 3 left it: matches without their phase.
      const old = openDatabase(path);
      old.exec(
        'DROP INDEX matches_by_phase; ALTER TABLE matches DROP COLUMN phase; ALTER TABLE matches DROP COLUMN phase_at',
      );
      old.pragma('user_version = 3');
      const insert =
        old.prepare(`INSERT INTO matches (id, game, status, version, record, ledgers, created_at, updated_at)
        VALUES (?, 'tic-tac-toe', ?, 2, ?, '{}', ?, ?)`);
      insert.run('waiting', 'waiting', JSON.stringify({ ...v2Match, status: 'waiting' }), 1_000, 1_500);
      insert.run('over', 'finished', JSON.stringify({ ...v2Match, status: 'finished' }), 1_000, 9_000);
      old.close();

      const upgraded = openDatabase(path);
      try {
        expect(upgraded.pragma('user_version', { simple: true })).toBe(CURRENT_VERSION);
        const retention = sqliteRetentionStore(upgraded);
        expect(await retention.due('waiting', 1_000, 10)).toEqual(['waiting']);
        expect(await retention.due('finished', 8_999, 10)).toEqual([]);
        expect(await retention.due('finished', 9_000, 10)).toEqual(['over']);
      } finally {
        upgraded.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('brings a version 2 database to the current version: old log rows keep no fingerprint, new ones keep theirs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'turngate-v2-'));
    const path = join(dir, 'turngate.db');
    try {
      // A database as version 2 left it: the log without its hash column.
      const old = openDatabase(path);
      old.exec('ALTER TABLE move_log DROP COLUMN hash');
      old.pragma('user_version = 2');
      old
        .prepare(`INSERT INTO matches (id, game, status, version, record, ledgers, created_at, updated_at)
        VALUES ('m', 'tic-tac-toe', 'running', 2, ?, '{}', 1, 1)`)
        .run(JSON.stringify(v2Match));
      old
        .prepare(`INSERT INTO move_log (match_id, version, player, seq, move_id, move, args, at)
        VALUES ('m', 2, 'alice', 1, 'a-1', 'place', '{"cell":4}', 5)`)
        .run();
      old.close();

      const upgraded = openDatabase(path);
      try {
        expect(upgraded.pragma('user_version', { simple: true })).toBe(CURRENT_VERSION);
        const store = sqliteGameStore(upgraded);
        const stored = await store.get('m');
        if (stored === undefined) throw new Error('the match did not survive the upgrade');
        const entry = {
          version: 3,
          player: 'bob',
          seq: 1,
          moveId: 'b-1',
          move: 'place',
          args: { cell: 0 },
          at: 6,
          hash: 'x'.repeat(16),
        };
        const next = { ...stored.match, version: 3 };
        expect(
          await store.update(stored, { next, now: 6, settled: { player: 'bob', ledger: EMPTY_LEDGER, entry } }),
        ).toBe('written');
        expect((await store.moveLog('m'))?.moves).toEqual([
          { version: 2, player: 'alice', seq: 1, moveId: 'a-1', move: 'place', args: { cell: 4 }, at: 5 },
          entry,
        ]);
      } finally {
        await closeDatabase(upgraded);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const CURRENT_VERSION = 5;

describe('the deadline index (schema version 5)', () => {
  it('brings a version 4 database up: its running matches are found by their deadline, as written since', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'turngate-v4-'));
    const path = join(dir, 'turngate.db');
    try {
      // A database as version 4 left it: the deadline read from the record's JSON by an expression index.
      const old = openDatabase(path);
      old.exec(`DROP INDEX matches_by_deadline; ALTER TABLE matches DROP COLUMN deadline;
        CREATE INDEX matches_by_deadline ON matches (json_extract(record, '$.clock.deadline')) WHERE status = 'running'`);
      old.pragma('user_version = 4');
      const insert =
        old.prepare(`INSERT INTO matches (id, game, status, version, record, ledgers, created_at, updated_at)
        VALUES (?, 'tic-tac-toe', ?, 2, ?, '{}', 1, 1)`);
      insert.run('timed', 'running', JSON.stringify(timed(v2Match, 5_000)));
      insert.run('untimed', 'running', JSON.stringify(v2Match));
      insert.run('ended', 'finished', JSON.stringify(timed({ ...v2Match, status: 'finished' }, 1_000)));
      old.close();

      const upgraded = openDatabase(path);
      try {
        expect(upgraded.pragma('user_version', { simple: true })).toBe(CURRENT_VERSION);
        const deadlines = sqliteDeadlines(upgraded);
        expect(await deadlines.overdue(4_999, 10)).toEqual([]);
        expect(await deadlines.overdue(5_000, 10)).toEqual(['timed']);
        // The sweep's query reads the index, never the records.
        const plan = upgraded
          .prepare(
            'EXPLAIN QUERY PLAN SELECT id FROM matches WHERE deadline IS NOT NULL AND deadline <= 1 ORDER BY deadline LIMIT 1',
          )
          .all() as { detail: string }[];
        expect(plan.map(({ detail }) => detail).join('; ')).toContain('USING INDEX matches_by_deadline');

        // A write moves the deadline with the record; ending the match takes it out of the index.
        const store = sqliteGameStore(upgraded);
        const stored = await store.get('timed');
        if (stored === undefined) throw new Error('the match did not survive the upgrade');
        const later = timed({ ...stored.match, version: 3 }, 9_000);
        expect(await store.update(stored, { next: later, now: 6 })).toBe('written');
        expect(await deadlines.overdue(8_999, 10)).toEqual([]);
        expect(await deadlines.overdue(9_000, 10)).toEqual(['timed']);
        const moved = await store.get('timed');
        if (moved === undefined) throw new Error('the match is gone');
        const over = timed({ ...moved.match, version: 4, status: 'finished' as const }, 9_000);
        expect(await store.update(moved, { next: over, now: 7 })).toBe('written');
        expect(await deadlines.overdue(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
      } finally {
        await closeDatabase(upgraded);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A match whose earliest deadline is `deadline` (only the field the index reads; the rest of a clock is the engine's). */
function timed<M extends object>(match: M, deadline: number): M & Pick<Match, 'clock'> {
  return { ...match, clock: { deadline } as Match['clock'] };
}

const v2Match = {
  game: 'tic-tac-toe',
  status: 'running',
  seats: 2,
  players: ['alice', 'bob'],
  state: { board: [null, null, null, null, 'alice', null, null, null, null] },
  currentPlayer: 'bob',
  activePlayers: ['bob'],
  left: [],
  turn: 2,
  version: 2,
  result: null,
  seed: 'seed',
  randomState: 0,
};
