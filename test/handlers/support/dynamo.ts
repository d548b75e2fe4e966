import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoStores } from '../../../src/aws/dynamo-stores.js';
import type { ConnectionStore, DeadlineIndex, GameStore } from '../../../src/ports/index.js';
import { startDynalite } from '../../support/dynalite.js';
import { sharedDynamoDbLocal } from '../../support/dynamodb-local-shared.js';
import { createTestTables, localDynamoClient } from '../../support/local-aws.js';

export type DynamoEngine = 'dynalite' | 'dynamodb-local';

export interface DynamoStores {
  readonly matches: GameStore;
  readonly connections: ConnectionStore;
  readonly deadlines: DeadlineIndex;
  readonly client: DynamoDBClient;
  stop(): Promise<void>;
}

/** The real DynamoDB adapters on a real local engine, with fresh tables. */
export async function startDynamoStores(engine: DynamoEngine): Promise<DynamoStores> {
  const server = engine === 'dynalite' ? await startDynalite() : await sharedDynamoDbLocal();
  const client = localDynamoClient(server.endpoint);
  const tables = await createTestTables(client, 'handlers');
  return {
    client,
    ...createDynamoStores({ client, ...tables }),
    stop: async () => {
      client.destroy();
      await server.stop();
    },
  };
}
