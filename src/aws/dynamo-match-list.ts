import { type AttributeValue, BatchGetItemCommand, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { MatchStatus } from '../engine/index.js';
import { StoreError } from '../ports/errors.js';
import type { ListedMatch, ListMatchesQuery, StoredMatch } from '../ports/game-store.js';
import { MATCH_STATUSES } from '../protocol/lobby.js';
import { type CapacityListener, guarded, marshall, reportCapacity, unmarshall } from './dynamo-support.js';
import { MATCH_READ_ATTRIBUTES, storedMatchFrom } from './game-item.js';
import { listedFromOpen, PHASES } from './match-phase.js';
import { GAMES } from './tables.js';

const DEFAULT_LIST_LIMIT = 50;
/** BatchGetItem's own ceiling. */
export const MAX_LIST_LIMIT = 100;
const STATUSES: readonly MatchStatus[] = MATCH_STATUSES;

export interface MatchReadsOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly onCapacity?: CapacityListener | undefined;
}

/** An index row's place in the lobby's order. */
interface Key {
  readonly id: string;
  readonly createdAt: number;
  /** The whole summary, when the index carries it (a waiting match's `Open`): no read of the match. */
  readonly listed?: ListedMatch;
}

/**
 * The lobby's list of matches on the games table: newest first, by game and status, a page at a time.
 *
 * What a page costs. Waiting matches, the ones a crowd looks for, come with their summaries from the
 * ByPhase index (match-phase.ts): one Query of small items, no read of the matches. Running and
 * finished ones come from ByStatus (ids only) and then by an eventually consistent BatchGetItem of
 * the page's matches: half a read unit each (an item under 4 KB), where a consistent read was one.
 * An index lags its table by about a second anyway, so a lobby page never was more exact than that.
 */
