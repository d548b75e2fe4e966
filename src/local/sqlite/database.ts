import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../../ports/index.js';
import { groupCommitFor, syncWalAfterCommits } from './group-commit.js';

export type SqliteDatabase = Database.Database;

/** `:memory:` keeps everything in this process (tests); any other value is a file path. */
export const IN_MEMORY = ':memory:';

export interface OpenDatabaseOptions {
  /**
   * 'full' fsyncs every commit, so an acknowledged move survives a power cut as well as a crash;
   * 'normal' (WAL's usual setting) survives a process crash but may lose the last commits on power loss.
   */
  readonly synchronous?: 'full' | 'normal';
}

/**
 * Opens (and migrates) the one database the embedded wiring keeps: matches, the move log,
 * connections and the queue's messages. WAL lets readers run while the queue writes.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): SqliteDatabase {
  if (path !== IN_MEMORY) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  if (path !== IN_MEMORY) db.pragma('journal_mode = WAL');
  const full = options.synchronous !== 'normal';
  if (full && path !== IN_MEMORY) {
    // FULL's guarantee, kept by the group commit: each durable commit is answered only after an fsync
    // of the WAL, made off the event loop (group-commit.ts) instead of inside COMMIT on it.
    db.pragma('synchronous = NORMAL');
    syncWalAfterCommits(db);
  } else {
    db.pragma(`synchronous = ${full ? 'FULL' : 'NORMAL'}`);
  }
  db.pragma('foreign_keys = ON');
  // A second process on the same file (a restart racing the old one's exit) waits instead of failing.
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Closes a database opened here once its last fsync has returned. */
export async function closeDatabase(db: SqliteDatabase): Promise<void> {
  await groupCommitFor(db).close();
  db.close();
}

const SCHEMA_VERSION = 5;

function migrate(db: SqliteDatabase): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version >= SCHEMA_VERSION) return;
  db.transaction(() => {
    if (version < 1) createVersion1(db);
    if (version < 2) upgradeToVersion2(db);
    if (version < 3) upgradeToVersion3(db);
    upgradeToVersion4(db);
    if (version < 5) upgradeToVersion5(db);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

function createVersion1(db: SqliteDatabase): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS matches (
      id TEXT PRIMARY KEY,
      game TEXT NOT NULL,
      status TEXT NOT NULL,
      version INTEGER NOT NULL,
      record TEXT NOT NULL,
      applied_moves TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS matches_by_created ON matches (created_at DESC);

    CREATE TABLE IF NOT EXISTS move_log (
      match_id TEXT NOT NULL REFERENCES matches (id) ON DELETE CASCADE,
      version INTEGER NOT NULL,
      player TEXT NOT NULL,
      move_id TEXT NOT NULL,
      move TEXT NOT NULL,
      args TEXT,
      at INTEGER NOT NULL,
      PRIMARY KEY (match_id, version)
    );

    CREATE TABLE IF NOT EXISTS connections (
      connection_id TEXT PRIMARY KEY,
      game_session_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      connected_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS connections_by_game ON connections (game_session_id);

    CREATE TABLE IF NOT EXISTS queue_messages (
      sequence INTEGER PRIMARY KEY AUTOINCREMENT,
      queue TEXT NOT NULL,
      message_id TEXT NOT NULL,
      group_id TEXT NOT NULL,
      deduplication_id TEXT NOT NULL,
      body TEXT NOT NULL,
      sent_at INTEGER NOT NULL,
      receive_count INTEGER NOT NULL DEFAULT 0,
      first_received_at INTEGER,
      dead INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX IF NOT EXISTS queue_messages_by_group ON queue_messages (queue, dead, group_id, sequence);

    CREATE TABLE IF NOT EXISTS queue_deduplication (
      queue TEXT NOT NULL,
      deduplication_id TEXT NOT NULL,
      message_id TEXT NOT NULL,
      expires_at INTEGER NOT NULL,
      PRIMARY KEY (queue, deduplication_id)
    );
  `);
}

/**
 * Version 2: exactly-once without a horizon. The bounded list of applied move ids gives way to one
 * fixed-size ledger per player (move-ledger.ts) and the newest applied move; log rows gain the
 * player's move number. Matches
 * from version 1 keep their log and start every ledger empty: their old ids are simply not held.
 */
function upgradeToVersion2(db: SqliteDatabase): void {
  db.exec(`
    ALTER TABLE matches DROP COLUMN applied_moves;
    ALTER TABLE matches ADD COLUMN ledgers TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE matches ADD COLUMN last_move TEXT;
    ALTER TABLE move_log ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
  `);
}

/** Version 3: each logged step keeps the fingerprint of the match it produced, for replays to check against. */
function upgradeToVersion3(db: SqliteDatabase): void {
  db.exec('ALTER TABLE move_log ADD COLUMN hash TEXT;');
}

/**
 * Version 4: retention. Each match's phase for the sweeps (src/ports/retention.ts), as the DynamoDB
 * store keeps it: `open` since created, `live` since started or last found active, `ended` since it
 * ended; written by lifecycle writes and the sweeps, never by a move, and indexed for "due, oldest
 * first" so a sweep reads only what is due. Existing matches start in the phase of their status.
 */
function upgradeToVersion4(db: SqliteDatabase): void {
  // Column by column, so a database that has some of them already (a copy made by hand) upgrades too.
  const columns = columnsOf(db, 'matches');
  if (!columns.has('phase')) db.exec('ALTER TABLE matches ADD COLUMN phase TEXT');
  if (!columns.has('phase_at')) db.exec('ALTER TABLE matches ADD COLUMN phase_at INTEGER');
  db.exec(`
    UPDATE matches SET
      phase = CASE status WHEN 'waiting' THEN 'open' WHEN 'running' THEN 'live' ELSE 'ended' END,
      phase_at = CASE status WHEN 'waiting' THEN created_at ELSE updated_at END
    WHERE phase IS NULL;
    CREATE INDEX IF NOT EXISTS matches_by_phase ON matches (phase, phase_at) WHERE phase IS NOT NULL;
  `);
}

/**
 * Version 5: each match's due deadline as a plain column (ports/deadlines.ts `dueDeadline`), set by
 * the store's writes, indexed only where there is one. It replaces an index on the record's JSON,
 * which parsed the whole record twice on every write of a running match and rewrote an index entry
 * even for a match without a clock. The index keeps its name, so an older process's
 * `CREATE INDEX IF NOT EXISTS` on the same file finds it and adds nothing.
 */
function upgradeToVersion5(db: SqliteDatabase): void {
  if (!columnsOf(db, 'matches').has('deadline')) db.exec('ALTER TABLE matches ADD COLUMN deadline INTEGER');
  db.exec(`
    UPDATE matches SET deadline = CASE status WHEN 'running' THEN json_extract(record, '$.clock.deadline') END;
    DROP INDEX IF EXISTS matches_by_deadline;
    CREATE INDEX matches_by_deadline ON matches (deadline) WHERE deadline IS NOT NULL;
  `);
}

/** The names of a table's columns: an upgrade adds only those missing. */
export const columnsOf = (db: SqliteDatabase, table: string): Set<string> =>
  new Set(
    db
      .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)')
      .all(table)
      .map(({ name }) => name),
  );

/** SQLite errors (disk full, locked, corrupt) become the port's StoreError; nothing else escapes. */
export function guard<T>(operation: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new StoreError(`sqlite ${operation} failed`, { cause: error });
  }
}
