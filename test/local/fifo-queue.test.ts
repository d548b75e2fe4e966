import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalFifoQueue, localMoveQueue } from '../../src/local/queue/fifo-queue.js';
import { IN_MEMORY, openDatabase, type SqliteDatabase } from '../../src/local/sqlite/database.js';
import { type QueuedMove, queuedMoveSchema } from '../../src/protocol/index.js';
import { describeMoveQueueContract } from '../contracts/move-queue.contract.js';

class ManualClock {
  constructor(public ms = 1_700_000_000_000) {}
  now = () => this.ms;
}

const databases: SqliteDatabase[] = [];
function freshQueue(options: Partial<ConstructorParameters<typeof LocalFifoQueue>[0]> = {}) {
  const db = options.db ?? openDatabase(IN_MEMORY);
  databases.push(db);
  return new LocalFifoQueue({ db, ...options });
}
afterEach(() => {
  for (const db of databases.splice(0)) if (db.open) db.close();
});

/** A consumer that records what it saw and answers per batch from a script. */
function recorder(answer: (event: SQSEvent, call: number) => SQSBatchResponse | undefined = () => undefined) {
  const batches: SQSRecord[][] = [];
  const consumer = async (event: SQSEvent) => {
    batches.push(event.Records);
    await new Promise((resolve) => setImmediate(resolve));
    return answer(event, batches.length);
  };
  const bodies = () => batches.flat().map((record) => record.body);
  return { batches, consumer, bodies };
}

const message = (groupId: string, id: string, body = id) => ({ groupId, deduplicationId: `${groupId}:${id}`, body });

