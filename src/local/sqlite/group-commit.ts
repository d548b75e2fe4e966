import { StoreError } from '../../ports/index.js';
import type { SqliteDatabase } from './database.js';

/**
 * 'durable': the caller acts on the write (acknowledges a move, answers a lobby call), so it must be on
 * disk first. 'lazy': losing the write to a power cut is harmless and the next durable commit, which
 * the WAL writes in order, carries it to disk anyway.
 */
export type Durability = 'durable' | 'lazy';

interface Pending {
  readonly operation: string;
  readonly durability: Durability;
  readonly work: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  /** Undoes what `work` did outside the database (a cache entry) when the shared commit fails. */
  readonly onAbort: (() => void) | undefined;
}

/**
 * Group commit: the writes asked for during one turn of the event loop commit together, so a burst of
 * moves costs one fsync instead of one each (better-sqlite3 is synchronous, so every fsync also stalls
 * every socket). Each write runs in its own savepoint, so one that throws is rolled back alone and only
 * its caller sees the error; every caller's promise settles after the shared commit, i.e. once the
 * write is durable.
 */
export class GroupCommit {
  private pending: Pending[] = [];
  private readonly inSavepoint: (work: () => unknown) => unknown;
  private readonly commitAll: (batch: readonly Pending[]) => PromiseSettledResult<unknown>[];

  constructor(private readonly db: SqliteDatabase) {
    // A better-sqlite3 transaction function called inside another runs as a SAVEPOINT.
    this.inSavepoint = db.transaction((work: () => unknown) => work());
    this.commitAll = db.transaction((batch: readonly Pending[]) =>
      batch.map((item): PromiseSettledResult<unknown> => {
        try {
          return { status: 'fulfilled', value: this.inSavepoint(item.work) };
        } catch (reason) {
          return { status: 'rejected', reason };
        }
      }),
    );
  }

  /**
   * Runs `work` in the next shared commit. `onAbort` runs (synchronously, before anyone else can read)
   * if that commit fails after `work` succeeded: a store that mirrors its writes in memory drops them.
   */
  run<T>(operation: string, work: () => T, durability: Durability = 'durable', onAbort?: () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const pending = { operation, durability, work, resolve: resolve as (value: unknown) => void, reject, onAbort };
      this.pending.push(pending);
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    let outcomes: PromiseSettledResult<unknown>[];
    const commit = () => this.commitAll(batch);
    try {
      outcomes = batch.some((item) => item.durability === 'durable') ? commit() : withoutFsync(this.db, commit);
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the batch is stored.
      for (const item of batch) item.onAbort?.();
      for (const item of batch) item.reject(new StoreError(`sqlite ${item.operation} failed`, { cause: error }));
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome?.status === 'fulfilled') item.resolve(outcome.value);
      else item.reject(new StoreError(`sqlite ${item.operation} failed`, { cause: outcome?.reason }));
    });
  }
}

const shared = new WeakMap<SqliteDatabase, GroupCommit>();

/** The database's one group commit, shared by every store on it so a tick's writes share one fsync. */
export function groupCommitFor(db: SqliteDatabase): GroupCommit {
  let commits = shared.get(db);
  if (!commits) {
    commits = new GroupCommit(db);
    shared.set(db, commits);
  }
  return commits;
}

/**
 * Runs a commit that need not reach the disk at once (see `Durability`): under
 * SQLITE_SYNCHRONOUS=full it skips that commit's fsync; the next durable commit makes it durable, as
 * the WAL is written in order. A process crash loses nothing either way: only a power cut could.
 */
export function withoutFsync<T>(db: SqliteDatabase, commit: () => T): T {
  const mode = db.pragma('synchronous', { simple: true }) as number;
  if (mode <= 1) return commit();
  db.pragma('synchronous = NORMAL');
  try {
    return commit();
  } finally {
    db.pragma(`synchronous = ${mode}`);
  }
}
