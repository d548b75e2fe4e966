import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { createDynamoConnectionStore } from '../../src/aws/dynamo-connection-store.js';
import { createDynamoGameStore } from '../../src/aws/dynamo-game-store.js';
import { describeConnectionStoreContract } from '../contracts/connection-store.contract.js';
import { describeGameStoreContract } from '../contracts/game-store.contract.js';
import { type DynamoDbLocal, startDynamoDbLocal } from '../support/dynamodb-local.js';
import { createTestTables, localDynamoClient, type TestTables } from '../support/local-aws.js';
import { describeDynamoGameStoreSpecifics } from './dynamo-game-store.specifics.js';
import { describeStateUpdateProperties } from './state-update.properties.js';

/**
 * Everything that runs on DynamoDB Local, in one file: one JVM start-up (seconds on a small
 * machine) serves the store contracts and the state-update properties.
 */

let engine: DynamoDbLocal;
let client: DynamoDBClient;
let tables: TestTables;

beforeAll(async () => {
  engine = await startDynamoDbLocal();
  client = localDynamoClient(engine.endpoint);
  tables = await createTestTables(client);
});

afterAll(async () => {
  client?.destroy();
  await engine?.stop();
});

describeGameStoreContract('DynamoDB Local', () => createDynamoGameStore({ client, tableName: tables.gamesTable }));
describeConnectionStoreContract('DynamoDB Local', () =>
  createDynamoConnectionStore({ client, tableName: tables.connectionsTable }),
);
describeStateUpdateProperties('DynamoDB Local', () => client);
describeDynamoGameStoreSpecifics('DynamoDB Local', () => ({ client, tables }));
