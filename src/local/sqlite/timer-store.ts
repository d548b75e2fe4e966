import type { TurnTimer } from '../../ports/index.js';
import type { SqliteDatabase } from './database.js';
import { guard } from './game-store.js';
import { groupCommitFor } from './group-commit.js';

interface TimerRow {
  match_id: string;
  turn: number;
  due_at: number;
}

/**
 * Turn timers in SQLite, one row per match: the armed timer of its current turn. Rows outlive the
 * process, so a server killed with SIGKILL finds every timer it had armed when it starts again.
 * Writes go through the database's group commit without their own fsync ('lazy'): a process crash
 * loses none of them (the WAL has them), only a power cut could, and then the next late move of that
 * turn arms it again (settle-and-announce.ts).
 */
export class SqliteTimerStore {
  readonly #statements;
  readonly #commits;

  constructor(db: SqliteDatabase) {
    // Its own table, created here: the timers are this runtime's concern, not the stores' schema.
    db.exec(`CREATE TABLE IF NOT EXISTS turn_timers (
      match_id TEXT PRIMARY KEY,
      turn INTEGER NOT NULL,
      due_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX IF NOT EXISTS turn_timers_by_due ON turn_timers (due_at);`);
    this.#commits = groupCommitFor(db);
    this.#statements = {
      // A timer for an earlier turn never replaces a later one: two arms of one match may race.
      schedule: db.prepare(
        `INSERT INTO turn_timers (match_id, turn, due_at) VALUES (@matchId, @turn, @dueAt)
         ON CONFLICT (match_id) DO UPDATE SET turn = excluded.turn, due_at = excluded.due_at
         WHERE excluded.turn >= turn_timers.turn`,
      ),
      cancel: db.prepare('DELETE FROM turn_timers WHERE match_id = ?'),
      // Only the timer that fired: one armed meanwhile for a later turn stays.
      remove: db.prepare('DELETE FROM turn_timers WHERE match_id = @matchId AND turn = @turn AND due_at = @dueAt'),
      due: db.prepare<[number, number], TimerRow>(
        'SELECT match_id, turn, due_at FROM turn_timers WHERE due_at <= ? ORDER BY due_at LIMIT ?',
      ),
      earliestAfter: db.prepare<[number], { due_at: number | null }>(
        'SELECT min(due_at) AS due_at FROM turn_timers WHERE due_at > ?',
      ),
      all: db.prepare<[], TimerRow>('SELECT match_id, turn, due_at FROM turn_timers ORDER BY due_at'),
    };
  }

  schedule(timer: TurnTimer): Promise<void> {
    return this.#commits.run('timer.schedule', () => void this.#statements.schedule.run(timer), 'lazy');
  }

  cancel(matchId: string): Promise<void> {
    return this.#commits.run('timer.cancel', () => void this.#statements.cancel.run(matchId), 'lazy');
  }

  /** Forgets a timer once it has fired and its timeout was handed over (queued or settled). */
  remove(timer: TurnTimer): Promise<void> {
    return this.#commits.run('timer.remove', () => void this.#statements.remove.run(timer), 'lazy');
  }

  /** Timers due at `now`, earliest first. */
  due(now: number, limit: number): TurnTimer[] {
    return guard('timer.due', () => this.#statements.due.all(now, limit)).map(toTimer);
  }

  /** When the earliest timer due after `now` is due; `undefined` when there is none. */
  earliestAfter(now: number): number | undefined {
    return guard('timer.earliest', () => this.#statements.earliestAfter.get(now))?.due_at ?? undefined;
  }

  /** Every armed timer, earliest first: for tests and tools. */
  all(): TurnTimer[] {
    return guard('timer.all', () => this.#statements.all.all()).map(toTimer);
  }
}

const toTimer = (row: TimerRow): TurnTimer => ({ matchId: row.match_id, turn: row.turn, dueAt: row.due_at });
