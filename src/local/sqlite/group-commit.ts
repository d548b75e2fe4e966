import { closeSync, fdatasync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
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
  /** A batch of one needs no savepoint: if its write throws, rolling back the whole commit is the same. */
  private readonly commitOne: (work: () => unknown) => unknown;
  private readonly commitAll: (batch: readonly Pending[]) => PromiseSettledResult<unknown>[];
  /** Present when the database's durable commits are made durable by fsyncing its WAL off the event loop. */
  private readonly walSync: WalSync | undefined;

  constructor(private readonly db: SqliteDatabase) {
    this.walSync = walSynced.has(db) ? new WalSync(`${db.name}-wal`) : undefined;
    // A better-sqlite3 transaction function called inside another runs as a SAVEPOINT.
    this.inSavepoint = db.transaction((work: () => unknown) => work());
    this.commitOne = this.inSavepoint;
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
    const only = batch.length === 1 ? batch[0] : undefined;
    const commit = (): PromiseSettledResult<unknown>[] =>
      only ? [{ status: 'fulfilled', value: this.commitOne(only.work) }] : this.commitAll(batch);
    try {
      // A WAL-synced database commits at NORMAL already: no pragma to flip (each flip is a query).
      const plainCommit = this.walSync !== undefined || batch.some((item) => item.durability === 'durable');
      outcomes = plainCommit ? commit() : withoutFsync(this.db, commit);
    } catch (error) {
      // The commit itself failed (disk full, I/O error), or a batch of one had its write throw: nothing
      // of the batch is stored.
      for (const item of batch) item.onAbort?.();
      for (const item of batch) item.reject(new StoreError(`sqlite ${item.operation} failed`, { cause: error }));
      return;
    }
    const settle = (item: Pending, index: number, syncError?: Error) => {
      const outcome = outcomes[index];
      if (syncError !== undefined)
        item.reject(new StoreError(`sqlite ${item.operation}: fsync failed`, { cause: syncError }));
      else if (outcome?.status === 'fulfilled') item.resolve(outcome.value);
      else item.reject(new StoreError(`sqlite ${item.operation} failed`, { cause: outcome?.reason }));
    };
    const walSync = this.walSync;
    if (walSync === undefined || batch.every((item) => item.durability === 'lazy')) {
      for (const [index, item] of batch.entries()) settle(item, index);
      return;
    }
    // Committed (visible, and safe from a crash of this process) but not yet on the platter: the
    // durable writes are answered once the WAL's fsync, on libuv's thread pool, has returned, while
    // the event loop goes on serving sockets and the next batch.
    batch.forEach((item, index) => {
      if (item.durability === 'lazy') settle(item, index);
    });
    walSync.after((error) =>
      batch.forEach((item, index) => {
        if (item.durability === 'durable') settle(item, index, error);
      }),
    );
  }

  /** Waits for the fsync in flight, then releases the WAL's file descriptor: before the database closes. */
  async close(): Promise<void> {
    await this.walSync?.close();
  }
}

const walSynced = new WeakSet<SqliteDatabase>();

/**
 * Marks a database (opened in WAL mode with `synchronous = NORMAL`, so a commit writes the WAL but does
 * not fsync it) whose durable commits this module makes durable by fsyncing the WAL itself, off the
 * event loop. The result is synchronous=FULL's promise, a durable write is answered only once its WAL
 * frames are on disk, without stalling every socket for every fsync. Checkpoints keep their own fsyncs
 * (SQLite syncs the WAL before copying it into the database file, and that file after).
 */
export function syncWalAfterCommits(db: SqliteDatabase): void {
  walSynced.add(db);
}

/**
 * One fsync at a time of the WAL file: writes committed while one runs wait for the next, which then
 * covers all of them (group commit across batches). fsync flushes the file, whichever descriptor wrote it.
 */
class WalSync {
  private fd: number | undefined;
  private running: Promise<void> | undefined;
  private waiting: ((error?: Error) => void)[] = [];

  constructor(private readonly walPath: string) {}

  after(done: (error?: Error) => void): void {
    this.waiting.push(done);
    if (this.running === undefined) this.start();
  }

  private start(): void {
    const batch = this.waiting;
    this.waiting = [];
    this.running = new Promise<void>((resolve) => {
      const finish = (error: Error | null) => {
        this.running = undefined;
        for (const done of batch) done(error ?? undefined);
        if (this.waiting.length > 0) this.start();
        resolve();
      };
      let fd: number;
      try {
        fd = this.open();
      } catch (error) {
        finish(error as Error);
        return;
      }
      // fdatasync: the WAL's data and the size needed to read it back, not its timestamps (what SQLite
      // itself calls where the platform has it).
      fdatasync(fd, finish);
    });
  }

  /** The WAL exists once the first write transaction has committed, so this opens it lazily. */
  private open(): number {
    if (this.fd === undefined) {
      this.fd = openSync(this.walPath, 'r');
      // The WAL's directory entry must survive a power cut too: once, as SQLite does on creating it.
      const directory = openSync(dirname(this.walPath), 'r');
      try {
        fsyncDirectory(directory);
      } finally {
        closeSync(directory);
      }
    }
    return this.fd;
  }

  async close(): Promise<void> {
    while (this.running !== undefined) await this.running;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function fsyncDirectory(fd: number): void {
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems refuse to fsync a directory (EINVAL); SQLite ignores that as well.
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
