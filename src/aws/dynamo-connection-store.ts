import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import type { Connection, ConnectionStore, GameConnection } from '../ports/connection-store.js';
import { StoreError } from '../ports/errors.js';
import {
  type CapacityListener,
  guarded,
  isConditionalCheckFailed,
  marshall,
  reportCapacity,
  storeError,
  unmarshall,
} from './dynamo-support.js';
import { type RecentConnections, recentConnections } from './recent-connections.js';
import { CONNECTIONS } from './tables.js';

export interface DynamoConnectionStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** The games table, whose match items record recent connections (recent-connections.ts). */
  readonly gamesTableName: string;
  /**
   * Shared with the game store (dynamo-stores.ts), so a fan-out uses what the settlement's own write
   * answered about recent connections instead of reading them; without it, each fan-out reads them.
   */
  readonly recent?: RecentConnections;
  readonly onCapacity?: CapacityListener;
}

const rowSchema = z.object({
  [CONNECTIONS.connectionId]: z.string(),
  [CONNECTIONS.gameSessionId]: z.string(),
  [CONNECTIONS.userId]: z.string(),
  [CONNECTIONS.connectedAt]: z.number(),
  [CONNECTIONS.expiresAt]: z.number(),
});

/** TTL attributes are epoch seconds; the clock is in milliseconds. */
const isExpired = (expiresAt: number, nowMs: number): boolean => expiresAt * 1000 <= nowMs;

/**
 * The seed's connections table as a ConnectionStore, with the ByGameSessionId index's lag made up
 * for (recent-connections.ts: `$connect` also records the connection in its match's item), so
 * `listByGame` lists a connection from the moment `put` returns.
 */
export function createDynamoConnectionStore(options: DynamoConnectionStoreOptions): ConnectionStore {
  const { client, tableName: TableName, onCapacity } = options;
  const key = (connectionId: string) => marshall({ [CONNECTIONS.connectionId]: connectionId });
  const recent = options.recent ?? recentConnections(options);

  /**
   * The row and the match's recent-connections entry are written side by side: no reader needs
   * them before `$connect` returns (nothing can reach the client until then, and its first `sync`
   * comes after), and a reader that meets an id without its row skips it.
   */
  async function put(connection: Connection): Promise<'written' | 'conflict'> {
    const [outcome] = await Promise.all([putRow(connection), recent.remember(connection)]);
    return outcome;
  }

  async function putRow(connection: Connection): Promise<'written' | 'conflict'> {
    try {
      const output = await client.send(
        new PutItemCommand({
          TableName,
          Item: marshall({
            [CONNECTIONS.connectionId]: connection.connectionId,
            [CONNECTIONS.gameSessionId]: connection.gameSessionId,
            [CONNECTIONS.userId]: connection.userId,
            [CONNECTIONS.connectedAt]: connection.connectedAt,
            [CONNECTIONS.expiresAt]: connection.expiresAt,
          }),
          // The seed wrote attribute_not_exists(id): no attribute is called `id`, so it always passed.
          ConditionExpression: 'attribute_not_exists(#connectionId)',
          ExpressionAttributeNames: { '#connectionId': CONNECTIONS.connectionId },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      reportCapacity(onCapacity, 'PutItem', output.ConsumedCapacity);
      return 'written';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'conflict';
      throw storeError('PutItem', error);
    }
  }

  async function get(connectionId: string, nowMs: number): Promise<Connection | undefined> {
    // Strongly consistent: a move can arrive right after $connect wrote the row.
    const output = await guarded('GetItem', () =>
      client.send(
        new GetItemCommand({
          TableName,
          Key: key(connectionId),
          ConsistentRead: true,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
    reportCapacity(onCapacity, 'GetItem', output.ConsumedCapacity);
    if (!output.Item) return undefined;
    const parsed = rowSchema.safeParse(unmarshall(output.Item));
    if (!parsed.success) throw new StoreError(`malformed connection ${connectionId}: ${parsed.error.message}`);
    const row = parsed.data;
    if (isExpired(row.ExpiresAt, nowMs)) return undefined;
    return {
      connectionId: row.ConnectionId,
      gameSessionId: row.GameSessionId,
      userId: row.UserId,
      connectedAt: row.ConnectedAt,
      expiresAt: row.ExpiresAt,
    };
  }

  async function remove(connectionId: string): Promise<void> {
    // No condition: deleting a row that is already gone is fine ($disconnect and Gone race).
    const output = await guarded('DeleteItem', () =>
      client.send(new DeleteItemCommand({ TableName, Key: key(connectionId), ReturnConsumedCapacity: 'TOTAL' })),
    );
    reportCapacity(onCapacity, 'DeleteItem', output.ConsumedCapacity);
  }

  async function listByGame(gameSessionId: string, nowMs: number): Promise<readonly GameConnection[]> {
    const [indexed, recentIds] = await Promise.all([
      queryIndex(gameSessionId, nowMs),
      recent.ids(gameSessionId, nowMs),
    ]);
    const listed = new Set(indexed.map((connection) => connection.connectionId));
    // Written so lately that the index may not list it yet, or deleted since: its own row decides.
    const unlisted = await Promise.all(
      recentIds.filter((connectionId) => !listed.has(connectionId)).map((connectionId) => get(connectionId, nowMs)),
    );
    const caughtUp = unlisted
      .filter((row): row is Connection => row?.gameSessionId === gameSessionId)
      .map(({ connectionId, userId, expiresAt }) => ({ connectionId, userId, expiresAt }));
    return [...indexed, ...caughtUp];
  }

  async function queryIndex(gameSessionId: string, nowMs: number): Promise<readonly GameConnection[]> {
    const found: GameConnection[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const output = await guarded('Query', () =>
        client.send(
          new QueryCommand({
            TableName,
            IndexName: CONNECTIONS.byGameIndex,
            KeyConditionExpression: '#game = :game',
            FilterExpression: '#expiresAt > :now',
            ExpressionAttributeNames: { '#game': CONNECTIONS.gameSessionId, '#expiresAt': CONNECTIONS.expiresAt },
            ExpressionAttributeValues: marshall({ ':game': gameSessionId, ':now': Math.floor(nowMs / 1000) }),
            ExclusiveStartKey: startKey,
            ReturnConsumedCapacity: 'TOTAL',
          }),
        ),
      );
      reportCapacity(onCapacity, 'Query', output.ConsumedCapacity);
      for (const raw of output.Items ?? []) {
        const row = unmarshall(raw);
        const connectionId = row[CONNECTIONS.connectionId];
        const userId = row[CONNECTIONS.userId];
        const expiresAt = row[CONNECTIONS.expiresAt];
        if (typeof connectionId !== 'string' || typeof userId !== 'string' || typeof expiresAt !== 'number') {
          throw new StoreError(`malformed ${CONNECTIONS.byGameIndex} row in game ${gameSessionId}`);
        }
        found.push({ connectionId, userId, expiresAt });
      }
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return found;
  }

  return { put, get, delete: remove, listByGame };
}
