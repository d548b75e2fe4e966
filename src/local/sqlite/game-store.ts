import { deepFreeze } from '../../engine/freeze.js';
import { type Match, upgradeMatch } from '../../engine/index.js';
import type {
  GameStore,
  ListMatchesQuery,
  MatchUpdate,
  MoveLogEntry,
  MoveLogQuery,
  RefusalChange,
  StoredMatch,
  UpdateOutcome,
} from '../../ports/index.js';
import { dueDeadline, newlySeated, newlyUnseated, PHASES } from '../../ports/index.js';
import { logPageBounds, type MoveLedger } from '../../protocol/index.js';
import { guard, type SqliteDatabase } from './database.js';
import { groupCommitFor } from './group-commit.js';
import { cacheFor } from './match-cache.js';
import { ensurePlayTables } from './play-tables.js';
import { playerMatchesStatements } from './player-matches.js';

interface MatchRow {
  id: string;
  record: string;
  ledgers: string;
  last_move: string | null;
  created_at: number;
  updated_at: number;
  invite: string | null;
}

interface MoveRow {
  version: number;
  player: string;
  seq: number;
  move_id: string;
  move: string;
  args: string | null;
  at: number;
  hash: string | null;
}

const DEFAULT_LIST_LIMIT = 50;

interface ListParameters {
  readonly game: string | null;
  readonly status: string | null;
  readonly afterCreated: number | null;
  readonly afterId: string | null;
  readonly limit: number;
}
const MAX_LIST_LIMIT = 200;
/**
 * GameStore on SQLite. The match record is one JSON column (like the DynamoDB item's `State` map);
 * `game`, `status` and `version` sit beside it as columns so the lobby can filter and the update can
 * lock (`UPDATE … WHERE version = ?` is this store's ConditionExpression), and `deadline` so the
 * deadline sweep finds what is due without reading a record. The move log is a table of its own, one
 * row per applied move, written in the same transaction as the match: SQLite makes the atomic write
 * free, so the log can never lag the match here.
 */
