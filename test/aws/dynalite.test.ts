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
import { type Dynalite, startDynalite } from '../support/dynalite.js';
import { createTestTables, gameStoreTables, localDynamoClient, type TestTables } from '../support/local-aws.js';
import { describePackedMoveLog } from './packed-move-log.specifics.js';
import { dynamoRetentionStores } from './retention-stores.js';
import { describeStateUpdateProperties } from './state-update.properties.js';

let engine: Dynalite;
let client: DynamoDBClient;
let tables: TestTables;

beforeAll(async () => {
  engine = await startDynalite();
  client = localDynamoClient(engine.endpoint);
  tables = await createTestTables(client);
});

afterAll(async () => {
  client?.destroy();
  await engine?.stop();
});

describeGameStoreContract('dynalite', () => createDynamoGameStore({ client, ...gameStoreTables(tables) }));
describeConnectionStoreContract('dynalite', () =>
  createDynamoConnectionStore({ client, tableName: tables.connectionsTable, gamesTableName: tables.gamesTable }),
);
describePlayStoresContract(
  'dynalite',
  () => ({
    matches: createDynamoGameStore({ client, ...gameStoreTables(tables) }),
    ratings: createDynamoRatingStore({ client, tableName: tables.playTable, gamesTableName: tables.gamesTable }),
    pools: createDynamoMatchPools({ client, tableName: tables.playTable }),
  }),
  { ratings: false },
);
describeExactlyOnceContract('dynalite', () => ({
  ...createDynamoStores({ client, ...tables }),
}));
// The local runtime's aws-local wiring runs on dynalite by default: its updates must hold there too.
describeStateUpdateProperties('dynalite', () => client);
describeRetentionStoreContract('dynalite', () => dynamoRetentionStores(client));
describePackedMoveLog('dynalite', () => ({ client, tables }));
