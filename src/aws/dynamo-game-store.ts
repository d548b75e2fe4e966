import {
  type AttributeValue,
  BatchGetItemCommand,
  type ConsumedCapacity,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { Match, MatchStatus } from '../engine/index.js';
import { StoreError } from '../ports/errors.js';
import type { GameStore, ListMatchesQuery, MatchUpdate, StoredMatch, UpdateOutcome } from '../ports/game-store.js';
import {
  type CapacityListener,
  guarded,
  isConditionalCheckFailed,
  marshall,
  reportCapacity,
  storeError,
  unmarshall,
} from './dynamo-support.js';
import { MATCH_READ_ATTRIBUTES, matchItem, moveLogFrom, storedMatchFrom } from './game-item.js';
import { assertFits, updateRequest } from './game-update.js';
import { GAMES } from './tables.js';

export interface DynamoGameStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Called with each operation's consumed capacity (the benchmark's cost counter). */
  readonly onCapacity?: CapacityListener;
}

const DEFAULT_LIST_LIMIT = 50;
/** BatchGetItem's own ceiling. */
const MAX_LIST_LIMIT = 100;
const STATUSES: readonly MatchStatus[] = ['waiting', 'running', 'finished'];

/**
 * The games table as a GameStore. Moves are written with UpdateItem built from the changed paths of
 * the state and the changed top-level fields, conditional on the version that was read.
 */
export function createDynamoGameStore(options: DynamoGameStoreOptions): GameStore {
  const { client, tableName: TableName, onCapacity } = options;
  // Built once: `get` runs on every move.
  const readProjection = projection(MATCH_READ_ATTRIBUTES);
  const moveLogProjection = projection([GAMES.moves]);

  /** A strongly consistent read of the match's item, only the attributes asked for; GetItem that finds nothing is `undefined`. */
  async function readItem(
    id: string,
    only: ReturnType<typeof projection>,
  ): Promise<Record<string, unknown> | undefined> {
    const output = await guarded('GetItem', () =>
      client.send(
        new GetItemCommand({
          TableName,
          Key: marshall({ [GAMES.gameSessionId]: id }),
          ConsistentRead: true,
          ...only,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
    reportCapacity(onCapacity, 'GetItem', output.ConsumedCapacity);
    return output.Item ? unmarshall(output.Item) : undefined;
  }

  async function get(id: string): Promise<StoredMatch | undefined> {
    const item = await readItem(id, readProjection);
    return item ? storedMatchFrom(item) : undefined;
  }

  async function create(id: string, match: Match, now: number): Promise<UpdateOutcome> {
    const item = matchItem(id, match, now);
    assertFits(id, item);
    return conditionalWrite('PutItem', () =>
      client.send(
        new PutItemCommand({
          TableName,
          Item: marshall(item),
          ConditionExpression: 'attribute_not_exists(#id)',
          ExpressionAttributeNames: { '#id': GAMES.gameSessionId },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
  }

  async function update(previous: StoredMatch, change: MatchUpdate): Promise<UpdateOutcome> {
    const request = updateRequest(previous, change);
    if (!request) return 'written';
    assertFits(previous.id, matchItem(previous.id, change.next, change.now));
    return conditionalWrite('UpdateItem', () =>
      client.send(
        new UpdateItemCommand({
          TableName,
          Key: marshall({ [GAMES.gameSessionId]: previous.id }),
          ...request,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
  }

  /** A write guarded by a condition: a failed condition is the expected 'conflict', not an error. */
  async function conditionalWrite(
    operation: 'PutItem' | 'UpdateItem',
    send: () => Promise<{ ConsumedCapacity?: ConsumedCapacity }>,
  ): Promise<UpdateOutcome> {
    try {
      const output = await send();
      reportCapacity(onCapacity, operation, output.ConsumedCapacity);
      return 'written';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'conflict';
      throw storeError(operation, error);
    }
  }

  async function list(query: ListMatchesQuery): Promise<readonly StoredMatch[]> {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_LIST_LIMIT), 1), MAX_LIST_LIMIT);
    const statuses = query.status ? [query.status] : STATUSES;
    const keys = (await Promise.all(statuses.map((status) => newestIds(status, query.game, limit))))
      .flat()
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1))
      .slice(0, limit);
    const matches = await batchGet(keys.map((key) => key.id));
    // The index is eventually consistent: drop any match whose status or game moved on meanwhile.
    return keys.flatMap(({ id }) => {
      const found = matches.get(id);
      const fits = found && statuses.includes(found.match.status) && (!query.game || found.match.game === query.game);
      return fits ? [found] : [];
    });
  }

  /** Newest ids of one status through the ByStatus index, filtered by game when asked. */
  async function newestIds(status: MatchStatus, game: string | undefined, limit: number) {
    const found: { id: string; createdAt: number }[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const output = await guarded('Query', () =>
        client.send(
          new QueryCommand({
            TableName,
            IndexName: GAMES.byStatusIndex,
            KeyConditionExpression: '#status = :status',
            ...(game ? { FilterExpression: '#game = :game' } : {}),
            ExpressionAttributeNames: { '#status': GAMES.status, ...(game ? { '#game': GAMES.game } : {}) },
            ExpressionAttributeValues: marshall({ ':status': status, ...(game ? { ':game': game } : {}) }),
            ScanIndexForward: false,
            Limit: MAX_LIST_LIMIT,
            ExclusiveStartKey: startKey,
            ReturnConsumedCapacity: 'TOTAL',
          }),
        ),
      );
      reportCapacity(onCapacity, 'Query', output.ConsumedCapacity);
      for (const raw of output.Items ?? []) {
        const row = unmarshall(raw);
        found.push({ id: String(row[GAMES.gameSessionId]), createdAt: Number(row[GAMES.createdAt]) });
      }
      startKey = output.LastEvaluatedKey;
    } while (startKey && found.length < limit);
    return found.slice(0, limit);
  }

  async function batchGet(ids: readonly string[]): Promise<Map<string, StoredMatch>> {
    const matches = new Map<string, StoredMatch>();
    let keys = ids.map((id) => marshall({ [GAMES.gameSessionId]: id }));
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt > 5) throw new StoreError(`BatchGetItem left ${keys.length} keys unprocessed`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      const output = await guarded('BatchGetItem', () =>
        client.send(
          new BatchGetItemCommand({
            RequestItems: { [TableName]: { Keys: keys, ConsistentRead: true, ...readProjection } },
            ReturnConsumedCapacity: 'TOTAL',
          }),
        ),
      );
      reportCapacity(onCapacity, 'BatchGetItem', output.ConsumedCapacity);
      for (const raw of output.Responses?.[TableName] ?? []) {
        const stored = storedMatchFrom(unmarshall(raw));
        matches.set(stored.id, stored);
      }
      keys = output.UnprocessedKeys?.[TableName]?.Keys ?? [];
    }
    return matches;
  }

  async function moveLog(id: string) {
    const item = await readItem(id, moveLogProjection);
    return item ? moveLogFrom(id, item[GAMES.moves]) : [];
  }

  return { get, create, update, list, moveLog };
}

const projection = (attributes: readonly string[]) => ({
  ProjectionExpression: attributes.map((_, index) => `#p${index}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(attributes.map((attribute, index) => [`#p${index}`, attribute])),
});