export function sqliteGameStore(db: SqliteDatabase): GameStore {
  ensurePlayTables(db);
  const statements = {
    get: db.prepare<[string], MatchRow>(
      'SELECT id, record, ledgers, last_move, created_at, updated_at, invite FROM matches WHERE id = ?',
    ),
    create: db.prepare(
      `INSERT INTO matches (id, game, status, version, record, deadline, ledgers, created_at, updated_at, invite, phase, phase_at)
       VALUES (@id, @game, @status, @version, @record, @deadline, '{}', @now, @now, @invite, @phase, @now)
       ON CONFLICT (id) DO NOTHING`,
    ),
    // Only a match that starts moves on by itself (ports/retention.ts); moves never touch its phase.
    started: db.prepare<{ id: string; now: number }>(
      "UPDATE matches SET phase = 'live', phase_at = @now WHERE id = @id",
    ),
    // A settled move writes its sender's ledger in the same statement; a refusal writes one alone,
    // without bumping the version (settleRefusal).
    update: db.prepare(
      `UPDATE matches SET status = @status, version = @version, record = @record, deadline = @deadline,
         ledgers = coalesce(@ledgers, ledgers), last_move = coalesce(@lastMove, last_move), updated_at = @now
       WHERE id = @id AND version = @previousVersion`,
    ),
    ledgers: db.prepare<[string], { version: number; ledgers: string }>(
      'SELECT version, ledgers FROM matches WHERE id = ?',
    ),
    setLedgers: db.prepare<[string, string]>('UPDATE matches SET ledgers = ? WHERE id = ?'),
    version: db.prepare<[string], { version: number }>('SELECT version FROM matches WHERE id = ?'),
    logMove: db.prepare(
      `INSERT INTO move_log (match_id, version, player, seq, move_id, move, args, at, hash)
       VALUES (@matchId, @version, @player, @seq, @moveId, @move, @args, @at, @hash)`,
    ),
    moveLog: db.prepare<[string, number, number], MoveRow>(
      `SELECT version, player, seq, move_id, move, args, at, hash FROM move_log
       WHERE match_id = ? AND version > ? ORDER BY version LIMIT ?`,
    ),
    list: db.prepare<ListParameters, MatchRow>(
      `SELECT id, record, ledgers, last_move, created_at, updated_at, invite FROM matches
       WHERE invite IS NULL AND (@game IS NULL OR game = @game) AND (@status IS NULL OR status = @status)
         AND (@afterCreated IS NULL OR created_at < @afterCreated OR (created_at = @afterCreated AND id > @afterId))
       ORDER BY created_at DESC, id ASC LIMIT @limit`,
    ),
  };

  const seats = playerMatchesStatements(db);
  const seatPlayers = (matchId: string, players: readonly string[], now: number) => {
    for (const userId of players) seats.seat.run({ userId, matchId, now });
  };

  const commits = groupCommitFor(db);
  const cache = cacheFor(db);
  // The version check and the log entry commit together, or neither does: this runs as one write of
  // the group commit, in a savepoint of its own (or as the whole transaction), so a throw undoes both.
  const applyUpdate = (previous: StoredMatch, change: MatchUpdate): UpdateOutcome => {
    const { next, settled } = change;
    // Nothing changed: write nothing (not even updatedAt), but still honour the version condition.
    if (next === previous.match && !settled) {
      return statements.version.get(previous.id)?.version === previous.match.version ? 'written' : 'conflict';
    }
    // As stored, not as read: a refusal may have recorded another player's ledger since (settleRefusal).
    const stored = currentLedgers(previous.id);
    const ledgers = settled ? { ...stored, [settled.player]: settled.ledger } : stored;
    const result = statements.update.run({
      id: previous.id,
      status: next.status,
      version: next.version,
      record: JSON.stringify(next),
      deadline: dueDeadline(next),
      ledgers: settled ? JSON.stringify(ledgers) : null,
      lastMove: settled?.entry ? JSON.stringify(settled.entry) : null,
      now: change.now,
      previousVersion: previous.match.version,
    });
    if (result.changes === 0) return 'conflict';
    if (previous.match.status === 'waiting' && next.status === 'running') {
      statements.started.run({ id: previous.id, now: change.now });
    }
    seatPlayers(previous.id, newlySeated(previous.match, next), change.now);
    for (const userId of newlyUnseated(previous.match, next)) seats.unseat.run({ userId, matchId: previous.id });
    if (settled?.entry) statements.logMove.run(logRow(previous.id, settled.entry));
    // What a read of the row would now decode to. Set last: a write that threw left the cache alone.
    const lastMove = settled?.entry ?? previous.lastMove;
    cache.set({
      id: previous.id,
      match: next,
      ledgers,
      ...(lastMove === undefined ? {} : { lastMove }),
      createdAt: previous.createdAt,
      updatedAt: change.now,
      ...(previous.invite === undefined ? {} : { invite: previous.invite }),
    });
    return 'written';
  };

  const storedLedgers = (id: string): StoredMatch['ledgers'] =>
    JSON.parse(statements.ledgers.get(id)?.ledgers ?? '{}') as StoredMatch['ledgers'];

  /**
   * The row's ledgers as they stand, inside a write. This process is the database's only writer and
   * its cache entry is set by every write that commits (a refusal's too) and dropped by any that does
   * not, so a cached match holds them: a move reads no row for them. Uncached, the row is read.
   */
  const currentLedgers = (id: string): StoredMatch['ledgers'] => cache.get(id)?.ledgers ?? storedLedgers(id);

  /** One player's ledger written into the row's ledgers as they stand; answers them all. */
  const setLedger = (id: string, player: string, ledger: MoveLedger): StoredMatch['ledgers'] => {
    const ledgers = { ...storedLedgers(id), [player]: ledger };
    statements.setLedgers.run(JSON.stringify(ledgers), id);
    return ledgers;
  };

  // The port's condition, checked inside the group commit's write: the version and the sender's ledger as read.
  const applyRefusal = (previous: StoredMatch, { player, ledger }: RefusalChange): UpdateOutcome => {
    const row = statements.ledgers.get(previous.id);
    if (row === undefined || row.version !== previous.match.version) return 'conflict';
    const current = ledgerIn(JSON.parse(row.ledgers) as StoredMatch['ledgers'], player);
    if (current?.settled !== ledgerIn(previous.ledgers, player)?.settled) return 'conflict';
    const ledgers = setLedger(previous.id, player, ledger);
    const cached = cache.get(previous.id);
    if (cached !== undefined) cache.set({ ...cached, ledgers });
    return 'written';
  };

  // One snapshot: better-sqlite3 is synchronous, so the page and the version it is complete through agree.
  const readLog = db.transaction((id: string, after: number, limit: number) => {
    const version = statements.version.get(id)?.version;
    if (version === undefined) return undefined;
    const rows = statements.moveLog.all(id, after, limit + 1);
    const moves = rows.slice(0, limit).map(toLogEntry);
    return { moves, next: rows.length > limit ? (moves.at(-1)?.version ?? null) : null, through: version };
  });

  return {
    async get(id) {
      await cache.settled(id);
      const cached = cache.get(id);
      if (cached !== undefined) return cached;
      const row = guard('get', () => statements.get.get(id));
      if (row === undefined) return undefined;
      const stored = deepFreeze(toStoredMatch(row));
      cache.set(stored);
      return stored;
    },
    async create(id, match, now, options = {}) {
      const invite = options.invite;
      const insert = () => {
        const result = statements.create.run({
          id,
          game: match.game,
          status: match.status,
          version: match.version,
          record: JSON.stringify(match),
          deadline: dueDeadline(match),
          now,
          phase: PHASES[match.status],
          invite: invite ?? null,
        });
        if (result.changes === 1) {
          seatPlayers(id, newlySeated(undefined, match), now);
          cache.set({
            id,
            match,
            ledgers: {},
            createdAt: now,
            updatedAt: now,
            ...(invite === undefined ? {} : { invite }),
          });
        }
        return result.changes;
      };
      const changes = await cache.track(
        id,
        commits.run('create', insert, 'durable', () => cache.drop(id)),
      );
      return changes === 1 ? 'written' : 'conflict';
    },
    async update(previous, change) {
      const outcome = await cache.track(
        previous.id,
        commits.run(
          'update',
          () => applyUpdate(previous, change),
          'durable',
          () => cache.drop(previous.id),
        ),
      );
      // Someone else wrote this match: whatever the cache holds for it may be behind, so read afresh.
      if (outcome === 'conflict') cache.drop(previous.id);
      return outcome;
    },
    async settleRefusal(previous, refusal) {
      const outcome = await cache.track(
        previous.id,
        commits.run(
          'refusal',
          () => applyRefusal(previous, refusal),
          'durable',
          () => cache.drop(previous.id),
        ),
      );
      if (outcome === 'conflict') cache.drop(previous.id);
      return outcome;
    },
    async list(query: ListMatchesQuery) {
      // The rows come from SQLite, where a write is visible at commit: wait until those are durable.
      await cache.allSettled();
      const limit = Math.min(Math.max(1, query.limit ?? DEFAULT_LIST_LIMIT), MAX_LIST_LIMIT);
      const rows = guard('list', () =>
        statements.list.all({
          game: query.game ?? null,
          status: query.status ?? null,
          afterCreated: query.after?.createdAt ?? null,
          afterId: query.after?.id ?? null,
          limit,
        }),
      );
      return rows.map(toStoredMatch);
    },
    async listByPlayer(userId, query = {}) {
      await cache.allSettled();
      const limit = Math.min(Math.max(1, query.limit ?? DEFAULT_LIST_LIMIT), MAX_LIST_LIMIT);
      return guard('listByPlayer', () =>
        seats.matchIds.all(userId, limit).flatMap(({ match_id }) => {
          const row = statements.get.get(match_id);
          return row ? [toStoredMatch(row)] : [];
        }),
      );
    },
    async moveLog(id, query: MoveLogQuery = {}) {
      const { after, limit } = logPageBounds(query);
      await cache.settled(id);
      return guard('moveLog', () => readLog(id, after, limit));
    },
  };
}

