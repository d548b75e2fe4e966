import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ConnectionStore } from '../ports/connection-store.js';
import type { DeadlineIndex } from '../ports/deadlines.js';
import type { GameStore } from '../ports/game-store.js';
import type { MatchPools } from '../ports/match-pools.js';
import type { RatingStore } from '../ports/rating-store.js';
import type { RetentionStore } from '../ports/retention.js';
import { createDynamoConnectionStore } from './dynamo-connection-store.js';
import { createDynamoDeadlines } from './dynamo-deadlines.js';
import { createDynamoGameStore } from './dynamo-game-store.js';
import { createDynamoMatchPools } from './dynamo-match-pools.js';
import { createDynamoRatingStore } from './dynamo-rating-store.js';
import { createDynamoRetentionStore } from './dynamo-retention-store.js';
import type { CapacityListener } from './dynamo-support.js';
import { recentConnections } from './recent-connections.js';

export interface DynamoStoresOptions {
  readonly client: DynamoDBClient;
  readonly gamesTable: string;
  readonly connectionsTable: string;
  readonly moveLogTable: string;
  /** The play table (play-table.ts): ratings and quick-match pools come with it. */
  readonly playTable?: string;
  readonly onCapacity?: CapacityListener;
}

/**
 * The match and connection stores of one deployment, sharing what catches up with the connections
 * index's lag (recent-connections.ts): the game store hands each match write's answer about recent
 * connections to the connection store, whose `listByGame` after that write then needs no read of its own.
 */
export function createMatchStores(options: Omit<DynamoStoresOptions, 'playTable'>): {
  readonly matches: GameStore;
  readonly connections: ConnectionStore;
} {
  const { client, gamesTable, connectionsTable, moveLogTable, onCapacity } = options;
  const recent = recentConnections({ client, gamesTableName: gamesTable, onCapacity });
  return {
    matches: createDynamoGameStore({
      client,
      tableName: gamesTable,
      moveLogTableName: moveLogTable,
      recent,
      onCapacity,
    }),
    connections: createDynamoConnectionStore({
      client,
      tableName: connectionsTable,
      gamesTableName: gamesTable,
      recent,
      onCapacity,
    }),
  };
}

/** What the sweeps read, on the games table: the deadline index and the retention store. */
export function createSweepStores(
  options: Pick<DynamoStoresOptions, 'client' | 'gamesTable' | 'moveLogTable' | 'onCapacity'>,
): { readonly deadlines: DeadlineIndex; readonly retention: RetentionStore } {
  const { client, gamesTable, moveLogTable, onCapacity } = options;
  return {
    deadlines: createDynamoDeadlines({ client, tableName: gamesTable, onCapacity }),
    retention: createDynamoRetentionStore({
      client,
      tableName: gamesTable,
      moveLogTableName: moveLogTable,
      ...(onCapacity ? { onCapacity } : {}),
    }),
  };
}

/** Every DynamoDB store of one deployment (tests; on Lambda each function builds only its own: src/aws/wiring.ts). */
export function createDynamoStores(options: DynamoStoresOptions): {
  readonly matches: GameStore;
  readonly connections: ConnectionStore;
  readonly deadlines: DeadlineIndex;
  readonly retention: RetentionStore;
  readonly ratings?: RatingStore;
  readonly pools?: MatchPools;
} {
  const { client, gamesTable, playTable, onCapacity } = options;
  return {
    ...createMatchStores(options),
    ...createSweepStores(options),
    ...(playTable === undefined
      ? {}
      : {
          ratings: createDynamoRatingStore({ client, tableName: playTable, gamesTableName: gamesTable, onCapacity }),
          pools: createDynamoMatchPools({ client, tableName: playTable, onCapacity }),
        }),
  };
}
