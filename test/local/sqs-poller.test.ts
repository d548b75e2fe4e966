import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureMovesQueue,
  localClientConfig,
  type RunningEngine,
  startLocalSqs,
} from '../../src/local/aws-local/engines.js';
import { SqsPoller } from '../../src/local/aws-local/sqs-poller.js';
import { silentLogger } from '../../src/ports/index.js';

describe('the aws-local SQS poller (Lambda event source mapping stand-in)', () => {
  let engine: RunningEngine;
  let client: SQSClient;
  beforeAll(async () => {
    engine = await startLocalSqs();
    client = new SQSClient({ ...localClientConfig, endpoint: engine.endpoint });
  });
  afterAll(async () => {
    client.destroy();
    await engine.stop();
  });

  it('keeps each group in order, one batch per group in flight, and redelivers a failure with what follows', async () => {
    const queueUrl = await ensureMovesQueue(client, `poller-${Date.now()}`, 5);
    const send = (group: string, body: string) =>
      client.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: body,
          MessageGroupId: group,
          MessageDeduplicationId: body,
        }),
      );
    for (let n = 0; n < 6; n++) {
      await send('g1', `g1-${n}`);
      await send('g2', `g2-${n}`);
    }
    const seen: string[] = [];
    const inFlight = new Set<string>();
    const overlaps: string[] = [];
    let failedOnce = false;
    const consumer = async (event: SQSEvent) => {
      const group = event.Records[0]?.attributes.MessageGroupId ?? '';
      if (inFlight.has(group)) overlaps.push(group);
      inFlight.add(group);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight.delete(group);
      const failing = failedOnce ? -1 : event.Records.findIndex((record) => record.body === 'g1-2');
      if (failing >= 0) failedOnce = true;
      const accepted = failing >= 0 ? event.Records.slice(0, failing) : event.Records;
      seen.push(...accepted.map((record) => record.body));
      return {
        batchItemFailures:
          failing >= 0 ? event.Records.slice(failing).map((record) => ({ itemIdentifier: record.messageId })) : [],
      };
    };
    const poller = new SqsPoller({
      client,
      queueUrl,
      queueArn: 'arn:aws:sqs:us-east-1:000000000000:poller.fifo',
      consumer,
      logger: silentLogger,
      redeliveryDelayMs: 0,
    });
    try {
      await poller.drain();
      await until(() => seen.length === 12);
    } finally {
      await poller.stop();
    }
    expect(failedOnce).toBe(true);
    expect(overlaps).toEqual([]);
    for (const group of ['g1', 'g2']) {
      expect(seen.filter((body) => body.startsWith(group))).toEqual(
        Array.from({ length: 6 }, (_, n) => `${group}-${n}`),
      );
    }
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
