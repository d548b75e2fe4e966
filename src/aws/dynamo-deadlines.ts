import { type DynamoDBClient, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { type DeadlineIndex, dueDeadline } from '../ports/deadlines.js';
import type { StoredMatch } from '../ports/game-store.js';
import {
  type CapacityListener,
  guarded,
  isConditionalCheckFailed,
  marshall,
  reportCapacity,
  storeError,
  unmarshall,
} from './dynamo-support.js';
import { DEADLINE_SHARDS, deadlineShard, GAMES } from './tables.js';

export interface DynamoDeadlinesOptions {
  readonly client: DynamoDBClient;
  /** The games table, whose sparse ByDeadline index this reads (tables.ts). */
  readonly tableName: string;
  readonly onCapacity?: CapacityListener;
}

/**
 * The deadline sweep's index on DynamoDB: the games table's sparse GSI ByDeadline (hash DueShard,
 * range SweepAfter, KEYS_ONLY), which holds every running timed match under a bound on its earliest
 * deadline that is never later than the real one (game-item.ts `deadlineBound`).
 *
 * What it costs. A sweep run (once a minute) is DEADLINE_SHARDS Queries, each half a read unit when
 * it finds nothing: about 23,000 Queries and 11,500 read units a day, under a cent. The index is
 * written when a match starts (one index write), when a step brings its deadline before the bound
 * (a bank running low), when a sweep finds the bound behind the real deadline and moves it up (an
 * UpdateItem of the match item, its size in write units, plus two index writes: the entry moves), and
 * when the match ends (one index delete). Not by the ordinary move, which moves the deadline later and
 * leaves the bound as it is. So a match in play costs about one sweep visit per turn's time limit
 * (plus the sweep's grace), whatever its number of moves: a game of 60-second turns, one visit every
 * two and a half minutes or so; a correspondence game of a day per move, one a day. An index entry
 * rewritten on every move would cost two write units per move of every timed game instead.
 */
export function createDynamoDeadlines(options: DynamoDeadlinesOptions): DeadlineIndex {
  const { client, tableName: TableName, onCapacity } = options;

  async function shardOverdue(shard: number, before: number, limit: number): Promise<string[]> {
    const output = await guarded('Query', () =>
      client.send(
        new QueryCommand({
          TableName,
          IndexName: GAMES.byDeadlineIndex,
          KeyConditionExpression: '#shard = :shard AND #after <= :before',
          ExpressionAttributeNames: { '#shard': GAMES.dueShard, '#after': GAMES.sweepAfter },
          ExpressionAttributeValues: marshall({ ':shard': shard, ':before': before }),
          Limit: limit,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
    reportCapacity(onCapacity, 'Query', output.ConsumedCapacity);
    return (output.Items ?? []).map((raw) => String(unmarshall(raw)[GAMES.gameSessionId]));
  }

  return {
    async overdue(before, limit) {
      const shards = Array.from({ length: DEADLINE_SHARDS }, (_, shard) => shardOverdue(shard, before, limit));
      return (await Promise.all(shards)).flat().slice(0, limit);
    },

    async defer(stored: StoredMatch) {
      const { match } = stored;
      const deadline = dueDeadline(match);
      const names = { '#version': GAMES.version, '#after': GAMES.sweepAfter };
      const request =
        deadline === null
          ? { UpdateExpression: 'REMOVE #after', ExpressionAttributeNames: names }
          : {
              UpdateExpression: 'SET #after = :after, #shard = :shard',
              ExpressionAttributeNames: { ...names, '#shard': GAMES.dueShard },
            };
      const values = {
        ':version': match.version,
        ...(deadline === null ? {} : { ':after': deadline, ':shard': deadlineShard(stored.id) }),
      };
      try {
        const output = await client.send(
          new UpdateItemCommand({
            TableName,
            Key: marshall({ [GAMES.gameSessionId]: stored.id }),
            ...request,
            // Only on the version read: a step since then may have brought the deadline sooner.
            ConditionExpression: '#version = :version',
            ExpressionAttributeValues: marshall(values),
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        reportCapacity(onCapacity, 'UpdateItem', output.ConsumedCapacity);
      } catch (error) {
        if (isConditionalCheckFailed(error)) return;
        throw storeError('UpdateItem', error);
      }
    },
  };
}
