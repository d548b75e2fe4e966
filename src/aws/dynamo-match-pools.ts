import { type DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { MatchPools } from '../ports/match-pools.js';
import {
  type CapacityListener,
  guarded,
  isConditionalCheckFailed,
  marshall,
  reportCapacity,
  storeError,
} from './dynamo-support.js';
import { PLAY, poolKey } from './play-table.js';
import { TIME_TO_LIVE_ATTRIBUTE } from './tables.js';

export interface DynamoMatchPoolsOptions {
  readonly client: DynamoDBClient;
  /** The play table (play-table.ts). */
  readonly tableName: string;
  readonly onCapacity?: CapacityListener;
}

/**
 * A pool item lives this long after its last change. Pools are as many as the (game, seats, time
 * control) combinations players ask for, so an unused one must end; a pool idle that long names no
 * match anyone still waits in.
 */
const POOL_TTL_SECONDS = 30 * 24 * 60 * 60;

/**
 * MatchPools on DynamoDB: one small item per pool. `open` is a consistent GetItem (0.5 RRU);
 * `swap` an UpdateItem with `Open = :expected` (or `attribute_not_exists(Open)`) as its condition
 * (1 WRU, also when the condition fails). No transaction: the match a pool names is created, joined
 * and started by the games store's own version-conditioned writes (handlers/matchmaking.ts).
 */
export function createDynamoMatchPools(options: DynamoMatchPoolsOptions): MatchPools {
  const { client, tableName: TableName, onCapacity } = options;
  return {
    async open(pool) {
      const output = await guarded('GetItem', () =>
        client.send(
          new GetItemCommand({
            TableName,
            Key: marshall(poolKey(pool)),
            ConsistentRead: true,
            ProjectionExpression: '#open',
            ExpressionAttributeNames: { '#open': PLAY.open },
            ReturnConsumedCapacity: 'TOTAL',
          }),
        ),
      );
      reportCapacity(onCapacity, 'GetItem', output.ConsumedCapacity);
      return output.Item?.[PLAY.open]?.S;
    },
    async swap(pool, expected, next, now) {
      try {
        const output = await client.send(
          new UpdateItemCommand({
            TableName,
            Key: marshall(poolKey(pool)),
            UpdateExpression: `SET #updated = :now, #ttl = :ttl${next === undefined ? ' REMOVE #open' : ', #open = :next'}`,
            ConditionExpression: expected === undefined ? 'attribute_not_exists(#open)' : '#open = :expected',
            ExpressionAttributeNames: {
              '#open': PLAY.open,
              '#updated': PLAY.updatedAt,
              '#ttl': TIME_TO_LIVE_ATTRIBUTE,
            },
            ExpressionAttributeValues: marshall({
              ':now': now,
              ':ttl': Math.floor(now / 1000) + POOL_TTL_SECONDS,
              ...(next === undefined ? {} : { ':next': next }),
              ...(expected === undefined ? {} : { ':expected': expected }),
            }),
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        reportCapacity(onCapacity, 'UpdateItem', output.ConsumedCapacity);
        return 'written';
      } catch (error) {
        if (isConditionalCheckFailed(error)) return 'conflict';
        throw storeError('UpdateItem', error);
      }
    },
  };
}
