import type { MatchPools } from '../../ports/index.js';
import type { SqliteDatabase } from './database.js';
import { guard } from './game-store.js';
import { groupCommitFor } from './group-commit.js';
import { ensurePlayTables } from './play-tables.js';

/**
 * MatchPools on SQLite: one row per pool; `swap` is an UPDATE (or an INSERT for a pool never seen)
 * conditioned on the open match read, in the group commit like every other write here.
 */
export function sqliteMatchPools(db: SqliteDatabase): MatchPools {
  ensurePlayTables(db);
  const statements = {
    open: db.prepare<[string], { open_match: string | null }>('SELECT open_match FROM match_pools WHERE pool = ?'),
    insert: db.prepare(
      'INSERT INTO match_pools (pool, open_match, updated_at) VALUES (@pool, @next, @now) ON CONFLICT DO NOTHING',
    ),
    swap: db.prepare(
      `UPDATE match_pools SET open_match = @next, updated_at = @now
       WHERE pool = @pool AND open_match IS @expected`,
    ),
  };
  const commits = groupCommitFor(db);
  return {
    async open(pool) {
      // Reads see what is committed; a swap's commit is answered only once durable, and the swap's
      // caller acts only then, so a reader may at worst act on a swap before it is on disk: the next
      // write conditioned on it still decides.
      return guard('pool', () => statements.open.get(pool)?.open_match ?? undefined);
    },
    async swap(pool, expected, next, now) {
      const values = { pool, expected: expected ?? null, next: next ?? null, now };
      const changes = await commits.run('pool', () =>
        expected === undefined && statements.open.get(pool) === undefined
          ? statements.insert.run(values).changes
          : statements.swap.run(values).changes,
      );
      return changes === 1 ? 'written' : 'conflict';
    },
  };
}
