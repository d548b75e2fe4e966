import { randomBytes } from 'node:crypto';
import type { Clock, Logger, MoveQueue } from '../../ports/index.js';
import { deduplicationId, QueueError, silentLogger, systemClock } from '../../ports/index.js';
import type { QueuedMove } from '../../protocol/index.js';
import type { SqliteDatabase } from '../sqlite/database.js';
import { failedFrom, invokeConsumer, queueArn, type SqsConsumer, sqsRecord } from '../sqs-events.js';
import { type DeadLetter, type FifoStorage, fifoStorage, type StoredMessage } from './fifo-storage.js';

export interface FifoQueueOptions {
  readonly db: SqliteDatabase;
  /** FIFO queue names end in `.fifo`. */
  readonly name?: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Lambda's SQS event source hands at most 10 FIFO messages to one invocation. */
  readonly batchSize?: number;
  /** A redrive policy's maxReceiveCount: after this many failed receives a message is dead-lettered. */
  readonly maxReceiveCount?: number;
  readonly deduplicationWindowMs?: number;
  /** How long a failed message stays invisible before it comes back (SQS: the visibility timeout). */
  readonly redeliveryDelayMs?: number;
  /** How many groups may have a batch in the consumer at once (Lambda scales out per message group). */
  readonly maxConcurrentBatches?: number;
}

export interface SendMessage {
  readonly groupId: string;
  readonly deduplicationId: string;
  readonly body: string;
}

export interface SendResult {
  readonly messageId: string;
  /** True when the deduplication id was seen within the window: SQS accepts and drops the message. */
  readonly duplicate: boolean;
}

const FIVE_MINUTES = 5 * 60 * 1000;
const MAX_BODY_BYTES = 256 * 1024;
const FORGET_EVERY_SENDS = 100;

/**
 * An in-process queue with SQS FIFO semantics, delivering to a consumer the way Lambda's event source
 * mapping does: per message group strictly in order with at most one batch of that group in flight,
 * batches of up to 10, deduplication by id for five minutes (even after delete), and
 * ReportBatchItemFailures honoured by redelivering the failed record and every later one of its group.
 * Messages live in SQLite from `send` until they are deleted, so nothing accepted is lost by a restart.
 */
export class LocalFifoQueue {
  readonly name: string;
  readonly arn: string;
  private readonly storage: FifoStorage;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly batchSize: number;
  private readonly maxReceiveCount: number;
  private readonly windowMs: number;
  private readonly redeliveryDelayMs: number;
  private readonly maxConcurrent: number;
  private readonly groups = new Map<string, StoredMessage[]>();
  private readonly inFlight = new Set<string>();
  private readonly waitingRedelivery = new Map<string, NodeJS.Timeout>();
  /** Woken whenever a batch settles or the queue closes. */
  private settleWaiters: Array<() => void> = [];
  private consumer: SqsConsumer | undefined;
  private state: 'open' | 'closing' | 'closed' = 'open';
  private scheduled = false;
  private sends = 0;

  constructor(options: FifoQueueOptions) {
    this.name = options.name ?? 'turngate-moves.fifo';
    this.arn = queueArn(this.name);
    this.storage = fifoStorage(options.db, this.name);
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.batchSize = options.batchSize ?? 10;
    this.maxReceiveCount = options.maxReceiveCount ?? 5;
    this.windowMs = options.deduplicationWindowMs ?? FIVE_MINUTES;
    this.redeliveryDelayMs = options.redeliveryDelayMs ?? 0;
    this.maxConcurrent = options.maxConcurrentBatches ?? 8;
    for (const message of this.storage.loadPending()) this.groupOf(message.groupId).push(message);
  }

  /** Starts delivery; messages that survived a restart go first, in their original order. */
  start(consumer: SqsConsumer): void {
    this.consumer = consumer;
    this.schedule();
  }

  async send(message: SendMessage): Promise<SendResult> {
    if (this.state !== 'open') throw new QueueError(`queue ${this.name} is closed`);
    if (Buffer.byteLength(message.body) > MAX_BODY_BYTES) throw new QueueError('message body exceeds 256 KB');
    const now = this.clock.now();
    if (++this.sends % FORGET_EVERY_SENDS === 0) this.storage.forgetExpired(now);
    const outcome = await this.storage.enqueue(message, now, this.windowMs);
    if (outcome.duplicate) return { messageId: outcome.messageId, duplicate: true };
    this.groupOf(message.groupId).push(outcome.message);
    this.schedule();
    return { messageId: outcome.message.messageId, duplicate: false };
  }

