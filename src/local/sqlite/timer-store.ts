import type { TurnTimer } from '../../ports/index.js';
import { columnsOf, guard, type SqliteDatabase } from './database.js';
import { groupCommitFor } from './group-commit.js';

interface TimerRow {
  match_id: string;
  turn: number;
  due_at: number;
  warn_at: number | null;
  kind: string | null;
}

/** The timers table's columns and key: one row per timer (match, turn, deadline). */
const TIMERS_COLUMNS = `(
  match_id TEXT NOT NULL,
  turn INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  warn_at INTEGER,
  PRIMARY KEY (match_id, turn, due_at)
) STRICT;`;

/**
 * Turn timers in SQLite, one row per timer: a match, a turn and a deadline (ports/scheduler.ts). A
 * match usually has one; for a moment, between the write that starts a turn and the disarming of the
 * timer it replaced, two. Rows outlive the process, so a server killed with SIGKILL finds every timer
 * it had armed when it starts again. Writes go through the database's group commit without their own
 * fsync ('lazy'): a process crash loses none of them (the WAL has them), only a power cut could, and
 * then the deadline sweep (sweeps/overdue-timeouts.ts) settles the turn.
 *
 * A timer with a `warnAt` is due first at its warning (the row's `warn_at`), then, once `warned`
 * clears that, at its deadline: one row whichever it waits for, so a warning adds no write to a move,
 * only one to a turn that lasts until its warning.
 */
export class SqliteTimerStore {
  readonly #statements;
  readonly #commits;

  constructor(db: SqliteDatabase) {
    // Its own table, created here: the timers are this runtime's concern, not the stores' schema.
    migrateFromOneRowPerMatch(db);
    db.exec(`CREATE TABLE IF NOT EXISTS turn_timers ${TIMERS_COLUMNS}`);
    // A bot's turn to be played (`kind` 'bot') rather than a deadline; older tables gain the column.
    if (!columnsOf(db, 'turn_timers').has('kind')) db.exec('ALTER TABLE turn_timers ADD COLUMN kind TEXT');
    // Timers are found by when they are next due: the warning while it is pending, else the deadline.
    db.exec(`DROP INDEX IF EXISTS turn_timers_by_due;
    CREATE INDEX IF NOT EXISTS turn_timers_by_next ON turn_timers (coalesce(warn_at, due_at));`);
    this.#commits = groupCommitFor(db);
    const key = 'match_id = @matchId AND turn = @turn AND due_at = @dueAt';
    this.#statements = {
      // Arming a timer armed already changes nothing (its warning, if already given, stays given).
      schedule: db.prepare(
        `INSERT INTO turn_timers (match_id, turn, due_at, warn_at, kind) VALUES (@matchId, @turn, @dueAt, @warnAt, @kind)
         ON CONFLICT (match_id, turn, due_at) DO NOTHING`,
      ),
      // The warning has been given (or tried): the same row now waits for its deadline.
      warned: db.prepare(`UPDATE turn_timers SET warn_at = NULL WHERE ${key} AND warn_at = @warnAt`),
      // A timer disarmed, or fired and handed over: only that one; the match's others stay.
      remove: db.prepare(`DELETE FROM turn_timers WHERE ${key}`),
      due: db.prepare<[number, number], TimerRow>(
        `SELECT match_id, turn, due_at, warn_at, kind FROM turn_timers WHERE coalesce(warn_at, due_at) <= ?
         ORDER BY coalesce(warn_at, due_at) LIMIT ?`,
      ),
      earliestAfter: db.prepare<[number], { next_at: number | null }>(
        'SELECT min(coalesce(warn_at, due_at)) AS next_at FROM turn_timers WHERE coalesce(warn_at, due_at) > ?',
      ),
      all: db.prepare<[], TimerRow>(
        'SELECT match_id, turn, due_at, warn_at, kind FROM turn_timers ORDER BY coalesce(warn_at, due_at)',
      ),
    };
  }

  schedule({ matchId, turn, dueAt, warnAt, kind }: TurnTimer): Promise<void> {
    // A warning not before the deadline would hold the deadline back: such a warning is dropped.
    const warning = warnAt !== undefined && warnAt < dueAt ? warnAt : null;
    const row = { matchId, turn, dueAt, warnAt: warning, kind: kind === 'bot' ? 'bot' : null };
    return this.#commits.run('timer.schedule', () => void this.#statements.schedule.run(row), 'lazy');
  }

  /** Its warning has fired: the timer waits for its deadline next. Only that turn's, only that warning. */
  warned({ matchId, turn, dueAt, warnAt }: TurnTimer): Promise<void> {
    const row = { matchId, turn, dueAt, warnAt: warnAt ?? null };
    return this.#commits.run('timer.warned', () => void this.#statements.warned.run(row), 'lazy');
  }

  /** Forgets a timer: disarmed, or fired and its timeout handed over (queued or settled). */
  remove({ matchId, turn, dueAt }: TurnTimer): Promise<void> {
    const row = { matchId, turn, dueAt };
    return this.#commits.run('timer.remove', () => void this.#statements.remove.run(row), 'lazy');
  }

  /** Timers due at `now` (for their warning, when they still have one), earliest first. */
  due(now: number, limit: number): TurnTimer[] {
    return guard('timer.due', () => this.#statements.due.all(now, limit)).map(toTimer);
  }

  /** When the earliest timer (or warning) due after `now` is due; `undefined` when there is none. */
  earliestAfter(now: number): number | undefined {
    return guard('timer.earliest', () => this.#statements.earliestAfter.get(now))?.next_at ?? undefined;
  }

  /** Every armed timer, earliest first: for tests and tools. */
  all(): TurnTimer[] {
    return guard('timer.all', () => this.#statements.all.all()).map(toTimer);
  }
}

/**
 * A table from before timers were known by their turn and deadline (one row per match, keyed by the
 * match) becomes one of the new shape, keeping its rows; a table from before warnings gains the column.
 */
function migrateFromOneRowPerMatch(db: SqliteDatabase): void {
  const columns = db.prepare<[string], { name: string; pk: number }>('SELECT name, pk FROM pragma_table_info(?)');
  const old = columns.all('turn_timers');
  if (old.length === 0 || old.filter(({ pk }) => pk > 0).length > 1) return;
  const warnAt = old.some(({ name }) => name === 'warn_at') ? 'warn_at' : 'NULL';
  db.exec(`ALTER TABLE turn_timers RENAME TO turn_timers_by_match;
    DROP INDEX IF EXISTS turn_timers_by_due;
    DROP INDEX IF EXISTS turn_timers_by_next;
    CREATE TABLE turn_timers ${TIMERS_COLUMNS}
    INSERT INTO turn_timers (match_id, turn, due_at, warn_at)
      SELECT match_id, turn, due_at, ${warnAt} FROM turn_timers_by_match;
    DROP TABLE turn_timers_by_match;`);
}

const toTimer = (row: TimerRow): TurnTimer => ({
  matchId: row.match_id,
  turn: row.turn,
  dueAt: row.due_at,
  ...(row.warn_at === null ? {} : { warnAt: row.warn_at }),
  ...(row.kind === 'bot' ? { kind: 'bot' } : {}),
});
