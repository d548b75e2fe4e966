import { type DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { Connection } from '../ports/connection-store.js';
import { type CapacityListener, guarded, marshall, reportCapacity, unmarshall } from './dynamo-support.js';
import { CONNECTIONS } from './tables.js';

/**
 * Catching up with the lag of the ByGameSessionId index.
 *
 * GSI reads are eventually consistent: for a moment (usually under a second, longer when the index
 * is busy) a connection `$connect` just wrote is missing from the match's Query. A move applied in
 * that moment is not sent to that player, and their first `sync` may have read the match just
 * before the move: they stay one state behind until the next move. Rare, but a turn-based game can
 * leave that player waiting on a move they cannot see.
 *
 * The fix lives here, in the adapter whose index lags, so the port's `listByGame` simply lists every
 * live connection and no handler needs to know. Each `put` also adds the connection's id to a tiny
 * per-match "recent" item in the same table, one per time bucket of RECENT_WINDOW_MS, in the bucket
 * it was written in and the next (ADD to a string set: idempotent). `listByGame` reads the current
 * bucket with a strongly consistent GetItem, beside its Query, so every connection written in the
 * last RECENT_WINDOW_MS is known even when the index does not list it yet; each such id is checked
 * against its own row (a consistent GetItem), so one deleted since, or a row claimed by another
 * match, is never listed. Bucket items have no GameSessionId, so the index never sees them, and an
 * ExpiresAt, so TTL clears them.
 *
 * Cost per move: one more read, a strongly consistent GetItem of an item under 4 KB, 1 RRU
 * ($0.125 per million moves at on-demand prices), made in parallel with the Query so it adds no
 * latency; plus 1 RRU per connection the index does not list yet, which exists only in the lag
 * itself or for a connection that closed within the window. Per connection: two small UpdateItems,
 * 2 WRU. The alternatives were worse: a client-side re-sync after connecting narrows the gap but
 * cannot close it (the lag has no bound), and recording recent connections on the match item would
 * make every `$connect` write, and contend with, the item that every move rewrites.
 */
export const RECENT_WINDOW_MS = 30_000;

const RECENT_ATTRIBUTE = 'Recent';
/** Connection ids are API Gateway's (base64-like, never a `#`), so no real connection has this key. */
const bucketKey = (gameSessionId: string, bucket: number) =>
  marshall({ [CONNECTIONS.connectionId]: `recent#${bucket}#${gameSessionId}` });
const bucketOf = (ms: number) => Math.floor(ms / RECENT_WINDOW_MS);

export interface RecentConnectionsOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly onCapacity?: CapacityListener;
}

export function recentConnections({ client, tableName: TableName, onCapacity }: RecentConnectionsOptions) {
  /** Beside the row's own write: an id listed here without its row is skipped by `ids`' callers. */
  async function remember(connection: Pick<Connection, 'connectionId' | 'gameSessionId' | 'connectedAt'>) {
    const first = bucketOf(connection.connectedAt);
    await Promise.all(
      [first, first + 1].map(async (bucket) => {
        const output = await guarded('UpdateItem', () =>
          client.send(
            new UpdateItemCommand({
              TableName,
              Key: bucketKey(connection.gameSessionId, bucket),
              UpdateExpression: 'ADD #recent :id SET #expiresAt = :expiresAt',
              ExpressionAttributeNames: { '#recent': RECENT_ATTRIBUTE, '#expiresAt': CONNECTIONS.expiresAt },
              ExpressionAttributeValues: {
                ':id': { SS: [connection.connectionId] },
                ':expiresAt': { N: String(Math.ceil(((bucket + 2) * RECENT_WINDOW_MS) / 1000)) },
              },
              ReturnConsumedCapacity: 'TOTAL',
            }),
          ),
        );
        reportCapacity(onCapacity, 'UpdateItem', output.ConsumedCapacity);
      }),
    );
  }

  /** The ids of connections written to this match in the last RECENT_WINDOW_MS, at least. */
  async function ids(gameSessionId: string, nowMs: number): Promise<readonly string[]> {
    const output = await guarded('GetItem', () =>
      client.send(
        new GetItemCommand({
          TableName,
          Key: bucketKey(gameSessionId, bucketOf(nowMs)),
          ConsistentRead: true,
          ProjectionExpression: '#recent',
          ExpressionAttributeNames: { '#recent': RECENT_ATTRIBUTE },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
    reportCapacity(onCapacity, 'GetItem', output.ConsumedCapacity);
    const recent = output.Item ? unmarshall(output.Item)[RECENT_ATTRIBUTE] : undefined;
    return recent instanceof Set ? [...recent].filter((id): id is string => typeof id === 'string') : [];
  }

  return { remember, ids };
}
