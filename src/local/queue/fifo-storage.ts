import { randomUUID } from 'node:crypto';
import type { SqliteDatabase } from '../sqlite/database.js';
import { guard } from '../sqlite/database.js';
import { groupCommitFor, withoutFsync } from '../sqlite/group-commit.js';

/** A message waiting in the queue, as the scheduler keeps it in memory. */
export interface StoredMessage {
  readonly sequence: number;
  readonly messageId: string;
  readonly groupId: string;
  readonly deduplicationId: string;
  readonly body: string;
  readonly sentAt: number;
  receiveCount: number;
  firstReceivedAt: number | null;
}

export interface DeadLetter {
  readonly messageId: string;
  readonly groupId: string;
  readonly deduplicationId: string;
  readonly body: string;
  readonly receiveCount: number;
}

export type Enqueued =
  | { readonly duplicate: false; readonly message: StoredMessage }
  | { readonly duplicate: true; readonly messageId: string };

interface MessageRow {
  sequence: number;
  message_id: string;
  group_id: string;
  deduplication_id: string;
  body: string;
  sent_at: number;
  receive_count: number;
  first_received_at: number | null;
}

/**
 * The queue's durable half: every accepted message is committed to SQLite before `send` returns, so
 * a message the `move` route was told is queued survives a crash or restart and is delivered then.
 * Deduplication ids are kept in their own table for the window, even after the message is deleted,
 * as SQS does.
 */
export function fifoStorage(db: SqliteDatabase, queue: string) {
  const commits = groupCommitFor(db);
  const statements = {
    findDuplicate: db.prepare<[string, string, number], { message_id: string }>(
      'SELECT message_id FROM queue_deduplication WHERE queue = ? AND deduplication_id = ? AND expires_at > ?',
    ),
    remember: db.prepare(
      `INSERT INTO queue_deduplication (queue, deduplication_id, message_id, expires_at)
       VALUES (@queue, @deduplicationId, @messageId, @expiresAt)
       ON CONFLICT (queue, deduplication_id) DO UPDATE SET message_id = excluded.message_id, expires_at = excluded.expires_at`,
    ),
    insert: db.prepare(
      `INSERT INTO queue_messages (queue, message_id, group_id, deduplication_id, body, sent_at)
       VALUES (@queue, @messageId, @groupId, @deduplicationId, @body, @sentAt)`,
    ),
    forget: db.prepare<[string, number]>('DELETE FROM queue_deduplication WHERE queue = ? AND expires_at <= ?'),
    pending: db.prepare<[string], MessageRow>(
      'SELECT * FROM queue_messages WHERE queue = ? AND dead = 0 ORDER BY sequence',
    ),
    received: db.prepare<[number, number | null, number]>(
      'UPDATE queue_messages SET receive_count = ?, first_received_at = ? WHERE sequence = ?',
    ),
    delete: db.prepare<[number]>('DELETE FROM queue_messages WHERE sequence = ?'),
    kill: db.prepare<[number]>('UPDATE queue_messages SET dead = 1 WHERE sequence = ?'),
    dead: db.prepare<[string], MessageRow>(
      'SELECT * FROM queue_messages WHERE queue = ? AND dead = 1 ORDER BY sequence',
    ),
  };

  const enqueue = db.transaction(
    (message: { groupId: string; deduplicationId: string; body: string }, now: number, windowMs: number): Enqueued => {
      const duplicate = statements.findDuplicate.get(queue, message.deduplicationId, now);
      if (duplicate) return { duplicate: true, messageId: duplicate.message_id };
      const messageId = randomUUID();
      const row = { queue, messageId, ...message, sentAt: now };
      const sequence = Number(statements.insert.run(row).lastInsertRowid);
      statements.remember.run({
        queue,
        deduplicationId: message.deduplicationId,
        messageId,
        expiresAt: now + windowMs,
      });
      return {
        duplicate: false,
        message: { sequence, messageId, ...message, sentAt: now, receiveCount: 0, firstReceivedAt: null },
      };
    },
  );

  /**
   * One commit per delivered batch: deletes what succeeded, dead-letters what is spent and records the
   * receive counts of what comes back. Receives are not committed on their own (that would cost an
   * fsync per batch): after a crash a message in flight just reads as received once less. Settling
   * is not fsynced either: if a power cut loses it, the messages are delivered again and the queue
   * handler acknowledges them again without re-applying (the match remembers applied move ids).
   */
  const settle = db.transaction(
    (deleted: readonly StoredMessage[], killed: readonly StoredMessage[], retried: readonly StoredMessage[]) => {
      for (const message of deleted) statements.delete.run(message.sequence);
      for (const message of [...killed, ...retried]) {
        statements.received.run(message.receiveCount, message.firstReceivedAt, message.sequence);
      }
      for (const message of killed) statements.kill.run(message.sequence);
    },
  );

  return {
    /**
     * Committed (shared with the tick's other writes) when it resolves, but not fsynced on its own: a
     * move is only acknowledged once the match update that applies it is on disk, and that durable
     * commit carries this one with it (the WAL is written in order). A power cut before then loses a
     * move its sender never saw acknowledged, and the client resends unacknowledged moves with their
     * ids. A process crash loses nothing. This spares one of the two fsyncs left on a move's path.
     */
    enqueue: (message: { groupId: string; deduplicationId: string; body: string }, now: number, windowMs: number) =>
      commits.run('enqueue', () => enqueue(message, now, windowMs), 'lazy'),
    /** Forgets deduplication ids whose window has passed. */
    forgetExpired: (now: number) => guard('forgetDeduplication', () => statements.forget.run(queue, now).changes),
    /** Messages not yet deleted, in send order: after a restart, in-flight ones are simply visible again. */
    loadPending: (): StoredMessage[] => guard('loadQueue', () => statements.pending.all(queue)).map(toMessage),
    settle: (deleted: readonly StoredMessage[], killed: readonly StoredMessage[], retried: readonly StoredMessage[]) =>
      guard('settle', () => withoutFsync(db, () => settle(deleted, killed, retried))),
    deadLetters: (): DeadLetter[] =>
      guard('deadLetters', () => statements.dead.all(queue)).map((row) => ({
        messageId: row.message_id,
        groupId: row.group_id,
        deduplicationId: row.deduplication_id,
        body: row.body,
        receiveCount: row.receive_count,
      })),
  };
}

export type FifoStorage = ReturnType<typeof fifoStorage>;

function toMessage(row: MessageRow): StoredMessage {
  return {
    sequence: row.sequence,
    messageId: row.message_id,
    groupId: row.group_id,
    deduplicationId: row.deduplication_id,
    body: row.body,
    sentAt: row.sent_at,
    receiveCount: row.receive_count,
    firstReceivedAt: row.first_received_at,
  };
}
