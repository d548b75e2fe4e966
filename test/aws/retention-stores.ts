import { type DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { createDynamoGameStore } from '../../src/aws/dynamo-game-store.js';
import { createDynamoRetentionStore } from '../../src/aws/dynamo-retention-store.js';
import { GAMES, MOVE_LOG, seatKey } from '../../src/aws/tables.js';
import type { RetentionStores } from '../contracts/retention-store.contract.js';
import { createTestTables, gameStoreTables } from '../support/local-aws.js';

/** The DynamoDB game and retention stores on fresh tables of `client`'s engine, and what is left of a match. */
export async function dynamoRetentionStores(client: DynamoDBClient): Promise<RetentionStores> {
  const tables = await createTestTables(client, 'retention');
  const options = { client, ...gameStoreTables(tables) };
  return {
    matches: createDynamoGameStore(options),
    retention: createDynamoRetentionStore(options),
    remains: async (id, players) => {
      const log = await client.send(
        new QueryCommand({
          TableName: tables.moveLogTable,
          KeyConditionExpression: '#id = :id',
          ExpressionAttributeNames: { '#id': MOVE_LOG.gameSessionId },
          ExpressionAttributeValues: marshall({ ':id': id }),
          ConsistentRead: true,
        }),
      );
      const seats = await Promise.all(
        players.map((userId) =>
          client.send(
            new GetItemCommand({
              TableName: tables.gamesTable,
              Key: marshall({ [GAMES.gameSessionId]: seatKey(id, userId) }),
              ConsistentRead: true,
            }),
          ),
        ),
      );
      return (log.Items?.length ?? 0) + seats.filter((seat) => seat.Item !== undefined).length;
    },
  };
}
