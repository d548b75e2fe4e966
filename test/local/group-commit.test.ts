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
  const fileDatabase = () => {
    const folder = mkdtempSync(join(tmpdir(), 'turngate-group-commit-'));
    folders.push(folder);
    return openDatabase(join(folder, 'test.db'));
  };

  it('skips the fsync only when every write of the tick is lazy, and restores FULL after', async () => {
    const db = fileDatabase();
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

  it('a lazy write is committed and visible when its promise resolves', async () => {
    const db = fileDatabase();
    db.exec('CREATE TABLE notes (text TEXT)');
    const commits = new GroupCommit(db);
    await commits.run('insert', () => db.prepare('INSERT INTO notes VALUES (?)').run('kept'), 'lazy');
    expect(db.prepare('SELECT text FROM notes').all()).toEqual([{ text: 'kept' }]);
    db.close();
  });
});
