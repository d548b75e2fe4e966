import {
  BatchGetItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { StoreError } from '../ports/errors.js';
import type { RatingChange, RatingOutcome, RatingStore, StoredRating } from '../ports/rating-store.js';
import { type CapacityListener, guarded, marshall, reportCapacity, storeError, unmarshall } from './dynamo-support.js';
import { PLAY, ratingKey } from './play-table.js';
import { GAMES } from './tables.js';

export interface DynamoRatingStoreOptions {
  readonly client: DynamoDBClient;
  /** The play table (play-table.ts). */
  readonly tableName: string;
  /** The games table: a match is marked rated on its own item. */
  readonly gamesTableName: string;
  readonly onCapacity?: CapacityListener;
}

const ratingItemSchema = z.object({
  [PLAY.userId]: z.string(),
  [PLAY.board]: z.string(),
  [PLAY.mu]: z.number(),
  [PLAY.sigma]: z.number(),
  [PLAY.score]: z.number(),
  [PLAY.matches]: z.number(),
  [PLAY.version]: z.number(),
  [PLAY.lastMatch]: z.string().optional(),
  [PLAY.lastChange]: z.number().optional(),
});

/**
 * RatingStore on DynamoDB. `record` is ONE TransactWriteItems: an UpdateItem of the match's own item
 * setting RatedAt (condition: the match exists and has no RatedAt), and a PutItem per player
 * conditioned on the rating version read. So a match is rated exactly once for as long as it exists,
 * and a player's rating never loses a concurrent match's change (that transaction fails on the
 * version, and is computed again). A transaction of players + 1 items stays far below DynamoDB's 100.
 *
 * Cost per request (on-demand): `record` bills transactional writes, 2 WRU per KB of each item:
 * the match item (1–4 KB: 2–8 WRU) plus 2 WRU per player, so about 6 WRU for a two-player
 * tic-tac-toe match; a cancelled transaction bills the same. `ratings` is a consistent BatchGetItem,
 * 1 RRU per player; `playerRatings` a consistent Query, 1 RRU per 4 KB (a player's every game);
 * `leaderboard` a Query of the index, 0.5 RRU per 4 KB, about 20 rows a unit; `isRated` a consistent
 * GetItem of the match item projected to RatedAt, 1 RRU per 4 KB of the item.
 *
 * dynalite, the aws-local wiring's default engine, has no TransactWriteItems: there `record` fails
 * with a StoreError (the match stays unrated; DynamoDB Local and DynamoDB have it).
 */
export function createDynamoRatingStore(options: DynamoRatingStoreOptions): RatingStore {
  const { client, tableName: TableName, gamesTableName, onCapacity } = options;

  async function ratings(game: string, userIds: readonly string[]) {
    const found = new Map<string, StoredRating>();
    let keys = [...new Set(userIds)].map((userId) => marshall(ratingKey(userId, game)));
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt > 5) throw new StoreError(`BatchGetItem left ${keys.length} ratings unread`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      const output = await guarded('BatchGetItem', () =>
        client.send(
          new BatchGetItemCommand({
            RequestItems: { [TableName]: { Keys: keys, ConsistentRead: true } },
            ReturnConsumedCapacity: 'TOTAL',
          }),
        ),
      );
      reportCapacity(onCapacity, 'BatchGetItem', output.ConsumedCapacity);
      for (const raw of output.Responses?.[TableName] ?? []) {
        const rating = ratingFrom(unmarshall(raw));
        found.set(rating.userId, rating);
      }
      keys = output.UnprocessedKeys?.[TableName]?.Keys ?? [];
    }
    return found;
  }

  async function record(matchId: string, game: string, changes: readonly RatingChange[], now: number) {
    const markRated: TransactWriteItem = {
      Update: {
        TableName: gamesTableName,
        Key: marshall({ [GAMES.gameSessionId]: matchId }),
        UpdateExpression: 'SET #rated = :now',
        ConditionExpression: 'attribute_exists(#id) AND attribute_not_exists(#rated)',
        ExpressionAttributeNames: { '#id': GAMES.gameSessionId, '#rated': GAMES.ratedAt },
        ExpressionAttributeValues: marshall({ ':now': now }),
      },
    };
    const puts = changes.map(
      (change): TransactWriteItem => ({
        Put: {
          TableName,
          Item: marshall(ratingItem(game, matchId, change, now)),
          ...(change.previousVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PLAY.pk } }
            : {
                ConditionExpression: '#version = :previous',
                ExpressionAttributeNames: { '#version': PLAY.version },
                ExpressionAttributeValues: marshall({ ':previous': change.previousVersion }),
              }),
        },
      }),
    );
    try {
      const output = await client.send(
        new TransactWriteItemsCommand({ TransactItems: [markRated, ...puts], ReturnConsumedCapacity: 'TOTAL' }),
      );
      reportCapacity(onCapacity, 'TransactWriteItems', output.ConsumedCapacity);
      return 'written' satisfies RatingOutcome;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons === undefined) throw storeError('TransactWriteItems', error);
      // The first item is the match: rated already (or gone). Otherwise a rating moved, or another
      // transaction held one of the items (TransactionConflict): either way, read and compute again.
      if (reasons[0] === 'ConditionalCheckFailed') return 'already_rated' satisfies RatingOutcome;
      return 'conflict' satisfies RatingOutcome;
    }
  }

  async function isRated(matchId: string) {
    const output = await guarded('GetItem', () =>
      client.send(
        new GetItemCommand({
          TableName: gamesTableName,
          Key: marshall({ [GAMES.gameSessionId]: matchId }),
          ConsistentRead: true,
          ProjectionExpression: '#rated',
          ExpressionAttributeNames: { '#rated': GAMES.ratedAt },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
    reportCapacity(onCapacity, 'GetItem', output.ConsumedCapacity);
    return output.Item?.[GAMES.ratedAt] !== undefined;
  }

  async function playerRatings(userId: string) {
    const output = await guarded('Query', () =>
      client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :rating)',
          ExpressionAttributeNames: { '#pk': PLAY.pk, '#sk': PLAY.sk },
          ExpressionAttributeValues: marshall({ ':pk': ratingKey(userId, '').PK, ':rating': 'rating#' }),
          ConsistentRead: true,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
    reportCapacity(onCapacity, 'Query', output.ConsumedCapacity);
    return (output.Items ?? []).map((raw) => ratingFrom(unmarshall(raw)));
  }

  async function leaderboard(
    game: string,
    query: { readonly limit: number; readonly after?: { rating: number; userId: string } },
  ) {
    const { after } = query;
    const output = await guarded('Query', () =>
      client.send(
        new QueryCommand({
          TableName,
          IndexName: PLAY.leaderboardIndex,
          KeyConditionExpression: '#board = :game',
          ExpressionAttributeNames: { '#board': PLAY.board },
          ExpressionAttributeValues: marshall({ ':game': game }),
          ScanIndexForward: false,
          Limit: query.limit,
          // The index resumes exactly after the row a page ended on: its keys are the table's and the index's.
          ...(after && {
            ExclusiveStartKey: marshall({
              ...ratingKey(after.userId, game),
              [PLAY.board]: game,
              [PLAY.score]: after.rating,
            }),
          }),
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
    reportCapacity(onCapacity, 'Query', output.ConsumedCapacity);
    return (output.Items ?? []).map((raw) => ratingFrom(unmarshall(raw)));
  }

  return { ratings, record, isRated, playerRatings, leaderboard };
}

function ratingItem(game: string, matchId: string, change: RatingChange, now: number): Record<string, unknown> {
  return {
    ...ratingKey(change.userId, game),
    [PLAY.userId]: change.userId,
    [PLAY.board]: game,
    [PLAY.mu]: change.mu,
    [PLAY.sigma]: change.sigma,
    [PLAY.score]: change.rating,
    [PLAY.matches]: change.matches,
    [PLAY.version]: change.previousVersion + 1,
    [PLAY.lastMatch]: matchId,
    [PLAY.lastChange]: change.change,
    [PLAY.updatedAt]: now,
  };
}

function ratingFrom(item: Record<string, unknown>): StoredRating {
  const parsed = ratingItemSchema.safeParse(item);
  if (!parsed.success) throw new StoreError(`malformed rating item: ${parsed.error.message}`);
  const row = parsed.data;
  return {
    userId: row.UserId,
    game: row.Board,
    mu: row.Mu,
    sigma: row.Sigma,
    rating: row.Score,
    matches: row.Matches,
    version: row.Version,
    ...(row.LastMatch === undefined ? {} : { last: { matchId: row.LastMatch, change: row.LastChange ?? 0 } }),
  };
}

/** The per-item codes of a cancelled transaction, or undefined for any other failure. */
function cancellationReasons(error: unknown): readonly (string | undefined)[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: readonly { Code?: string }[] }).CancellationReasons;
  return (reasons ?? []).map((reason) => reason.Code);
}
