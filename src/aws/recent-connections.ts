import {
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import type { Connection } from '../ports/connection-store.js';
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
import { GAMES } from './tables.js';

/**
 * Catching up with the lag of the ByGameSessionId index.
 *
 * GSI reads are eventually consistent: for a moment (usually under a second, longer when the index
 * is busy) a connection `$connect` just wrote is missing from the match's Query. A move applied in
 * that moment is not sent to that player, and their first `sync` may have read the match just
 * before the move: they stay one state behind until the next move. Rare, but a turn-based game can
 * leave that player waiting on a move they cannot see.
 *
 * The fix lives in the adapters, so the port's `listByGame` simply lists every live connection. Each
 * `$connect` also records its connection in the match item itself (`Recent`: connection id →
 * connectedAt), in an attribute no move writes, so it never contends with the version condition.
 * Every settlement's UpdateItem answers the item's `Recent` as of that write (ReturnValues
 * UPDATED_NEW of a no-op `if_not_exists`, free of charge), and `listByGame` right after it uses that
 * answer. That is exact, not a race: a connection recorded before the write is in the answer; one
 * recorded after it connected after the move was stored, so its first `sync` reads the new state.
 * Each id the index does not list is checked against its own row (a consistent GetItem), so one
 * deleted since, or a row claimed by another match, is never listed. Entries older than
 * RECENT_WINDOW_MS are dropped by the next `$connect` of the match and ignored by readers.
 *
 * Cost: no read at all on the move path (the old per-match bucket item cost a 1 RRU GetItem per
 * move); the entries' bytes ride in the match item's write units (about 30 bytes per connection of
 * the last 30 s). Per `$connect`: a consistent GetItem of the match and one UpdateItem of it. A
 * `listByGame` that follows no write of this process (none on the move path) reads `Recent` itself.
 */
export const RECENT_WINDOW_MS = 30_000;

/**
 * The most connections `Recent` holds: `$connect`s past it drop the oldest entries first, even inside
 * the window, so a client that connects again and again (each `$connect` adds an entry, and a
 * `$disconnect` does not remove it) cannot make every move of its match cost more write units. Above
 * what the connection limits let a match hold at once (protocol `CONNECTION_LIMIT`).
 */
export const MAX_RECENT = 64;

/**
 * The entries a `$connect` removes: those past the window, then the oldest others until the new one
 * fits under MAX_RECENT. Never the connecting one itself.
 */
export function dropped(
  recent: Recent,
  connection: Pick<Connection, 'connectionId' | 'connectedAt'>,
): readonly string[] {
  const others = Object.entries(recent).filter(([id]) => id !== connection.connectionId);
  const stale = others.filter(([, at]) => at + RECENT_WINDOW_MS <= connection.connectedAt);
  const fresh = others.filter(([, at]) => at + RECENT_WINDOW_MS > connection.connectedAt).sort(([, a], [, b]) => a - b);
  const over = Math.max(0, fresh.length + 1 - MAX_RECENT);
  return [...stale, ...fresh.slice(0, over)].map(([id]) => id);
}

/** How long an answer of a settlement's write serves the `listByGame` that follows it. */
const OBSERVED_FRESH_MS = 10_000;
/** How many matches' answers a container keeps at most (a refusal's answer is never taken). */
const MAX_OBSERVED = 1_000;
/** `$connect`s that race on one match's `Recent` retry; each attempt succeeds unless another just wrote. */
const MAX_REMEMBER_ATTEMPTS = 5;

const recentSchema = z.record(z.string(), z.number());
type Recent = z.infer<typeof recentSchema>;

export interface RecentConnectionsOptions {
  readonly client: DynamoDBClient;
  /** The games table: `Recent` lives in the match item. */
  readonly gamesTableName: string;
  readonly onCapacity?: CapacityListener;
}

export type RecentConnections = ReturnType<typeof recentConnections>;

export function recentConnections({ client, gamesTableName: TableName, onCapacity }: RecentConnectionsOptions) {
  const key = (gameSessionId: string) => marshall({ [GAMES.gameSessionId]: gameSessionId });
  /** The newest write's answer per match, until a `listByGame` takes it. */
  const observed = new Map<string, { readonly recent: Recent; readonly atMs: number }>();

  /**
   * Records a connection in its match's item, dropping entries past the window. Beside the row's own
   * write: an id listed here without its row is skipped by `listByGame`. No match, nothing to record.
   */
  async function remember(connection: Pick<Connection, 'connectionId' | 'gameSessionId' | 'connectedAt'>) {
    for (let attempt = 1; attempt <= MAX_REMEMBER_ATTEMPTS; attempt++) {
      const item = await readRecent(connection.gameSessionId);
      if (item === undefined) return;
      const stale = dropped(item.recent ?? {}, connection);
      if (await writeRecent(connection, item.recent === undefined, stale)) return;
    }
    throw new StoreError(`match ${connection.gameSessionId} kept changing its recent connections`);
  }

  /** The match's `Recent` (undefined inside when the item has none yet), or undefined when there is no match. */
  async function readRecent(gameSessionId: string): Promise<{ readonly recent: Recent | undefined } | undefined> {
    const output = await guarded('GetItem', () =>
      client.send(
        new GetItemCommand({
          TableName,
          Key: key(gameSessionId),
          ConsistentRead: true,
          ProjectionExpression: '#id, #recent',
          ExpressionAttributeNames: { '#id': GAMES.gameSessionId, '#recent': GAMES.recent },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
    reportCapacity(onCapacity, 'GetItem', output.ConsumedCapacity);
    if (!output.Item) return undefined;
    const raw = unmarshall(output.Item)[GAMES.recent];
    return { recent: raw === undefined ? undefined : parseRecent(gameSessionId, raw) };
  }

  /**
   * Adds the connection and removes stale entries by name: concurrent `$connect`s touch different
   * entries, so they commute. The condition only says whether `Recent` exists as the read found it
   * (a nested path cannot be set inside a map that is not there); false means read again.
   */
  async function writeRecent(
    connection: Pick<Connection, 'connectionId' | 'gameSessionId' | 'connectedAt'>,
    create: boolean,
    stale: readonly string[],
  ): Promise<boolean> {
    const request: Pick<
      UpdateItemCommandInput,
      'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    > = create
      ? {
          UpdateExpression: 'SET #recent = :recent',
          ConditionExpression: 'attribute_exists(#id) AND attribute_not_exists(#recent)',
          ExpressionAttributeNames: { '#id': GAMES.gameSessionId, '#recent': GAMES.recent },
          ExpressionAttributeValues: marshall({ ':recent': { [connection.connectionId]: connection.connectedAt } }),
        }
      : {
          UpdateExpression: [
            'SET #recent.#new = :at',
            ...(stale.length > 0 ? [`REMOVE ${stale.map((_, index) => `#recent.#old${index}`).join(', ')}`] : []),
          ].join(' '),
          ConditionExpression: 'attribute_exists(#recent)',
          ExpressionAttributeNames: {
            '#recent': GAMES.recent,
            '#new': connection.connectionId,
            ...Object.fromEntries(stale.map((id, index) => [`#old${index}`, id])),
          },
          ExpressionAttributeValues: marshall({ ':at': connection.connectedAt }),
        };
    try {
      const output = await client.send(
        new UpdateItemCommand({
          TableName,
          Key: key(connection.gameSessionId),
          ...request,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      reportCapacity(onCapacity, 'UpdateItem', output.ConsumedCapacity);
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw storeError('UpdateItem', error);
    }
  }

  /** What a settlement's write answered about `Recent`: kept for the `listByGame` that follows it. */
  function observe(gameSessionId: string, raw: unknown, nowMs: number): void {
    if (raw === undefined) return;
    observed.delete(gameSessionId);
    observed.set(gameSessionId, { recent: parseRecent(gameSessionId, raw), atMs: nowMs });
    // Oldest first in insertion order: drop what no listing came for.
    for (const [id] of observed) {
      if (observed.size <= MAX_OBSERVED) break;
      observed.delete(id);
    }
  }

  /**
   * The ids of connections recorded for this match in the last RECENT_WINDOW_MS: from the answer of
   * this process's latest write of the match when there is a fresh one (taken: used once), else read.
   */
  async function ids(gameSessionId: string, nowMs: number): Promise<readonly string[]> {
    const seen = observed.get(gameSessionId);
    observed.delete(gameSessionId);
    const recent =
      seen !== undefined && nowMs - seen.atMs < OBSERVED_FRESH_MS
        ? seen.recent
        : ((await readRecent(gameSessionId))?.recent ?? {});
    return Object.entries(recent)
      .filter(([, at]) => at + RECENT_WINDOW_MS > nowMs)
      .map(([id]) => id);
  }

  return { remember, observe, ids };
}

function parseRecent(gameSessionId: string, raw: unknown): Recent {
  const parsed = recentSchema.safeParse(raw);
  if (!parsed.success) throw new StoreError(`malformed ${GAMES.recent} of ${gameSessionId}: ${parsed.error.message}`);
  return parsed.data;
}
