import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestTables } from '../support/local-aws.js';

/** A running engine's client and the tables created on it, handed to suites after beforeAll. */
export interface DynamoStoreSetup {
  readonly client: DynamoDBClient;
  readonly tables: TestTables;
}