  /** Messages accepted and not yet deleted (in flight included, dead letters excluded). */
  get depth(): number {
    let depth = 0;
    for (const messages of this.groups.values()) depth += messages.length;
    return depth;
  }

  deadLetters(): DeadLetter[] {
    return this.storage.deadLetters();
  }

  /** Resolves once every accepted message has been delivered and deleted or dead-lettered. */
  async drain(): Promise<void> {
    while (!this.isIdle() && this.state === 'open') await this.nextSettle();
  }

  /** Stops taking messages, lets batches in the consumer finish, and keeps the rest for the next start. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closing';
    for (const timer of this.waitingRedelivery.values()) clearTimeout(timer);
    this.waitingRedelivery.clear();
    this.wakeSettleWaiters();
    while (this.inFlight.size > 0) await this.nextSettle();
    this.state = 'closed';
  }

  private groupOf(groupId: string): StoredMessage[] {
    let messages = this.groups.get(groupId);
    if (!messages) {
      messages = [];
      this.groups.set(groupId, messages);
    }
    return messages;
  }

  /** Coalesces the sends of one tick into one pass, so messages sent together share a batch. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    if (this.state !== 'open' || !this.consumer) return;
    for (const [groupId, messages] of this.groups) {
      if (this.inFlight.size >= this.maxConcurrent) return;
      if (messages.length === 0 || this.inFlight.has(groupId) || this.waitingRedelivery.has(groupId)) continue;
      this.inFlight.add(groupId);
      void this.deliver(this.consumer, groupId, messages.slice(0, this.batchSize));
    }
  }

  private async deliver(consumer: SqsConsumer, groupId: string, batch: StoredMessage[]): Promise<void> {
    const now = this.clock.now();
    for (const message of batch) {
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
    }
    const records = batch.map((message) =>
      sqsRecord(
        {
          ...message,
          receiptHandle: randomBytes(24).toString('base64url'),
          sequenceNumber: String(message.sequence).padStart(20, '0'),
          firstReceivedAt: message.firstReceivedAt ?? now,
        },
        this.arn,
      ),
    );
    const outcome = await invokeConsumer(consumer, records);
    if (!outcome.ok)
      this.logger.error('queue_batch_failed', { queue: this.name, groupId, error: String(outcome.error) });
    const firstFailed = failedFrom(records, outcome);
    this.settle(groupId, batch.slice(0, firstFailed), batch.slice(firstFailed));
    this.inFlight.delete(groupId);
    this.wakeSettleWaiters();
    this.schedule();
  }

  /**
   * Deletes what succeeded; a failed message that has been received maxReceiveCount times goes to the
   * dead letters. As on SQS, records behind a failure were received too, so they age with it.
   */
  private settle(groupId: string, succeeded: StoredMessage[], failed: StoredMessage[]): void {
    const dead = failed.filter((message) => message.receiveCount >= this.maxReceiveCount);
    this.storage.settle(
      succeeded,
      dead,
      failed.filter((message) => !dead.includes(message)),
    );
    const gone = new Set([...succeeded, ...dead]);
    const remaining = this.groupOf(groupId).filter((message) => !gone.has(message));
    if (remaining.length === 0) this.groups.delete(groupId);
    else this.groups.set(groupId, remaining);
    for (const message of dead) {
      this.logger.warn('queue_dead_letter', { queue: this.name, groupId, messageId: message.messageId });
    }
    if (failed.length > dead.length && this.redeliveryDelayMs > 0) this.delayGroup(groupId);
  }

  /** The failed messages stay invisible for the visibility timeout; the group waits behind them. */
  private delayGroup(groupId: string): void {
    const timer = setTimeout(() => {
      this.waitingRedelivery.delete(groupId);
      this.schedule();
    }, this.redeliveryDelayMs);
    timer.unref();
    this.waitingRedelivery.set(groupId, timer);
  }

  private isIdle(): boolean {
    return this.inFlight.size === 0 && this.groups.size === 0;
  }

  private nextSettle(): Promise<void> {
    return new Promise((resolve) => this.settleWaiters.push(resolve));
  }

  private wakeSettleWaiters(): void {
    const waiters = this.settleWaiters;
    this.settleWaiters = [];
    for (const wake of waiters) wake();
  }
}

/** The MoveQueue port over the local FIFO queue: one message group per game, dedup per user and move id. */
export function localMoveQueue(queue: LocalFifoQueue): MoveQueue {
  return {
    async send(move: QueuedMove) {
      await queue.send({
        groupId: move.gameSessionId,
        deduplicationId: deduplicationId(move),
        body: JSON.stringify(move),
      });
    },
  };
}

export type { DeadLetter };
