import type { Connection, ConnectionStore, GameConnection } from '../../ports/index.js';
import type { SqliteDatabase } from './database.js';
import { guard } from './game-store.js';
import { groupCommitFor } from './group-commit.js';

interface ConnectionRow {
  connection_id: string;
  game_session_id: string;
  user_id: string;
  connected_at: number;
  expires_at: number;
}

/**
 * ConnectionStore on SQLite. Rows past `expiresAt` read as missing, exactly as the DynamoDB adapter
 * filters rows its TTL has not swept yet; `sweepExpiredConnections` plays the TTL sweeper.
 */
export function sqliteConnectionStore(db: SqliteDatabase): ConnectionStore {
  const commits = groupCommitFor(db);
  const statements = {
    put: db.prepare(
      `INSERT INTO connections (connection_id, game_session_id, user_id, connected_at, expires_at)
       VALUES (@connectionId, @gameSessionId, @userId, @connectedAt, @expiresAt) ON CONFLICT DO NOTHING`,
    ),
    // expires_at is epoch seconds (a DynamoDB TTL attribute); now is milliseconds.
    get: db.prepare<[string, number], ConnectionRow>(
      'SELECT * FROM connections WHERE connection_id = ? AND expires_at * 1000 > ?',
    ),
    delete: db.prepare<[string]>('DELETE FROM connections WHERE connection_id = ?'),
    listByGame: db.prepare<[string, number], Pick<ConnectionRow, 'connection_id' | 'user_id' | 'expires_at'>>(
      `SELECT connection_id, user_id, expires_at FROM connections
       WHERE game_session_id = ? AND expires_at * 1000 > ? ORDER BY connected_at, connection_id`,
    ),
  };

  return {
    async put(connection: Connection) {
      const result = await commits.run('putConnection', () => statements.put.run({ ...connection }));
      return result.changes === 1 ? 'written' : 'conflict';
    },
    async get(connectionId, nowMs) {
      const row = guard('getConnection', () => statements.get.get(connectionId, nowMs));
      return row && toConnection(row);
    },
    async delete(connectionId) {
      await commits.run('deleteConnection', () => statements.delete.run(connectionId));
    },
    async listByGame(gameSessionId, nowMs): Promise<readonly GameConnection[]> {
      const rows = guard('listConnections', () => statements.listByGame.all(gameSessionId, nowMs));
      return rows.map((row) => ({ connectionId: row.connection_id, userId: row.user_id, expiresAt: row.expires_at }));
    },
  };
}

/** Deletes expired rows: the local stand-in for DynamoDB's TTL sweeper. */
export function sweepExpiredConnections(db: SqliteDatabase, nowMs: number): number {
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
  return guard('forgetConnections', () => db.prepare('DELETE FROM connections').run().changes);
}
