import { randomBytes } from 'node:crypto';
import { type DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { StoreError } from '../ports/errors.js';
import type { Enqueued, MatchPools, PoolQueue } from '../ports/match-pools.js';
import {
  type CapacityListener,
  guarded,
  isConditionalCheckFailed,
  marshall,
  reportCapacity,
  storeError,
  unmarshall,
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
 * control) combinations players ask for, so an unused one must end; its tables' ids carry its epoch,
 * so a pool that comes back never reuses one.
 */
const POOL_TTL_SECONDS = 30 * 24 * 60 * 60;

/** DynamoDB's 4 KB expression limit holds about 300 `#q[123]` removals: trims take at most this many. */
export const MAX_TRIM = 200;

const poolItemSchema = z.object({
  [PLAY.epoch]: z.string(),
  [PLAY.base]: z.number(),
  [PLAY.queue]: z.array(z.string()),
});

/**
 * MatchPools on DynamoDB: one item per pool. `enqueue` is ONE UpdateItem: `list_append` of the user
 * id, conditioned only on the player not being queued yet and the queue being below its limit, so
 * concurrent players never make each other retry; `ReturnValues: ALL_NEW` answers the queue with
 * the player's place in it. `trim` is an UpdateItem removing the first entries, conditioned on Base.
 *
 * Cost per request (on-demand): `enqueue` 1 WRU per KB of the pool item (its queue: about 30
 * bytes a player, so 1 WRU while under ~30 players are queued; a burst of 1,000 at once grows it
 * to ~30 KB until trims catch up); a refused condition (queued already, or full) costs the same
 * plus a consistent GetItem (1 RRU per 4 KB). `trim` likewise 1 WRU per KB.
 */
export function createDynamoMatchPools(options: DynamoMatchPoolsOptions): MatchPools {
  const { client, tableName: TableName, onCapacity } = options;
  const names = { '#queue': PLAY.queue, '#base': PLAY.base };

  async function read(pool: string): Promise<PoolQueue | undefined> {
    const output = await guarded('GetItem', () =>
      client.send(
        new GetItemCommand({
          TableName,
          Key: marshall(poolKey(pool)),
          ConsistentRead: true,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
    reportCapacity(onCapacity, 'GetItem', output.ConsumedCapacity);
    return output.Item ? queueFrom(unmarshall(output.Item)) : undefined;
  }

  async function enqueue(pool: string, userId: string, limit: number, now: number): Promise<Enqueued> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const output = await client.send(
          new UpdateItemCommand({
            TableName,
            Key: marshall(poolKey(pool)),
            UpdateExpression:
              'SET #queue = list_append(if_not_exists(#queue, :empty), :me), #base = if_not_exists(#base, :zero), ' +
              '#epoch = if_not_exists(#epoch, :epoch), #updated = :now, #ttl = :ttl',
            ConditionExpression:
              'attribute_not_exists(#queue) OR (NOT contains(#queue, :user) AND size(#queue) < :limit)',
            ExpressionAttributeNames: {
              ...names,
              '#epoch': PLAY.epoch,
              '#updated': PLAY.updatedAt,
              '#ttl': TIME_TO_LIVE_ATTRIBUTE,
            },
            ExpressionAttributeValues: marshall({
              ':empty': [],
              ':me': [userId],
              ':user': userId,
              ':zero': 0,
              ':epoch': randomBytes(6).toString('base64url'),
              ':limit': limit,
              ':now': now,
              ':ttl': Math.floor(now / 1000) + POOL_TTL_SECONDS,
            }),
            ReturnValues: 'ALL_NEW',
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        reportCapacity(onCapacity, 'UpdateItem', output.ConsumedCapacity);
        return { queue: queueFrom(unmarshall(output.Attributes ?? {})), queued: true };
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw storeError('UpdateItem', error);
      }
      // Queued already (answer the queue as it is), or full. dynalite lacks
      // ReturnValuesOnConditionCheckFailure, so the item is read.
      const queue = await read(pool);
      if (queue?.players.includes(userId)) return { queue, queued: true };
      if (queue !== undefined && queue.players.length >= limit) return { queue, queued: false };
      // Trimmed off between the write and the read: try again.
    }
    throw new StoreError(`pool ${pool} kept changing under its queue`);
  }

  async function trim(pool: string, base: number, count: number, now: number): Promise<'written' | 'conflict'> {
    if (count <= 0) return 'written';
    // Highest index first: DynamoDB removes by the indexes as the item stood, whatever their order, but
    // dynalite removes one after the other, so ascending indexes would shift under it.
    const removed = Array.from({ length: Math.min(count, MAX_TRIM) }, (_, index) => `#queue[${index}]`).reverse();
    try {
      const output = await client.send(
        new UpdateItemCommand({
          TableName,
          Key: marshall(poolKey(pool)),
          UpdateExpression: `SET #base = :next, #updated = :now REMOVE ${removed.join(', ')}`,
          ConditionExpression: '#base = :base',
          ExpressionAttributeNames: { ...names, '#updated': PLAY.updatedAt },
          ExpressionAttributeValues: marshall({ ':base': base, ':next': base + removed.length, ':now': now }),
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      reportCapacity(onCapacity, 'UpdateItem', output.ConsumedCapacity);
      return 'written';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'conflict';
      throw storeError('UpdateItem', error);
    }
  }

  return { enqueue, trim };
}

function queueFrom(item: Record<string, unknown>): PoolQueue {
  const parsed = poolItemSchema.safeParse(item);
  if (!parsed.success) throw new StoreError(`malformed pool item: ${parsed.error.message}`);
  return { epoch: parsed.data.Epoch, base: parsed.data.Base, players: parsed.data.Queue };
}
