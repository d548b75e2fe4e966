import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { createDynamoConnectionStore } from '../../src/aws/dynamo-connection-store.js';
import { createDynamoGameStore } from '../../src/aws/dynamo-game-store.js';
import { createDynamoMatchPools } from '../../src/aws/dynamo-match-pools.js';
import { createDynamoRatingStore } from '../../src/aws/dynamo-rating-store.js';
import { createDynamoStores } from '../../src/aws/dynamo-stores.js';
import { describeConnectionStoreContract } from '../contracts/connection-store.contract.js';
import { describeExactlyOnceContract } from '../contracts/exactly-once.contract.js';
import { describeGameStoreContract } from '../contracts/game-store.contract.js';
import { describePlayStoresContract } from '../contracts/play-stores.contract.js';
import { describeRetentionStoreContract } from '../contracts/retention-store.contract.js';
import type { DynamoDbLocal } from '../support/dynamodb-local.js';
import { sharedDynamoDbLocal } from '../support/dynamodb-local-shared.js';
import { createTestTables, gameStoreTables, localDynamoClient, type TestTables } from '../support/local-aws.js';
import { describeDynamoGameStoreSpecifics } from './dynamo-game-store.specifics.js';
import { describePackedMoveLog } from './packed-move-log.specifics.js';
import { dynamoRetentionStores } from './retention-stores.js';
import { describeStateUpdateProperties } from './state-update.properties.js';

/**
 * Everything of test/aws that runs on DynamoDB Local: the store contracts, DynamoDB's own limits
 * and the state-update properties, on the run's shared engine (one JVM start per run).
 */

let engine: DynamoDbLocal;
let client: DynamoDBClient;
let tables: TestTables;

beforeAll(async () => {
  engine = await sharedDynamoDbLocal();
  client = localDynamoClient(engine.endpoint);
  tables = await createTestTables(client);
});

afterAll(async () => {
  client?.destroy();
  await engine?.stop();
});

describeGameStoreContract('DynamoDB Local', () => createDynamoGameStore({ client, ...gameStoreTables(tables) }));
describeConnectionStoreContract('DynamoDB Local', () =>
  createDynamoConnectionStore({ client, tableName: tables.connectionsTable, gamesTableName: tables.gamesTable }),
);
describePlayStoresContract('DynamoDB Local', () => ({
  matches: createDynamoGameStore({ client, ...gameStoreTables(tables) }),
  ratings: createDynamoRatingStore({ client, tableName: tables.playTable, gamesTableName: tables.gamesTable }),
  pools: createDynamoMatchPools({ client, tableName: tables.playTable }),
}));
describeExactlyOnceContract('DynamoDB Local', () => ({
  ...createDynamoStores({ client, ...tables }),
}));
describeStateUpdateProperties('DynamoDB Local', () => client);
describeDynamoGameStoreSpecifics('DynamoDB Local', () => ({ client, tables }));
describeRetentionStoreContract('DynamoDB Local', () => dynamoRetentionStores(client));
describePackedMoveLog('DynamoDB Local', () => ({ client, tables }));
