import type { MatchStatus } from '../../engine/index.js';
import { PHASES, type RetentionStore, type StoredMatch } from '../../ports/index.js';
import { guard, type SqliteDatabase } from './database.js';
import { groupCommitFor } from './group-commit.js';
import { dropCachedMatch } from './match-cache.js';

/**
 * The retention sweeps' view of the SQLite store (ports/retention.ts): the `phase` columns, indexed
 * (database.ts, version 3), so a sweep reads what is due and nothing else. A purge deletes the match
 * row; its move log and seat rows go with it (foreign keys, ON DELETE CASCADE), in one commit.
 */
export function sqliteRetentionStore(db: SqliteDatabase): RetentionStore {
  const statements = {
    due: db.prepare<{ phase: string; before: number; limit: number }, { id: string }>(
      'SELECT id FROM matches WHERE phase = @phase AND phase_at <= @before ORDER BY phase_at, id LIMIT @limit',
    ),
    remember: db.prepare<{ id: string; phase: string; since: number }>(
      'UPDATE matches SET phase = @phase, phase_at = @since WHERE id = @id',
    ),
    forget: db.prepare<[string]>('UPDATE matches SET phase = NULL, phase_at = NULL WHERE id = ?'),
    purge: db.prepare<{ id: string; version: number }>(
      "DELETE FROM matches WHERE id = @id AND status = 'finished' AND version = @version",
    ),
  };
  const commits = groupCommitFor(db);

  return {
    async due(status: MatchStatus, before: number, limit: number) {
      // A hint only: the sweep reads each match through the game store, which waits for its writes.
      return guard('retention.due', () => statements.due.all({ phase: PHASES[status], before, limit })).map(
        (row) => row.id,
      );
    },
    async remember(stored: StoredMatch, since: number) {
      await commits.run('retention.remember', () =>
        statements.remember.run({ id: stored.id, phase: PHASES[stored.match.status], since }),
      );
    },
    async forget(stored: StoredMatch) {
      await commits.run('retention.forget', () => statements.forget.run(stored.id));
    },
    async purge(stored: StoredMatch) {
      if (stored.match.status !== 'finished') return;
      await commits.run('retention.purge', () => {
        statements.purge.run({ id: stored.id, version: stored.match.version });
        // Gone from disk: not to be answered from memory either.
        dropCachedMatch(db, stored.id);
      });
    },
  };
}
