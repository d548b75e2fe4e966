import type { DeadlineIndex } from '../../ports/index.js';
import { guard, type SqliteDatabase } from './database.js';

/**
 * The deadline sweep's index on SQLite: the `deadline` column every write of the game store sets
 * (`dueDeadline`: a running match's earliest deadline, else null), indexed where it is set
 * (database.ts, version 5). Exact, so `defer` has nothing to do.
 */
export function sqliteDeadlines(db: SqliteDatabase): DeadlineIndex {
  const overdue = db.prepare<[number, number], { id: string }>(
    'SELECT id FROM matches WHERE deadline IS NOT NULL AND deadline <= ? ORDER BY deadline LIMIT ?',
  );
  return {
    overdue: async (before, limit) => guard('deadlines.overdue', () => overdue.all(before, limit).map(({ id }) => id)),
    defer: async () => undefined,
  };
}