/** Own properties only: a user id such as `__proto__` finds no inherited value. */
const ledgerIn = (ledgers: StoredMatch['ledgers'], player: string): MoveLedger | undefined =>
  Object.hasOwn(ledgers, player) ? ledgers[player] : undefined;

function toStoredMatch(row: MatchRow): StoredMatch {
  return {
    id: row.id,
    match: upgradeMatch(JSON.parse(row.record) as Match),
    ledgers: JSON.parse(row.ledgers) as StoredMatch['ledgers'],
    ...(row.last_move === null ? {} : { lastMove: JSON.parse(row.last_move) as MoveLogEntry }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.invite === null ? {} : { invite: row.invite }),
  };
}

const logRow = (matchId: string, entry: MoveLogEntry) => ({
  matchId,
  version: entry.version,
  player: entry.player,
  seq: entry.seq,
  moveId: entry.moveId,
  move: entry.move,
  args: JSON.stringify(entry.args ?? null),
  at: entry.at,
  hash: entry.hash ?? null,
});

function toLogEntry(row: MoveRow): MoveLogEntry {
  return {
    version: row.version,
    player: row.player,
    seq: row.seq,
    moveId: row.move_id,
    move: row.move,
    args: row.args === null ? null : (JSON.parse(row.args) as unknown),
    at: row.at,
    ...(row.hash === null ? {} : { hash: row.hash }),
  };
}
