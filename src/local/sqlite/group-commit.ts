import { StoreError } from '../../ports/index.js';
import type { SqliteDatabase } from './database.js';

interface Pending {
  readonly operation: string;
  readonly work: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
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

  constructor(db: SqliteDatabase) {
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

  run<T>(operation: string, work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ operation, work, resolve: resolve as (value: unknown) => void, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    let outcomes: PromiseSettledResult<unknown>[];
    try {
      outcomes = this.commitAll(batch);
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the batch is stored.
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
