import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoConnectionStore } from '../../../src/aws/dynamo-connection-store.js';
import { createDynamoGameStore } from '../../../src/aws/dynamo-game-store.js';
import type { ConnectionStore, GameStore } from '../../../src/ports/index.js';
import { startDynalite } from '../../support/dynalite.js';
import { sharedDynamoDbLocal } from '../../support/dynamodb-local-shared.js';
import { createTestTables, gameStoreTables, localDynamoClient } from '../../support/local-aws.js';

export type DynamoEngine = 'dynalite' | 'dynamodb-local';

export interface DynamoStores {
  readonly matches: GameStore;
  readonly connections: ConnectionStore;
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
    matches: createDynamoGameStore({ client, ...gameStoreTables(tables) }),
    connections: createDynamoConnectionStore({ client, tableName: tables.connectionsTable }),
    stop: async () => {
      client.destroy();
      await server.stop();
    },
  };
}
