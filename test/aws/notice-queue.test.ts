import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNoticeConsumer } from '../../src/aws/notice-consumer.js';
import { createSqsNoticeQueue } from '../../src/aws/sqs-notice-queue.js';
import { createNoticePoster, verifyNoticeWebhook } from '../../src/notify/index.js';
import type { Logger, PlayerNotice } from '../../src/ports/index.js';
import { type Receiver, startReceiver } from '../notify/receiver.js';
import { type SqsLocal, startSqsLocal } from '../support/sqs-local.js';

/**
 * Notices on AWS: the move's function puts them on a standard queue (local-aws-sqs here), and the
 * notice function takes them off and POSTs them, signed, to a webhook receiver on loopback.
 */
const secret = 'a-webhook-secret-of-at-least-32-bytes!!';
const notice = (version: number): PlayerNotice => ({
  kind: 'your_turn',
  userId: 'bob',
  matchId: `m-${version}`,
  game: 'tic-tac-toe',
  version,
});
const events: string[] = [];
const logger: Logger = { info: (event) => events.push(event), warn: () => {}, error: (event) => events.push(event) };

let sqs: SqsLocal;
let receiver: Receiver;
beforeAll(async () => {
  [sqs, receiver] = await Promise.all([startSqsLocal(), startReceiver()]);
});
afterAll(async () => {
  await Promise.all([sqs?.stop(), receiver?.stop()]);
});

describe('notices through the notice queue', () => {
  it('queues every valid notice, ten to a request, and never throws', async () => {
    const { QueueUrl } = await sqs.client.send(new CreateQueueCommand({ QueueName: 'notices-a' }));
    const queue = createSqsNoticeQueue({ client: sqs.client, queueUrl: QueueUrl ?? '', logger });
    const bad = { ...notice(1), version: 0 };
    await queue.notify([...Array.from({ length: 12 }, (_, i) => notice(i + 1)), bad]);
    const bodies = (await sqs.drain(QueueUrl ?? '')).map((message) => JSON.parse(message.Body ?? ''));
    expect(bodies.map((body) => body.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    expect(events).toContain('notify.bad_notice');

    const nowhere = createSqsNoticeQueue({ client: sqs.client, queueUrl: `${QueueUrl}-missing`, logger });
    await expect(nowhere.notify([notice(1)])).resolves.toBeUndefined();
    expect(events).toContain('notify.enqueue_failed');
  });

  it('the consumer delivers each signed, hands back what failed, and drops what was refused', async () => {
    const { QueueUrl } = await sqs.client.send(new CreateQueueCommand({ QueueName: 'notices-b' }));
    await createSqsNoticeQueue({ client: sqs.client, queueUrl: QueueUrl ?? '', logger }).notify([1, 2, 3].map(notice));
    const records = (await sqs.drain(QueueUrl ?? '')).map(
      (message) => ({ messageId: message.MessageId, body: message.Body }) as SQSRecord,
    );
    // Version 2: the receiver is down; version 3: it refuses (a wrong secret, say).
    receiver.answer = (request) => ({ 2: 503, 3: 401 })[JSON.parse(request.body).version as number] ?? 204;
    const post = createNoticePoster({
      url: receiver.url,
      secret,
      logger,
      retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
    });
    const consume = createNoticeConsumer({ post, logger });
    const response = await consume({ Records: [...records, { messageId: 'junk', body: '{"no":1}' } as SQSRecord] });

    const failedId = records.find((record) => JSON.parse(record.body).version === 2)?.messageId;
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: failedId }] });
    const delivered = receiver.received.map(({ body, headers }) =>
      verifyNoticeWebhook({ body, signature: headers['turngate-signature'], secret }),
    );
    expect(delivered.every((verified) => verified.ok)).toBe(true);
    expect(receiver.received.map(({ body }) => JSON.parse(body).version).sort()).toEqual([1, 2, 2, 3]);
    expect(events).toContain('notify.bad_record');
  });
});
