import type { Connection, ConnectionStore, GameConnection } from '../../ports/index.js';
import { guard, type SqliteDatabase } from './database.js';
import { groupCommitFor } from './group-commit.js';

interface ConnectionRow {
  connection_id: string;
  game_session_id: string;
  user_id: string;
  connected_at: number;
  expires_at: number;
}

/**
 * Every connection row, held in memory and indexed by match. The embedded wiring's sockets all live in
 * this process, which is the table's only writer, so the rows are read here and never queried: a move's
 * fan-out and a `sync` cost no SQL. Loaded once per database from the table (empty at a server start,
 * which forgets every row), then changed only together with the table.
 */
class ConnectionMirror {
  readonly byId = new Map<string, Connection>();
  readonly byGame = new Map<string, Set<string>>();

  add(connection: Connection): void {
    this.byId.set(connection.connectionId, connection);
    let ids = this.byGame.get(connection.gameSessionId);
    if (ids === undefined) {
      ids = new Set();
      this.byGame.set(connection.gameSessionId, ids);
    }
    ids.add(connection.connectionId);
  }

  remove(connectionId: string): void {
    const connection = this.byId.get(connectionId);
    if (connection === undefined) return;
    this.byId.delete(connectionId);
    const ids = this.byGame.get(connection.gameSessionId);
    ids?.delete(connectionId);
    if (ids?.size === 0) this.byGame.delete(connection.gameSessionId);
  }

  clear(): void {
    this.byId.clear();
    this.byGame.clear();
  }
}

const mirrors = new WeakMap<SqliteDatabase, ConnectionMirror>();

function mirrorFor(db: SqliteDatabase): ConnectionMirror {
  let mirror = mirrors.get(db);
  if (mirror === undefined) {
    mirror = new ConnectionMirror();
    const rows = guard('loadConnections', () => db.prepare<[], ConnectionRow>('SELECT * FROM connections').all());
    for (const row of rows) mirror.add(toConnection(row));
    mirrors.set(db, mirror);
  }
  return mirror;
}

// expiresAt is epoch seconds (a DynamoDB TTL attribute); now is milliseconds.
const isLive = (connection: Pick<Connection, 'expiresAt'>, nowMs: number) => connection.expiresAt * 1000 > nowMs;

/**
 * ConnectionStore on SQLite. Rows past `expiresAt` read as missing, exactly as the DynamoDB adapter
 * filters rows its TTL has not swept yet; `sweepExpiredConnections` plays the TTL sweeper. Reads come
 * from the in-memory mirror; writes go to the table too, without waiting for an fsync ('lazy'): a
 * connection dies with this process, and the next start forgets every row anyway, so a `$connect`
 * costs no disk flush.
 */
export function sqliteConnectionStore(db: SqliteDatabase): ConnectionStore {
  const commits = groupCommitFor(db);
  const mirror = mirrorFor(db);
  const statements = {
    put: db.prepare(
      `INSERT INTO connections (connection_id, game_session_id, user_id, connected_at, expires_at)
       VALUES (@connectionId, @gameSessionId, @userId, @connectedAt, @expiresAt) ON CONFLICT DO NOTHING`,
    ),
    delete: db.prepare<[string]>('DELETE FROM connections WHERE connection_id = ?'),
  };

  return {
    async put(connection: Connection) {
      if (mirror.byId.has(connection.connectionId)) return 'conflict';
      const row = { ...connection };
      const changes = await commits.run(
        'putConnection',
        () => {
          const written = statements.put.run(row).changes;
          if (written === 1) mirror.add(row);
          return written;
        },
        'lazy',
        () => mirror.remove(row.connectionId),
      );
      return changes === 1 ? 'written' : 'conflict';
    },
    async get(connectionId, nowMs) {
      const connection = mirror.byId.get(connectionId);
      return connection !== undefined && isLive(connection, nowMs) ? connection : undefined;
    },
    async delete(connectionId) {
      // Gone from reads at once: a closed socket must not be sent to while its delete waits to commit.
      mirror.remove(connectionId);
      await commits.run('deleteConnection', () => statements.delete.run(connectionId), 'lazy');
    },
    async listByGame(gameSessionId, nowMs): Promise<readonly GameConnection[]> {
      const ids = mirror.byGame.get(gameSessionId);
      if (ids === undefined) return [];
      const live: Connection[] = [];
      for (const id of ids) {
        const connection = mirror.byId.get(id);
        if (connection !== undefined && isLive(connection, nowMs)) live.push(connection);
      }
      // The table's order: oldest connection first.
      live.sort((a, b) => a.connectedAt - b.connectedAt || (a.connectionId < b.connectionId ? -1 : 1));
      return live.map(({ connectionId, userId, expiresAt }) => ({ connectionId, userId, expiresAt }));
    },
  };
}

/** Deletes expired rows: the local stand-in for DynamoDB's TTL sweeper. */
export function sweepExpiredConnections(db: SqliteDatabase, nowMs: number): number {
  const mirror = mirrorFor(db);
  for (const connection of [...mirror.byId.values()]) {
    if (!isLive(connection, nowMs)) mirror.remove(connection.connectionId);
  }
  return guard(
    'sweepConnections',
    () => db.prepare<[number]>('DELETE FROM connections WHERE expires_at * 1000 <= ?').run(nowMs).changes,
  );
}

function toConnection(row: ConnectionRow): Connection {
  return {
    connectionId: row.connection_id,
    gameSessionId: row.game_session_id,
    userId: row.user_id,
    connectedAt: row.connected_at,
    expiresAt: row.expires_at,
  };
}

/**
 * Forgets every connection: for a process start, when no socket of the previous process can still be
 * open (the embedded wiring's sockets all live in this process), so none of those rows is reachable.
 */
export function forgetAllConnections(db: SqliteDatabase): number {
  mirrors.get(db)?.clear();
  return guard('forgetConnections', () => db.prepare('DELETE FROM connections').run().changes);
}
