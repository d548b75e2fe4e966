import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './database.js';

/**
 * Which matches each player sits in, for `GET /api/me/matches`: one row per (user, match), written in
 * the transaction that seats them, so the index never disagrees with the match and a move (which
 * never changes the seats) writes nothing here. Kept beside the schema migrations rather than in
 * them: the table is derived data, rebuilt from the matches whenever it is missing.
 */
export function ensurePlayerMatchesTable(db: SqliteDatabase): void {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'match_players'").get();
  if (exists !== undefined) return;
  db.transaction(() => {
    db.exec(`
      CREATE TABLE match_players (
        user_id TEXT NOT NULL,
        match_id TEXT NOT NULL REFERENCES matches (id) ON DELETE CASCADE,
        seated_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, match_id)
      ) WITHOUT ROWID;
      CREATE INDEX match_players_by_seated ON match_players (user_id, seated_at DESC);
      INSERT OR IGNORE INTO match_players (user_id, match_id, seated_at)
        SELECT seat.value, matches.id, matches.updated_at FROM matches, json_each(matches.record, '$.players') AS seat;
    `);
  })();
}

/** The statements the game store runs; seating twice keeps the first seat time. */
export interface PlayerMatchesStatements {
  readonly seat: Statement<{ userId: string; matchId: string; now: number }>;
  /** A player who left a waiting match no longer sits in it. */
  readonly unseat: Statement<{ userId: string; matchId: string }>;
  readonly matchIds: Statement<[string, number], { match_id: string }>;
}

export function playerMatchesStatements(db: SqliteDatabase): PlayerMatchesStatements {
  ensurePlayerMatchesTable(db);
  return {
    seat: db.prepare<{ userId: string; matchId: string; now: number }>(
      'INSERT OR IGNORE INTO match_players (user_id, match_id, seated_at) VALUES (@userId, @matchId, @now)',
    ),
    unseat: db.prepare<{ userId: string; matchId: string }>(
      'DELETE FROM match_players WHERE user_id = @userId AND match_id = @matchId',
    ),
    matchIds: db.prepare<[string, number], { match_id: string }>(
      'SELECT match_id FROM match_players WHERE user_id = ? ORDER BY seated_at DESC, match_id LIMIT ?',
    ),
  };
}
