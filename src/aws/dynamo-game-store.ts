import {
  type AttributeValue,
  type ConsumedCapacity,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { Match } from '../engine/index.js';
import {
  type CreateOptions,
  type GameStore,
  type MatchUpdate,
  type MoveLogEntry,
  type MoveLogPage,
  type MoveLogQuery,
  newlySeated,
  type PlayerMatchesQuery,
  type RefusalChange,
  type StoredMatch,
  type UpdateOutcome,
} from '../ports/game-store.js';
import { logPageBounds } from '../protocol/move-log.js';
import { clampLimit, createMatchList, projection } from './dynamo-match-list.js';
import {
  type CapacityListener,
  guarded,
  isConditionalCheckFailed,
  marshall,
  reportCapacity,
  storeError,
  unmarshall,
} from './dynamo-support.js';
import {
  deadlineBound,
  MATCH_READ_ATTRIBUTES,
  matchItem,
  matchRecordFrom,
  PENDING_ATTRIBUTES,
  pendingMovesFrom,
} from './game-item.js';
import { assertFits, refusalRequest, updateRequest } from './game-update.js';
import { phaseOfNew } from './match-phase.js';
import { moveLogEntriesFrom, moveLogPageItem } from './packed-moves.js';
import type { RecentConnections } from './recent-connections.js';
import { GAMES, isSeatKey, MOVE_LOG, seatKey } from './tables.js';

export interface DynamoGameStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** The move-log table (tables.ts `moveLogTable`). */
  readonly moveLogTableName: string;
  /**
   * Shared with the connection store (dynamo-stores.ts): each match write's answer about recent
   * connections goes there, for the fan-out that follows.
   */
  readonly recent?: RecentConnections;
  /** Called with each operation's consumed capacity (the benchmark's cost counter). */
  readonly onCapacity?: CapacityListener;
}

/**
 * The games table as a GameStore. Moves are written with UpdateItem built from the changed paths of
 * the state and the changed top-level fields, conditional on the version that was read.
 *
 * The move log, packed and written behind. The match item keeps the applied moves that are not in the
 * move-log table yet (`Pending`, oldest first). A settlement appends its move to them while the item
 * stays within the write unit it would need anyway; when appending would cost the match write another
 * unit, it first puts the pending moves into the log table as ONE item (a page, keyed by its last
 * move's version) and then, in the version-conditioned UpdateItem, starts the list again with the new
 * move (game-update.ts `nextPending`). So a move leaves the match item only once its page is stored,
 * nothing is lost or gapped; a crash between the two writes leaves the moves pending, and the next
 * settlement puts the same page again (same key, same content: a page is a snapshot of a list that
 * only grows until it is flushed); a reader that reads the match first and the log second sees every
 * move, and drops the duplicates a repeated or stale page can leave. The price: a page write of about
 * 1 WRU per several moves, and no second write on most moves. Why not the alternatives: a
 * transaction (TransactWriteItems) bills twice the write units of both items; one log item per move
 * costs a whole WRU per move; the log inside the match item grew every write until the 400 KB wall;
 * and a table stream would make the log lag and cannot run on dynalite, one of our local engines.
 */
