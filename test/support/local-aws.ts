import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { playTable } from '../../src/aws/play-table.js';
import { connectionsTable, gamesTable, moveLogTable, TIME_TO_LIVE_ATTRIBUTE } from '../../src/aws/tables.js';

/**
 * SDK clients for local engines only: an explicit loopback endpoint, us-east-1 and fake static
 * credentials, so nothing can ever reach a real AWS endpoint.
 */
export const localClientConfig = (endpoint: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

export const localDynamoClient = (endpoint: string) => new DynamoDBClient(localClientConfig(endpoint));

export interface TestTables {
  readonly connectionsTable: string;
  readonly gamesTable: string;
  readonly moveLogTable: string;
  readonly playTable: string;
}

/** The games store's options for a set of test tables. */
export const gameStoreTables = (tables: TestTables) => ({
  tableName: tables.gamesTable,
  moveLogTableName: tables.moveLogTable,
});

/**
 * Creates the tables from src/aws/tables.ts under fresh names, so suites can share one engine.
 * TTL is switched on where the engine supports it (dynalite does not; reads filter expiry anyway).
 */
export async function createTestTables(client: DynamoDBClient, prefix = 'test'): Promise<TestTables> {
  const suffix = randomUUID().slice(0, 8);
  const tables = {
    connectionsTable: `${prefix}-connections-${suffix}`,
    gamesTable: `${prefix}-games-${suffix}`,
    moveLogTable: `${prefix}-move-log-${suffix}`,
    playTable: `${prefix}-play-${suffix}`,
  };
  await client.send(new CreateTableCommand(connectionsTable(tables.connectionsTable)));
  await client.send(new CreateTableCommand(gamesTable(tables.gamesTable)));
  await client.send(new CreateTableCommand(moveLogTable(tables.moveLogTable)));
  await client.send(new CreateTableCommand(playTable(tables.playTable)));
  for (const TableName of [tables.connectionsTable, tables.gamesTable]) {
    await client
      .send(
        new UpdateTimeToLiveCommand({
          TableName,
          TimeToLiveSpecification: { AttributeName: TIME_TO_LIVE_ATTRIBUTE, Enabled: true },
        }),
      )
      .catch(() => undefined);
  }
  return tables;
}
