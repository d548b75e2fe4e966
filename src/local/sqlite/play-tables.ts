import { columnsOf, type SqliteDatabase } from './database.js';

/**
 * The tables of "Play now" (ratings, the record of rated matches, quick-match pools) and the invite
 * column of matches. Created when missing, like match_players: a database from before them gains
 * them on its next start, and nothing else changes.
 */
export function ensurePlayTables(db: SqliteDatabase): void {
  const columns = columnsOf(db, 'matches');
  db.transaction(() => {
    if (!columns.has('invite')) db.exec('ALTER TABLE matches ADD COLUMN invite TEXT');
    db.exec(`
      CREATE TABLE IF NOT EXISTS ratings (
        user_id TEXT NOT NULL,
        game TEXT NOT NULL,
        mu REAL NOT NULL,
        sigma REAL NOT NULL,
        rating REAL NOT NULL,
        matches INTEGER NOT NULL,
        version INTEGER NOT NULL,
        last_match TEXT,
        last_change REAL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, game)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS ratings_board ON ratings (game, rating DESC, user_id);
      -- Goes with its match (ON DELETE CASCADE): a match is rated at most once for as long as it exists.
      CREATE TABLE IF NOT EXISTS rated_matches (
        match_id TEXT PRIMARY KEY REFERENCES matches (id) ON DELETE CASCADE,
        rated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS match_pools (
        pool TEXT PRIMARY KEY,
        epoch TEXT NOT NULL,
        base INTEGER NOT NULL,
        queue TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `);
  })();
}
