import { randomBytes } from 'node:crypto';
import type { Enqueued, MatchPools, PoolQueue } from '../../ports/index.js';
import type { SqliteDatabase } from './database.js';
import { groupCommitFor } from './group-commit.js';
import { ensurePlayTables } from './play-tables.js';

interface PoolRow {
  epoch: string;
  base: number;
  queue: string;
}

/**
 * MatchPools on SQLite: one row per pool, its queue a JSON array. `enqueue` and `trim` are each one
 * write of the group commit: the read and the write of the row happen in it, so they are atomic.
 */
export function sqliteMatchPools(db: SqliteDatabase): MatchPools {
  ensurePlayTables(db);
  const statements = {
    get: db.prepare<[string], PoolRow>('SELECT epoch, base, queue FROM match_pools WHERE pool = ?'),
    put: db.prepare(
      `INSERT INTO match_pools (pool, epoch, base, queue, updated_at) VALUES (@pool, @epoch, @base, @queue, @now)
       ON CONFLICT (pool) DO UPDATE SET base = @base, queue = @queue, updated_at = @now`,
    ),
  };
  const commits = groupCommitFor(db);
  const read = (pool: string): PoolQueue => {
    const row = statements.get.get(pool);
    return row
      ? { epoch: row.epoch, base: row.base, players: JSON.parse(row.queue) as string[] }
      : { epoch: randomBytes(6).toString('base64url'), base: 0, players: [] };
  };
  const write = (pool: string, queue: PoolQueue, now: number) =>
    statements.put.run({ pool, epoch: queue.epoch, base: queue.base, queue: JSON.stringify(queue.players), now });

  return {
    enqueue: (pool, userId, limit, now) =>
      commits.run('pool', (): Enqueued => {
        const queue = read(pool);
        if (queue.players.includes(userId)) return { queue, queued: true };
        if (queue.players.length >= limit) return { queue, queued: false };
        const next = { ...queue, players: [...queue.players, userId] };
        write(pool, next, now);
        return { queue: next, queued: true };
      }),
    trim: (pool, base, count, now) =>
      commits.run('pool', () => {
        const queue = read(pool);
        if (queue.base !== base || count > queue.players.length) return 'conflict' as const;
        write(pool, { ...queue, base: base + count, players: queue.players.slice(count) }, now);
        return 'written' as const;
      }),
  };
}
