import {
  type AttributeValue,
  BatchWriteItemCommand,
  DeleteItemCommand,
  type DynamoDBClient,
  QueryCommand,
  UpdateItemCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { MatchStatus } from '../engine/index.js';
import { StoreError } from '../ports/errors.js';
import type { StoredMatch } from '../ports/game-store.js';
import type { RetentionStore } from '../ports/retention.js';
import {
  type CapacityListener,
  guarded,
  isConditionalCheckFailed,
  marshall,
  reportCapacity,
  storeError,
  unmarshall,
} from './dynamo-support.js';
import { PHASES } from './match-phase.js';
import { GAMES, MOVE_LOG, seatKey } from './tables.js';

export interface DynamoRetentionStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly moveLogTableName: string;
  readonly onCapacity?: CapacityListener;
}

/** BatchWriteItem's own ceiling. */
const BATCH_WRITE = 25;

/**
 * The retention sweeps' view of the games table: the ByPhase index (match-phase.ts) answers which
 * matches are due, oldest first, in one Query per sweep of small key-only reads, however many matches
 * the table holds; a sweep reads and writes only the matches it finds. Deleting a finished match
 * deletes its log pages (one Query of their keys) and its seat items (one per player: their keys are
 * known) by BatchWriteItem, then the match itself, on its version.
 */
export function createDynamoRetentionStore(options: DynamoRetentionStoreOptions): RetentionStore {
  const { client, tableName: TableName, moveLogTableName, onCapacity } = options;

  async function due(status: MatchStatus, before: number, limit: number): Promise<readonly string[]> {
    const output = await guarded('Query', () =>
      client.send(
        new QueryCommand({
          TableName,
          IndexName: GAMES.byPhaseIndex,
          KeyConditionExpression: '#phase = :phase AND #at <= :before',
          ExpressionAttributeNames: { '#phase': GAMES.phase, '#at': GAMES.phaseAt, '#id': GAMES.gameSessionId },
          ExpressionAttributeValues: marshall({ ':phase': PHASES[status], ':before': before }),
          ProjectionExpression: '#id',
          ScanIndexForward: true,
          Limit: limit,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
    reportCapacity(onCapacity, 'Query', output.ConsumedCapacity);
    return (output.Items ?? []).map((raw) => String(unmarshall(raw)[GAMES.gameSessionId]));
  }

  /** An update of the match's phase alone; a match purged meanwhile is not brought back as a husk. */
  async function setPhase(
    id: string,
    UpdateExpression: string,
    names: Record<string, string>,
    values?: Record<string, unknown>,
  ): Promise<void> {
    try {
      const output = await client.send(
        new UpdateItemCommand({
          TableName,
          Key: marshall({ [GAMES.gameSessionId]: id }),
          UpdateExpression,
          ConditionExpression: 'attribute_exists(#id)',
          ExpressionAttributeNames: { '#id': GAMES.gameSessionId, ...names },
          ...(values ? { ExpressionAttributeValues: marshall(values) } : {}),
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      reportCapacity(onCapacity, 'UpdateItem', output.ConsumedCapacity);
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw storeError('UpdateItem', error);
    }
  }

  function remember(stored: StoredMatch, since: number): Promise<void> {
    const names = { '#phase': GAMES.phase, '#at': GAMES.phaseAt };
    const values = { ':phase': PHASES[stored.match.status], ':since': since };
    if (stored.match.status === 'waiting')
      return setPhase(stored.id, 'SET #phase = :phase, #at = :since', names, values);
    // A match that no longer waits has no lobby summary to keep.
    return setPhase(
      stored.id,
      'SET #phase = :phase, #at = :since REMOVE #open',
      { ...names, '#open': GAMES.open },
      values,
    );
  }

  const forget = (stored: StoredMatch) =>
    setPhase(stored.id, 'REMOVE #phase, #at, #open', {
      '#phase': GAMES.phase,
      '#at': GAMES.phaseAt,
      '#open': GAMES.open,
    });

  async function purge(stored: StoredMatch): Promise<void> {
    if (stored.match.status !== 'finished') return;
    const seats = stored.match.players.map((userId) => ({
      TableName,
      key: { [GAMES.gameSessionId]: seatKey(stored.id, userId) },
    }));
    await deleteAll(seats);
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await logPageKeys(stored.id, startKey);
      await deleteAll(page.keys.map((key) => ({ TableName: moveLogTableName, key })));
      startKey = page.next;
    } while (startKey);
    try {
      const output = await client.send(
        new DeleteItemCommand({
          TableName,
          Key: marshall({ [GAMES.gameSessionId]: stored.id }),
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': GAMES.version },
          ExpressionAttributeValues: marshall({ ':version': stored.match.version }),
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      reportCapacity(onCapacity, 'DeleteItem', output.ConsumedCapacity);
    } catch (error) {
      // Gone already (a purge that ran twice), or changed since it was read: either way, leave it.
      if (!isConditionalCheckFailed(error)) throw storeError('DeleteItem', error);
    }
  }

  /** The keys of a page of the match's log items. */
  async function logPageKeys(id: string, startKey: Record<string, AttributeValue> | undefined) {
    const output = await guarded('Query', () =>
      client.send(
        new QueryCommand({
          TableName: moveLogTableName,
          KeyConditionExpression: '#id = :id',
          ExpressionAttributeNames: { '#id': MOVE_LOG.gameSessionId, '#version': MOVE_LOG.version },
          ExpressionAttributeValues: marshall({ ':id': id }),
          ProjectionExpression: '#id, #version',
          ExclusiveStartKey: startKey,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
    reportCapacity(onCapacity, 'Query', output.ConsumedCapacity);
    return { keys: (output.Items ?? []).map((raw) => unmarshall(raw)), next: output.LastEvaluatedKey };
  }

  /** Deletes items by key, 25 to a request, retrying whatever DynamoDB leaves unprocessed. */
  async function deleteAll(items: readonly { TableName: string; key: Record<string, unknown> }[]): Promise<void> {
    for (let start = 0; start < items.length; start += BATCH_WRITE) {
      let requests: Record<string, WriteRequest[]> = {};
      for (const { TableName: table, key } of items.slice(start, start + BATCH_WRITE)) {
        requests[table] = [...(requests[table] ?? []), { DeleteRequest: { Key: marshall(key) } }];
      }
      for (let attempt = 0; Object.keys(requests).length > 0; attempt++) {
        if (attempt > 5) throw new StoreError('BatchWriteItem left deletes unprocessed');
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
        const batch = requests;
        const output = await guarded('BatchWriteItem', () =>
          client.send(new BatchWriteItemCommand({ RequestItems: batch, ReturnConsumedCapacity: 'TOTAL' })),
        );
        reportCapacity(onCapacity, 'BatchWriteItem', output.ConsumedCapacity);
        requests = output.UnprocessedItems ?? {};
      }
    }
  }

  return { due, remember, forget, purge };
}
