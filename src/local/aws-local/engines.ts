import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { playTable } from '../../aws/play-table.js';
import { MOVES_VISIBILITY_TIMEOUT_SECONDS } from '../../aws/sqs-move-queue.js';
import { connectionsTable, gamesTable, moveLogTable } from '../../aws/tables.js';
import { createDeduplicatingSqsServer } from './sqs-deduplication.js';

/** SDK settings for loopback engines only: explicit endpoint, us-east-1, fake static credentials. */
export const localClientConfig = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

export interface RunningEngine {
  readonly endpoint: string;
  stop(): Promise<void>;
}

async function listen(server: Server): Promise<RunningEngine> {
  if (!server.listening) {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
  }
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

/** dynalite, DynamoDB's API in-process (in memory): the aws-local default when no endpoint is given. */
export async function startDynalite(): Promise<RunningEngine> {
  const require = createRequire(import.meta.url);
  const dynalite = require('dynalite') as (options: Record<string, number>) => Server;
  return listen(dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }));
}

/**
 * local-aws-sqs in-process: the aws-local default when no SQS endpoint is given. Behind a wrapper that
 * keeps deduplication ids five minutes, deleted or not, as SQS does (sqs-deduplication.ts).
 */
export async function startLocalSqs(): Promise<RunningEngine> {
  return listen(await createDeduplicatingSqsServer());
}

/** Creates the tables the CDK stack defines (src/aws/tables.ts), unless they exist already. */
export async function ensureTables(
  client: DynamoDBClient,
  names: { connections: string; games: string; moveLog: string; play: string },
) {
  const tables = [
    connectionsTable(names.connections),
    gamesTable(names.games),
    moveLogTable(names.moveLog),
    playTable(names.play),
  ];
  for (const input of tables) {
    const exists = await client.send(new DescribeTableCommand({ TableName: input.TableName })).then(
      () => true,
      () => false,
    );
    // Another process sharing the engine may create it first: that is as good.
    if (!exists) {
      await client.send(new CreateTableCommand(input)).catch((error: unknown) => {
        if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
      });
    }
  }
}

/**
 * The moves FIFO queue and its dead-letter queue, as the stack configures them: no content-based
 * deduplication (the move route sets ids), and a redrive policy after `maxReceiveCount` receives.
 */
export async function ensureMovesQueue(client: SQSClient, name: string, maxReceiveCount: number): Promise<string> {
  const dead = await client.send(
    new CreateQueueCommand({ QueueName: `${name}-dlq.fifo`, Attributes: { FifoQueue: 'true' } }),
  );
  const deadArn = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: dead.QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queue = await client.send(
    new CreateQueueCommand({
      QueueName: `${name}.fifo`,
      Attributes: {
        FifoQueue: 'true',
        ContentBasedDeduplication: 'false',
        // As the stack deploys it (infra/move-queue.ts): what a crashed consumer costs its match.
        VisibilityTimeout: String(MOVES_VISIBILITY_TIMEOUT_SECONDS),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: deadArn.Attributes?.QueueArn,
          maxReceiveCount,
        }),
      },
    }),
  );
  if (!queue.QueueUrl) throw new Error('local SQS answered no queue URL');
  return queue.QueueUrl;
}
