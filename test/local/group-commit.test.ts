import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../../src/local/sqlite/database.js';
import { GroupCommit } from '../../src/local/sqlite/group-commit.js';

/** SQLite's synchronous levels: 1 = NORMAL (no fsync per WAL commit), 2 = FULL. */
const synchronousLevel = (db: SqliteDatabase) => db.pragma('synchronous', { simple: true });

describe('group commit durability', () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  const fileDatabase = (synchronous?: 'full' | 'normal') => {
    const folder = mkdtempSync(join(tmpdir(), 'turngate-group-commit-'));
    folders.push(folder);
    return openDatabase(join(folder, 'test.db'), synchronous ? { synchronous } : {});
  };

  it('skips the fsync only when every write of the tick is lazy, and restores FULL after', async () => {
    // A database whose COMMIT itself fsyncs (SQLite's FULL), as any other opener of the file may set.
    const db = fileDatabase('normal');
    db.pragma('synchronous = FULL');
    const commits = new GroupCommit(db);
    const seen: Record<string, unknown> = {};
    const observe = (name: string) => () => {
      seen[name] = synchronousLevel(db);
    };

    await Promise.all([
      commits.run('lazy-a', observe('lazy-a'), 'lazy'),
      commits.run('lazy-b', observe('lazy-b'), 'lazy'),
    ]);
    expect(seen).toEqual({ 'lazy-a': 1, 'lazy-b': 1 });
    expect(synchronousLevel(db)).toBe(2);

    await Promise.all([commits.run('lazy-c', observe('lazy-c'), 'lazy'), commits.run('durable', observe('durable'))]);
    expect(seen).toMatchObject({ 'lazy-c': 2, durable: 2 });
    expect(synchronousLevel(db)).toBe(2);
    db.close();
  });

  it('answers a durable write only after the WAL fsync it waits for, off the event loop', async () => {
    // The default: FULL's promise kept by fsyncing the WAL on the thread pool, COMMIT itself at NORMAL.
    const db = fileDatabase();
    expect(synchronousLevel(db)).toBe(1);
    db.exec('CREATE TABLE notes (text TEXT)');
    const commits = new GroupCommit(db);
    const insert = db.prepare('INSERT INTO notes VALUES (?)');
    const answered: string[] = [];
    await Promise.all([
      commits.run('durable', () => insert.run('durable')).then(() => answered.push('durable')),
      commits.run('lazy', () => insert.run('lazy'), 'lazy').then(() => answered.push('lazy')),
    ]);
    // Both committed in one transaction; the lazy one was answered without waiting for the disk.
    expect(answered).toEqual(['lazy', 'durable']);
    expect(db.prepare('SELECT text FROM notes ORDER BY rowid').pluck().all()).toEqual(['durable', 'lazy']);
    await commits.close();
    db.close();
  });

  it('a lazy write is committed and visible when its promise resolves', async () => {
    const db = fileDatabase();
    db.exec('CREATE TABLE notes (text TEXT)');
    const commits = new GroupCommit(db);
    await commits.run('insert', () => db.prepare('INSERT INTO notes VALUES (?)').run('kept'), 'lazy');
    expect(db.prepare('SELECT text FROM notes').all()).toEqual([{ text: 'kept' }]);
    db.close();
  });
});
