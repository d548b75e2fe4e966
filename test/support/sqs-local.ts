import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { createDeduplicatingSqsServer } from '../../src/local/aws-local/sqs-deduplication.js';
import { localClientConfig } from './local-aws.js';
import { freePort } from './ports.js';

/** local-aws-sqs: SQS (JSON and query protocols, FIFO included) as an in-process HTTP server. */
export interface SqsLocal {
  readonly endpoint: string;
  readonly client: SQSClient;
  /** A fresh FIFO queue without content-based deduplication, as the move queue is deployed. */
  createFifoQueue(name?: string): Promise<string>;
  /** Receives every message available now, in delivery order, deleting each. */
  drain(queueUrl: string): Promise<Message[]>;
  stop(): Promise<void>;
}

export async function startSqsLocal(): Promise<SqsLocal> {
  const port = await freePort();
  // With SQS's five-minute deduplication, deleted messages included (src/local/aws-local/sqs-deduplication.ts).
  const server: Server = await createDeduplicatingSqsServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new SQSClient(localClientConfig(endpoint));

  async function createFifoQueue(name = `moves-${randomUUID().slice(0, 8)}`): Promise<string> {
    const output = await client.send(
      new CreateQueueCommand({
        QueueName: `${name}.fifo`,
        Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'false' },
      }),
    );
    if (!output.QueueUrl) throw new Error('CreateQueue answered no QueueUrl');
    return output.QueueUrl;
  }

  async function drain(queueUrl: string): Promise<Message[]> {
    const received: Message[] = [];
    for (;;) {
      const output = await client.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      const batch = output.Messages ?? [];
      if (batch.length === 0) return received;
      received.push(...batch);
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
        }),
      );
    }
  }

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= new Promise<void>((resolve) => {
      client.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
    return stopped;
  };
  return { endpoint, client, createFifoQueue, drain, stop };
}