describe('LocalFifoQueue', () => {
  it('delivers each group in send order, one batch per group at a time, batches of at most 10', async () => {
    const queue = freshQueue();
    const inFlight = new Set<string>();
    const overlaps: string[] = [];
    const seen: SQSRecord[] = [];
    queue.start(async (event) => {
      const group = event.Records[0]?.attributes.MessageGroupId ?? '';
      if (event.Records.some((record) => record.attributes.MessageGroupId !== group)) overlaps.push('mixed');
      if (inFlight.has(group)) overlaps.push(group);
      inFlight.add(group);
      seen.push(...event.Records);
      expect(event.Records.length).toBeLessThanOrEqual(10);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight.delete(group);
      return { batchItemFailures: [] };
    });
    // Three senders per group, interleaved and concurrent, each sending its own numbered sequence.
    const groups = ['g1', 'g2', 'g3'];
    await Promise.all(
      groups.flatMap((group) =>
        ['a', 'b', 'c'].map(async (sender) => {
          for (let n = 0; n < 15; n++) await queue.send(message(group, `${sender}${n}`));
        }),
      ),
    );
    await queue.drain();
    expect(overlaps).toEqual([]);
    expect(seen).toHaveLength(135);
    for (const group of groups) {
      const ofGroup = seen.filter((record) => record.attributes.MessageGroupId === group);
      const sequences = ofGroup.map((record) => record.attributes.SequenceNumber ?? '');
      expect(sequences).toEqual([...sequences].sort());
      for (const sender of ['a', 'b', 'c']) {
        const order = ofGroup.map((record) => record.body).filter((body) => body.startsWith(sender));
        expect(order).toEqual(Array.from({ length: 15 }, (_, n) => `${sender}${n}`));
      }
    }
  });

  it('hands over SQS-shaped records with the FIFO attributes as strings', async () => {
    const clock = new ManualClock();
    const queue = freshQueue({ clock, name: 'moves.fifo' });
    const { batches, consumer } = recorder();
    await queue.send(message('game-1', 'm1', '{"x":1}'));
    queue.start(consumer);
    await queue.drain();
    const record = batches[0]?.[0];
    expect(record).toMatchObject({
      body: '{"x":1}',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:moves.fifo',
      awsRegion: 'us-east-1',
      messageAttributes: {},
      attributes: {
        ApproximateReceiveCount: '1',
        MessageGroupId: 'game-1',
        MessageDeduplicationId: 'game-1:m1',
        SentTimestamp: String(clock.ms),
        ApproximateFirstReceiveTimestamp: String(clock.ms),
      },
    });
    expect(record?.attributes.SequenceNumber).toMatch(/^\d{20}$/);
    expect(record?.md5OfBody).toBe('ac3ef48caa08fa3ed5e025da69edc645');
    expect(record?.messageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('drops a repeated deduplication id within five minutes, even after the first was deleted', async () => {
    const clock = new ManualClock();
    const queue = freshQueue({ clock });
    const { consumer, bodies } = recorder();
    queue.start(consumer);
    const first = await queue.send(message('g', 'm1', 'first'));
    await queue.drain();
    clock.ms += 5 * 60 * 1000 - 1;
    const again = await queue.send(message('g', 'm1', 'again'));
    expect(again).toEqual({ messageId: first.messageId, duplicate: true });
    await queue.drain();
    expect(bodies()).toEqual(['first']);

    clock.ms += 1;
    const later = await queue.send(message('g', 'm1', 'later'));
    expect(later.duplicate).toBe(false);
    await queue.drain();
    expect(bodies()).toEqual(['first', 'later']);
  });

  it('redelivers a reported failure and every later record of its group, in order', async () => {
    const queue = freshQueue();
    const { batches, consumer } = recorder((event, call) =>
      call === 1 ? { batchItemFailures: [{ itemIdentifier: event.Records[2]?.messageId ?? '' }] } : undefined,
    );
    for (const id of ['m0', 'm1', 'm2', 'm3', 'm4']) await queue.send(message('g', id));
    queue.start(consumer);
    await queue.drain();
    expect(batches.map((batch) => batch.map((record) => record.body))).toEqual([
      ['m0', 'm1', 'm2', 'm3', 'm4'],
      ['m2', 'm3', 'm4'],
    ]);
    expect(batches[1]?.map((record) => record.attributes.ApproximateReceiveCount)).toEqual(['2', '2', '2']);
    expect(batches[1]?.[0]?.messageId).toBe(batches[0]?.[2]?.messageId);
  });

  it('redelivers the later records too when the consumer reports only the failed one', async () => {
    const queue = freshQueue();
    const { batches, consumer } = recorder((event, call) =>
      call === 1 ? { batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId ?? '' }] } : undefined,
    );
    for (const id of ['m0', 'm1', 'm2']) await queue.send(message('g', id));
    queue.start(consumer);
    await queue.drain();
    expect(batches[1]?.map((record) => record.body)).toEqual(['m1', 'm2']);
  });

  it('redelivers the whole batch when the consumer throws or names an unknown record', async () => {
    const queue = freshQueue();
    let calls = 0;
    const seen: string[][] = [];
    await queue.send(message('g', 'a'));
    await queue.send(message('g', 'b'));
    queue.start(async (event) => {
      calls += 1;
      seen.push(event.Records.map((record) => record.body));
      if (calls === 1) throw new Error('boom');
      if (calls === 2) return { batchItemFailures: [{ itemIdentifier: 'no-such-id' }] };
      return { batchItemFailures: [] };
    });
    await queue.drain();
    expect(seen).toEqual([
      ['a', 'b'],
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });

  // As on SQS, the records behind a failure are received (and counted) with it, so they reach
  // maxReceiveCount together and are dead-lettered together; the group then carries on.
  it('dead-letters after maxReceiveCount receives, with the records stuck behind, then moves on', async () => {
    const queue = freshQueue({ maxReceiveCount: 3 });
    const { bodies, consumer } = recorder((event) => {
      const poison = event.Records.find((record) => record.body === 'poison');
      return poison ? { batchItemFailures: [{ itemIdentifier: poison.messageId }] } : undefined;
    });
    await queue.send(message('g', 'ok1'));
    await queue.send(message('g', 'poison'));
    await queue.send(message('g', 'ok2'));
    queue.start(consumer);
    await queue.drain();
    await queue.send(message('g', 'ok3'));
    await queue.drain();
    expect(bodies()).toEqual(['ok1', 'poison', 'ok2', 'poison', 'ok2', 'poison', 'ok2', 'ok3']);
    expect(queue.deadLetters()).toEqual([
      expect.objectContaining({ body: 'poison', groupId: 'g', receiveCount: 3 }),
      expect.objectContaining({ body: 'ok2', groupId: 'g', receiveCount: 3 }),
    ]);
    expect(queue.depth).toBe(0);
  });

  it('keeps accepted messages across a restart and delivers them then, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'turngate-queue-'));
    try {
      const file = join(dir, 'queue.db');
      const before = openDatabase(file);
      const queue = new LocalFifoQueue({ db: before });
      await queue.send(message('g', 'm1'));
      await queue.send(message('g', 'm2'));
      await queue.close();
      before.close();

      const after = openDatabase(file);
      const restarted = new LocalFifoQueue({ db: after });
      const { bodies, consumer } = recorder();
      restarted.start(consumer);
      await restarted.drain();
      expect(bodies()).toEqual(['m1', 'm2']);
      expect((await restarted.send(message('g', 'm1'))).duplicate).toBe(true);
      await restarted.close();
      after.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses sends once closed, and close is safe to call twice', async () => {
    const queue = freshQueue();
    await queue.close();
    await queue.close();
    await expect(queue.send(message('g', 'late'))).rejects.toThrow(/closed/);
  });
});

// The port's shared contract, with the local queue delivering to a consumer that just collects.
describeMoveQueueContract('local FIFO queue (SQLite)', async () => {
  const fifo = freshQueue();
  const delivered: QueuedMove[] = [];
  fifo.start(async (event) => {
    for (const record of event.Records) delivered.push(queuedMoveSchema.parse(JSON.parse(record.body)));
    return { batchItemFailures: [] };
  });
  return {
    queue: localMoveQueue(fifo),
    async receiveAll() {
      await fifo.drain();
      return delivered.splice(0);
    },
  };
});
