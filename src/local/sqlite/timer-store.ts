import type { TurnTimer } from '../../ports/index.js';
import type { SqliteDatabase } from './database.js';
import { guard } from './game-store.js';
import { groupCommitFor } from './group-commit.js';

interface TimerRow {
  match_id: string;
  turn: number;
  due_at: number;
  warn_at: number | null;
  kind: string | null;
}

/**
 * Turn timers in SQLite, one row per match: the armed timer of its current turn. Rows outlive the
 * process, so a server killed with SIGKILL finds every timer it had armed when it starts again.
 * Writes go through the database's group commit without their own fsync ('lazy'): a process crash
 * loses none of them (the WAL has them), only a power cut could, and then the next late move of that
 * turn arms it again (settle-and-announce.ts).
 *
 * A timer with a `warnAt` is due first at its warning (the row's `warn_at`), then, once `warned`
 * clears that, at its deadline: one row per match whichever it waits for, so a warning adds no write
 * to a move, only one to a turn that lasts until its warning.
 */
export class SqliteTimerStore {
  readonly #statements;
  readonly #commits;

  constructor(db: SqliteDatabase) {
    // Its own table, created here: the timers are this runtime's concern, not the stores' schema.
    db.exec(`CREATE TABLE IF NOT EXISTS turn_timers (
      match_id TEXT PRIMARY KEY,
      turn INTEGER NOT NULL,
      due_at INTEGER NOT NULL,
      warn_at INTEGER
    ) STRICT;`);
    // A table from before warnings gains the column; its timers have none, so they fire as before.
    const columns = db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all('turn_timers');
    if (!columns.some(({ name }) => name === 'warn_at')) db.exec('ALTER TABLE turn_timers ADD COLUMN warn_at INTEGER');
    // A bot's turn to be played (`kind` 'bot') rather than a deadline; older tables gain the column.
    if (!columns.some(({ name }) => name === 'kind')) db.exec('ALTER TABLE turn_timers ADD COLUMN kind TEXT');
    // Timers are found by when they are next due: the warning while it is pending, else the deadline.
    db.exec(`DROP INDEX IF EXISTS turn_timers_by_due;
    CREATE INDEX IF NOT EXISTS turn_timers_by_next ON turn_timers (coalesce(warn_at, due_at));`);
    this.#commits = groupCommitFor(db);
    this.#statements = {
      // A timer for an earlier turn never replaces a later one: two arms of one match may race.
      schedule: db.prepare(
        `INSERT INTO turn_timers (match_id, turn, due_at, warn_at, kind) VALUES (@matchId, @turn, @dueAt, @warnAt, @kind)
         ON CONFLICT (match_id) DO UPDATE SET turn = excluded.turn, due_at = excluded.due_at, warn_at = excluded.warn_at,
           kind = excluded.kind
         WHERE excluded.turn >= turn_timers.turn`,
      ),
      // The warning has been given (or tried): the same row now waits for its deadline.
      warned: db.prepare(
        'UPDATE turn_timers SET warn_at = NULL WHERE match_id = @matchId AND turn = @turn AND warn_at = @warnAt',
      ),
      cancel: db.prepare('DELETE FROM turn_timers WHERE match_id = ?'),
      // Only the timer that fired: one armed meanwhile for a later turn stays.
      remove: db.prepare('DELETE FROM turn_timers WHERE match_id = @matchId AND turn = @turn AND due_at = @dueAt'),
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
  warned({ matchId, turn, warnAt }: TurnTimer): Promise<void> {
    const row = { matchId, turn, warnAt: warnAt ?? null };
    return this.#commits.run('timer.warned', () => void this.#statements.warned.run(row), 'lazy');
  }

  cancel(matchId: string): Promise<void> {
    return this.#commits.run('timer.cancel', () => void this.#statements.cancel.run(matchId), 'lazy');
  }

  /** Forgets a timer once it has fired and its timeout was handed over (queued or settled). */
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

const toTimer = (row: TimerRow): TurnTimer => ({
  matchId: row.match_id,
  turn: row.turn,
  dueAt: row.due_at,
  ...(row.warn_at === null ? {} : { warnAt: row.warn_at }),
  ...(row.kind === 'bot' ? { kind: 'bot' } : {}),
});