export function createDynamoGameStore(options: DynamoGameStoreOptions): GameStore {
  const { client, tableName: TableName, moveLogTableName, recent, onCapacity } = options;
  // Built once: `get` runs on every move.
  const readProjection = projection(MATCH_READ_ATTRIBUTES);
  const logHeadProjection = projection([GAMES.version, ...PENDING_ATTRIBUTES]);
  const heldProjection = projection([GAMES.version, ...PENDING_ATTRIBUTES, GAMES.sweepAfter]);
  /**
   * What each item this store has read holds beyond the port's StoredMatch (its pending moves, the
   * size of its recent connections), by the very object `get` returned: no other store has them, and
   * `update` takes that object back as `previous`.
   */
  const heldBy = new WeakMap<StoredMatch, Held>();
  const lists = createMatchList({ client, tableName: TableName, onCapacity });

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
    if (isSeatKey(id)) return undefined;
    const item = await readItem(id, readProjection);
    if (item === undefined) return undefined;
    const { stored, pending, untouchedBytes, sweepAfter } = matchRecordFrom(item);
    heldBy.set(stored, { pending, untouchedBytes, ...(sweepAfter === undefined ? {} : { sweepAfter }) });
    return stored;
  }

  async function create(id: string, match: Match, now: number, options: CreateOptions = {}): Promise<UpdateOutcome> {
    const bound = deadlineBound(id, match, undefined);
    const unlisted = options.invite !== undefined;
    const item = {
      ...matchItem(id, match, now, undefined, options.invite),
      ...phaseOfNew(match, now, unlisted),
      ...(typeof bound === 'object' ? { [GAMES.sweepAfter]: bound.sweepAfter, [GAMES.dueShard]: bound.dueShard } : {}),
    };
    assertFits(id, item);
    if (isSeatKey(id)) return 'conflict';
    await putSeats(id, newlySeated(undefined, match), now);
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
    const held = await heldAt(previous);
    if (held === 'moved on') return 'conflict';
    const write = updateRequest(previous, change, held.pending, held.untouchedBytes, held.sweepAfter);
    if (!write) return 'written';
    if (write.page) await putPage(previous.id, write.page, change.next.players);
    await putSeats(previous.id, newlySeated(previous.match, change.next), change.now);
    return conditionalWrite('UpdateItem', async () => {
      const output = await client.send(
        new UpdateItemCommand({
          TableName,
          Key: marshall({ [GAMES.gameSessionId]: previous.id }),
          ...write.request,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      const answered = output.Attributes?.[GAMES.recent];
      if (answered) recent?.observe(previous.id, unmarshall({ [GAMES.recent]: answered })[GAMES.recent], change.now);
      return output;
    });
  }

  /**
   * The sender's ledger alone, on the version read and the ledger read (a refusal bumps no version:
   * see the port). Costs the item's size in write units, like any UpdateItem of it.
   */
  async function settleRefusal(previous: StoredMatch, refusal: RefusalChange): Promise<UpdateOutcome> {
    const request = refusalRequest(previous, refusal);
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

  /**
   * What the item `previous` was read from holds. A `previous` this store did not return (built by
   * hand) costs a read; if the match has moved on since, the write could only fail.
   */
  async function heldAt(previous: StoredMatch): Promise<Held | 'moved on'> {
    const known = heldBy.get(previous);
    if (known !== undefined) return known;
    const head = await readItem(previous.id, heldProjection);
    if (head === undefined || Number(head[GAMES.version]) !== previous.match.version) return 'moved on';
    const sweepAfter = head[GAMES.sweepAfter];
    return {
      pending: pendingMovesFrom(previous.id, head),
      untouchedBytes: 0,
      ...(typeof sweepAfter === 'number' ? { sweepAfter } : {}),
    };
  }

  /** Puts pending moves into the log as one page; safe to repeat (same key, same content). */
  async function putPage(id: string, entries: readonly MoveLogEntry[], players: readonly string[]): Promise<void> {
    const output = await guarded('PutItem', () =>
      client.send(
        new PutItemCommand({
          TableName: moveLogTableName,
          Item: marshall(moveLogPageItem(id, entries, players)),
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
    reportCapacity(onCapacity, 'PutItem', output.ConsumedCapacity);
  }

  /**
   * Records who sits in the match, before the match write: should that write lose its race, the
   * seat item points at a match its player is not in, which `listByPlayer` filters out; written
   * after it, a crash in between would lose the player's match from their list for good.
   */
  async function putSeats(matchId: string, players: readonly string[], now: number): Promise<void> {
    await Promise.all(
      players.map(async (userId) => {
        const output = await guarded('PutItem', () =>
          client.send(
            new PutItemCommand({
              TableName,
              Item: marshall({
                [GAMES.gameSessionId]: seatKey(matchId, userId),
                [GAMES.seatedUser]: userId,
                [GAMES.seatOf]: matchId,
                [GAMES.createdAt]: now,
              }),
              ReturnConsumedCapacity: 'TOTAL',
            }),
          ),
        );
        reportCapacity(onCapacity, 'PutItem', output.ConsumedCapacity);
      }),
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

  /**
   * The player's seat items, newest first, through the ByPlayer index, then their matches by
   * BatchGetItem. A seat whose match is gone (TTL) or does not list the player (a join that lost its
   * race) is skipped.
   */
  async function listByPlayer(userId: string, query: PlayerMatchesQuery = {}): Promise<readonly StoredMatch[]> {
    const limit = clampLimit(query.limit);
    const output = await guarded('Query', () =>
      client.send(
        new QueryCommand({
          TableName,
          IndexName: GAMES.byPlayerIndex,
          KeyConditionExpression: '#user = :user',
          ExpressionAttributeNames: { '#user': GAMES.seatedUser },
          ExpressionAttributeValues: marshall({ ':user': userId }),
          ScanIndexForward: false,
          Limit: limit,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
    reportCapacity(onCapacity, 'Query', output.ConsumedCapacity);
    const ids = [...new Set((output.Items ?? []).map((raw) => String(unmarshall(raw)[GAMES.seatOf])))];
    const matches = await lists.batchGet(ids, { consistent: true });
    return ids.flatMap((id) => {
      const found = matches.get(id);
      return found?.match.players.includes(userId) ? [found] : [];
    });
  }

  /**
   * A page of the log: the match first (its version and pending moves), then the log table. Every
   * move that left the pending list before that read was in a page by then, so this order misses
   * nothing; a move in both (a page put again, or put by a settlement that then lost its race) counts
   * once; moves past the version read are left for the next page.
   */
  async function moveLog(id: string, query: MoveLogQuery = {}): Promise<MoveLogPage | undefined> {
    const { after, limit } = logPageBounds(query);
    if (isSeatKey(id)) return undefined;
    const head = await readItem(id, logHeadProjection);
    if (head === undefined) return undefined;
    const through = Number(head[GAMES.version]);
    const entries = new Map<number, MoveLogEntry>();
    const keep = (entry: MoveLogEntry) => {
      if (entry.version > after && entry.version <= through) entries.set(entry.version, entry);
    };
    for (const entry of pendingMovesFrom(id, head)) keep(entry);
    await queryLog(id, after, limit + 1, (logged) => {
      for (const entry of logged) keep(entry);
      // One more than the page, so `next` knows whether the log goes on.
      return entries.size > limit;
    });
    const moves = [...entries.values()].sort((a, b) => a.version - b.version);
    const page = moves.slice(0, limit);
    return { moves: page, next: moves.length > limit ? (page.at(-1)?.version ?? null) : null, through };
  }

  /** The log's pages after `after`, in version order, handed to `take` until it has enough. */
  async function queryLog(
    id: string,
    after: number,
    pages: number,
    take: (entries: MoveLogEntry[]) => boolean,
  ): Promise<void> {
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const output = await guarded('Query', () =>
        client.send(
          new QueryCommand({
            TableName: moveLogTableName,
            KeyConditionExpression: '#id = :id AND #version > :after',
            ExpressionAttributeNames: { '#id': MOVE_LOG.gameSessionId, '#version': MOVE_LOG.version },
            ExpressionAttributeValues: marshall({ ':id': id, ':after': after }),
            ConsistentRead: true,
            // Every page holds at least one move: this many pages fill the answer unless some repeat.
            Limit: pages,
            ExclusiveStartKey: startKey,
            ReturnConsumedCapacity: 'TOTAL',
          }),
        ),
      );
      reportCapacity(onCapacity, 'Query', output.ConsumedCapacity);
      const logged = (output.Items ?? []).flatMap((raw) => moveLogEntriesFrom(id, unmarshall(raw)));
      if (take(logged)) return;
      startKey = output.LastEvaluatedKey;
    } while (startKey);
  }

  return { get, create, update, settleRefusal, list: lists.list, listByPlayer, moveLog };
}

/** What a games item holds beyond the port's StoredMatch (see `heldBy`). */
interface Held {
  readonly pending: readonly MoveLogEntry[];
  readonly untouchedBytes: number;
  readonly sweepAfter?: number;
}