export function createMatchList(options: MatchReadsOptions) {
  const { client, tableName: TableName, onCapacity } = options;

  async function list(query: ListMatchesQuery): Promise<readonly ListedMatch[]> {
    const limit = clampLimit(query.limit);
    const statuses = query.status ? [query.status] : STATUSES;
    const keys = (await Promise.all(statuses.map((status) => newest(status, query, limit))))
      .flat()
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
    const page = unique(keys).slice(0, limit);
    const toRead = page.filter((key) => key.listed === undefined).map((key) => key.id);
    const read = await batchGet(toRead, { consistent: false });
    // The indexes lag their table: drop any match whose status or game moved on meanwhile.
    return page.flatMap(({ id, listed }) => {
      const found = listed ?? read.get(id);
      const fits = found && statuses.includes(found.match.status) && (!query.game || found.match.game === query.game);
      return fits ? [found] : [];
    });
  }

  /** Newest rows of one status, each with its summary when the index carries it. */
  function newest(status: MatchStatus, query: ListMatchesQuery, limit: number): Promise<Key[]> {
    return status === 'waiting' ? newestOpen(query, limit) : newestByStatus(status, query, limit);
  }

  const newestOpen = (query: ListMatchesQuery, limit: number) =>
    pageOfIndex(
      {
        IndexName: GAMES.byPhaseIndex,
        hash: [GAMES.phase, PHASES.waiting],
        range: GAMES.phaseAt,
        gameFilter: query.game ? `#${GAMES.open}.#game = :game` : undefined,
        extraNames: { [`#${GAMES.open}`]: GAMES.open },
      },
      query,
      limit,
      (row) => {
        const listed = listedFromOpen(row);
        return listed && { id: listed.id, createdAt: listed.createdAt, listed };
      },
    );

  const newestByStatus = (status: MatchStatus, query: ListMatchesQuery, limit: number) =>
    pageOfIndex(
      {
        IndexName: GAMES.byStatusIndex,
        hash: [GAMES.status, status],
        range: GAMES.createdAt,
        gameFilter: query.game ? '#game = :game' : undefined,
        extraNames: {},
      },
      query,
      limit,
      (row) => ({ id: String(row[GAMES.gameSessionId]), createdAt: Number(row[GAMES.createdAt]) }),
    );

  /**
   * Newest rows of one index partition, filtered by game when asked, after a page's last match when
   * asked: `range <= :after` in the key condition, and that instant's ties the previous page already
   * showed (ids up to its last) dropped here, where the order's tie-break lives.
   */
  async function pageOfIndex(
    index: {
      readonly IndexName: string;
      readonly hash: readonly [attribute: string, value: string];
      readonly range: string;
      readonly gameFilter: string | undefined;
      readonly extraNames: Record<string, string>;
    },
    { game, after }: ListMatchesQuery,
    limit: number,
    keyOf: (row: Record<string, unknown>) => Key | undefined,
  ): Promise<Key[]> {
    const found: Key[] = [];
    const shownBefore = (key: Key) => after !== undefined && key.createdAt === after.createdAt && key.id <= after.id;
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const output = await guarded('Query', () =>
        client.send(
          new QueryCommand({
            TableName,
            IndexName: index.IndexName,
            KeyConditionExpression: after ? '#hash = :hash AND #range <= :after' : '#hash = :hash',
            ...(index.gameFilter ? { FilterExpression: index.gameFilter } : {}),
            ExpressionAttributeNames: {
              '#hash': index.hash[0],
              ...(after ? { '#range': index.range } : {}),
              ...(game ? { '#game': GAMES.game, ...index.extraNames } : {}),
            },
            ExpressionAttributeValues: marshall({
              ':hash': index.hash[1],
              ...(game ? { ':game': game } : {}),
              ...(after ? { ':after': after.createdAt } : {}),
            }),
            ScanIndexForward: false,
            Limit: MAX_LIST_LIMIT,
            ExclusiveStartKey: startKey,
            ReturnConsumedCapacity: 'TOTAL',
          }),
        ),
      );
      reportCapacity(onCapacity, 'Query', output.ConsumedCapacity);
      for (const raw of output.Items ?? []) {
        const key = keyOf(unmarshall(raw));
        if (key !== undefined && !shownBefore(key)) found.push(key);
      }
      startKey = output.LastEvaluatedKey;
      // The index orders ties (one instant) arbitrarily: read the whole tie group at the page's edge.
    } while (startKey && (found.length < limit || found.at(-1)?.createdAt === found[limit - 1]?.createdAt));
    return found;
  }

  /** Matches by id (BatchGetItem, retrying what it leaves unprocessed); ids not found are absent. */
  async function batchGet(
    ids: readonly string[],
    read: { readonly consistent: boolean },
  ): Promise<Map<string, StoredMatch>> {
    const matches = new Map<string, StoredMatch>();
    let keys = ids.map((id) => marshall({ [GAMES.gameSessionId]: id }));
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt > 5) throw new StoreError(`BatchGetItem left ${keys.length} keys unprocessed`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      const output = await guarded('BatchGetItem', () =>
        client.send(
          new BatchGetItemCommand({
            RequestItems: { [TableName]: { Keys: keys, ConsistentRead: read.consistent, ...MATCH_PROJECTION } },
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

  return { list, batchGet };
}

export const clampLimit = (limit: number | undefined): number =>
  Math.min(Math.max(Math.trunc(limit ?? DEFAULT_LIST_LIMIT), 1), MAX_LIST_LIMIT);

/** A match listed twice (one index had not caught up with a status change): the row read afresh wins. */
function unique(keys: readonly Key[]): Key[] {
  const read = new Set(keys.filter((key) => key.listed === undefined).map((key) => key.id));
  const seen = new Set<string>();
  return keys.filter((key) => {
    if (seen.has(key.id) || (key.listed !== undefined && read.has(key.id))) return false;
    seen.add(key.id);
    return true;
  });
}

export const projection = (attributes: readonly string[]) => ({
  ProjectionExpression: attributes.map((_, index) => `#p${index}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(attributes.map((attribute, index) => [`#p${index}`, attribute])),
});

const MATCH_PROJECTION = projection(MATCH_READ_ATTRIBUTES);
