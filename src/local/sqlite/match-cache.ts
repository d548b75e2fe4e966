import type { StoredMatch } from '../../ports/index.js';
import type { SqliteDatabase } from './database.js';

/** Matches kept decoded in memory, least recently used first out: tens of MB for states of a few KB. */
const CACHED_MATCHES = 20_000;

/**
 * The matches this process read or wrote last, decoded, keyed by id: what the handlers wrote (their
 * states are the engine's, deep-frozen) or what was read and then deep-frozen here. This process is
 * the database's only writer, so an entry is what the database holds once its commit is done: a move
 * reads its match without a query or a JSON parse, and the engine need not copy a frozen state again.
 * Shared by every store on one database. An entry is set inside the write's commit and dropped if
 * that commit fails; a version conflict drops it too, so the retry reads the database (which stays
 * the judge: every write is still conditioned on the version in SQL).
 */
export class MatchCache {
  private readonly entries = new Map<string, StoredMatch>();
  /** Writes of each match that are committed, or about to be, but not yet answered (not yet durable). */
  private readonly writing = new Map<string, Promise<unknown>>();

  /**
   * Resolves once no write of the match is pending. A reader waits for it, so nobody sees a state, nor
   * learns from a ledger that a move settled, before that state is durable: committed is not enough.
   */
  async settled(id: string): Promise<void> {
    for (let write = this.writing.get(id); write !== undefined; write = this.writing.get(id)) await write;
  }

  /** Resolves once every write pending now is answered: for reads that span matches (the lobby's list). */
  async allSettled(): Promise<void> {
    await Promise.all(this.writing.values());
  }

  track<T>(id: string, write: Promise<T>): Promise<T> {
    const done = write.then(
      () => undefined,
      () => undefined,
    );
    this.writing.set(id, done);
    void done.then(() => {
      if (this.writing.get(id) === done) this.writing.delete(id);
    });
    return write;
  }

  get(id: string): StoredMatch | undefined {
    const entry = this.entries.get(id);
    if (entry !== undefined) {
      // Most recently used last, so the oldest entry is the first the bound evicts.
      this.entries.delete(id);
      this.entries.set(id, entry);
    }
    return entry;
  }

  set(entry: StoredMatch): void {
    this.entries.delete(entry.id);
    this.entries.set(entry.id, entry);
    if (this.entries.size > CACHED_MATCHES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  drop(id: string): void {
    this.entries.delete(id);
  }
}

const caches = new WeakMap<SqliteDatabase, MatchCache>();
/** Forgets a match this process holds in memory, for a writer beside the game store (a purge). */
export const dropCachedMatch = (db: SqliteDatabase, id: string): void => cacheFor(db).drop(id);

export const cacheFor = (db: SqliteDatabase): MatchCache => {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new MatchCache();
    caches.set(db, cache);
  }
  return cache;
};
