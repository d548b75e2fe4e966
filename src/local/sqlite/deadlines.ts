import type { DeadlineIndex } from '../../ports/index.js';
import type { SqliteDatabase } from './database.js';
import { guard } from './game-store.js';

/** The match record's earliest deadline, as the index and the query below both name it. */
const DEADLINE = "json_extract(record, '$.clock.deadline')";

/**
 * The deadline sweep's index on SQLite: a partial index on the running matches' earliest deadline,
 * read from the match record itself, so it is exact and every write keeps it (SQLite updates an
 * index on an expression with the row). Created here, like the timers' table: it is the sweep's
 * concern, not the stores' schema. `defer` has nothing to do.
 */
export function sqliteDeadlines(db: SqliteDatabase): DeadlineIndex {
  db.exec(`CREATE INDEX IF NOT EXISTS matches_by_deadline ON matches (${DEADLINE}) WHERE status = 'running'`);
  const overdue = db.prepare<[number, number], { id: string }>(
    `SELECT id FROM matches WHERE status = 'running' AND ${DEADLINE} <= ? ORDER BY ${DEADLINE} LIMIT ?`,
  );
  return {
    overdue: async (before, limit) => guard('deadlines.overdue', () => overdue.all(before, limit).map(({ id }) => id)),
    defer: async () => undefined,
  };
}
