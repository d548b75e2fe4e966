import type { Match } from '../../engine/index.js';
import type {
  GameStore,
  ListMatchesQuery,
  MatchUpdate,
  MoveLogEntry,
  StoredMatch,
  UpdateOutcome,
} from '../../ports/index.js';
import { StoreError } from '../../ports/index.js';
import { REMEMBERED_MOVE_IDS } from '../../protocol/index.js';
import type { SqliteDatabase } from './database.js';
import { groupCommitFor } from './group-commit.js';

interface MatchRow {
  id: string;
  record: string;
  applied_moves: string;
  created_at: number;
  updated_at: number;
}

interface MoveRow {
  version: number;
  player: string;
  move_id: string;
  move: string;
  args: string | null;
  at: number;
}

const DEFAULT_LIST_LIMIT = 50;
const MAX_LIST_LIMIT = 200;

/**
 * GameStore on SQLite. The match record is one JSON column (like the DynamoDB item's `State` map);
 * `game`, `status` and `version` sit beside it as columns so the lobby can filter and the update can
 * lock: `UPDATE … WHERE version = ?` is this store's ConditionExpression.
 */
export function sqliteGameStore(db: SqliteDatabase): GameStore {
  const statements = {
    get: db.prepare<[string], MatchRow>(
      'SELECT id, record, applied_moves, created_at, updated_at FROM matches WHERE id = ?',
    ),
    create: db.prepare(
      `INSERT INTO matches (id, game, status, version, record, applied_moves, created_at, updated_at)
       VALUES (@id, @game, @status, @version, @record, '[]', @now, @now) ON CONFLICT (id) DO NOTHING`,
    ),
    update: db.prepare(
      `UPDATE matches SET status = @status, version = @version, record = @record,
         applied_moves = @appliedMoves, updated_at = @now
       WHERE id = @id AND version = @previousVersion`,
    ),
    version: db.prepare<[string], { version: number }>('SELECT version FROM matches WHERE id = ?'),
    logMove: db.prepare(
      `INSERT INTO move_log (match_id, version, player, move_id, move, args, at)
       VALUES (@matchId, @version, @player, @moveId, @move, @args, @at)`,
    ),
    moveLog: db.prepare<[string], MoveRow>(
      'SELECT version, player, move_id, move, args, at FROM move_log WHERE match_id = ? ORDER BY version',
    ),
    list: db.prepare<{ game: string | null; status: string | null; limit: number }, MatchRow>(
      `SELECT id, record, applied_moves, created_at, updated_at FROM matches
       WHERE (@game IS NULL OR game = @game) AND (@status IS NULL OR status = @status)
       ORDER BY created_at DESC, rowid DESC LIMIT @limit`,
    ),
  };

  const commits = groupCommitFor(db);
  // The version check and the log entry commit together, or neither does.
  const applyUpdate = db.transaction((previous: StoredMatch, change: MatchUpdate): UpdateOutcome => {
    // Nothing changed: write nothing (not even updatedAt), but still honour the version condition.
    if (!change.appliedMove && JSON.stringify(change.next) === JSON.stringify(previous.match)) {
      return statements.version.get(previous.id)?.version === previous.match.version ? 'written' : 'conflict';
    }
    const appliedMoves = change.appliedMove
      ? [...previous.appliedMoves, change.appliedMove.key].slice(-REMEMBERED_MOVE_IDS)
      : previous.appliedMoves;
    const result = statements.update.run({
      id: previous.id,
      status: change.next.status,
      version: change.next.version,
      record: JSON.stringify(change.next),
      appliedMoves: JSON.stringify(appliedMoves),
      now: change.now,
      previousVersion: previous.match.version,
    });
    if (result.changes === 0) return 'conflict';
    const entry = change.appliedMove?.entry;
    if (entry) {
      statements.logMove.run({
        matchId: previous.id,
        version: entry.version,
        player: entry.player,
        moveId: entry.moveId,
        move: entry.move,
        args: entry.args === undefined ? null : JSON.stringify(entry.args),
        at: entry.at,
      });
    }
    return 'written';
  });

  return {
    async get(id) {
      const row = guard('get', () => statements.get.get(id));
      return row && toStoredMatch(row);
    },
    async create(id, match, now) {
      const result = await commits.run('create', () =>
        statements.create.run({
          id,
          game: match.game,
          status: match.status,
          version: match.version,
          record: JSON.stringify(match),
          now,
        }),
      );
      return result.changes === 1 ? 'written' : 'conflict';
    },
    async update(previous, change) {
      return commits.run('update', () => applyUpdate(previous, change));
    },
    async list(query: ListMatchesQuery) {
      const limit = Math.min(Math.max(1, query.limit ?? DEFAULT_LIST_LIMIT), MAX_LIST_LIMIT);
      const rows = guard('list', () =>
        statements.list.all({ game: query.game ?? null, status: query.status ?? null, limit }),
      );
      return rows.map(toStoredMatch);
    },
    async moveLog(id) {
      return guard('moveLog', () => statements.moveLog.all(id)).map(toLogEntry);
    },
  };
}

function toStoredMatch(row: MatchRow): StoredMatch {
  return {
    id: row.id,
    match: JSON.parse(row.record) as Match,
    appliedMoves: JSON.parse(row.applied_moves) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toLogEntry(row: MoveRow): MoveLogEntry {
  return {
    version: row.version,
    player: row.player,
    moveId: row.move_id,
    move: row.move,
    args: row.args === null ? undefined : (JSON.parse(row.args) as unknown),
    at: row.at,
  };
}

/** SQLite errors (disk full, locked, corrupt) become the port's StoreError; nothing else escapes. */
export function guard<T>(operation: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new StoreError(`sqlite ${operation} failed`, { cause: error });
  }
}
