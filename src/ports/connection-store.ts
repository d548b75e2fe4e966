/** One open WebSocket connection: the seed's connections table row. */
export interface Connection {
  readonly connectionId: string;
  readonly gameSessionId: string;
  /** The authorizer's verified user id, never a placeholder. */
  readonly userId: string;
  readonly connectedAt: number;
  /** Epoch seconds after which the row is stale (API Gateway drops every connection after 2 hours). */
  readonly expiresAt: number;
}

/**
 * What the ByGameSessionId index projects: enough to address and tailor each message, and, through
 * ExpiresAt, the row's age (a Gone from a connection still inside `$connect` must not delete it).
 */
export type GameConnection = Pick<Connection, 'connectionId' | 'userId' | 'expiresAt'>;

export interface ConnectionStore {
  /** Adds a connection; answers 'conflict' if the id is already stored. */
  put(connection: Connection): Promise<'written' | 'conflict'>;
  /** Expired rows read as missing: TTL deletion can lag by days. */
  get(connectionId: string, nowMs: number): Promise<Connection | undefined>;
  /** Deleting a missing row is fine: $disconnect is best effort, and Gone cleans up after it. */
  delete(connectionId: string): Promise<void>;
  /**
   * The game's live connections, including those `put` a moment ago: an adapter whose index lags a
   * write (DynamoDB GSIs are eventually consistent) must make up for the lag itself, or a player who
   * connected just before a move would miss it and stay one state behind until the next.
   */
  listByGame(gameSessionId: string, nowMs: number): Promise<readonly GameConnection[]>;
}
