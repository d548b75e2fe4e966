import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { MoveQueue } from '../../src/ports/move-queue.js';
import type { QueuedMove } from '../../src/protocol/index.js';

/** A queue under test, with a way to take out what it would deliver to the consumer. */
export interface MoveQueueHarness {
  readonly queue: MoveQueue;
  /** Every move deliverable now, in delivery order, acknowledged (deleted) as it is taken. */
  receiveAll(): Promise<readonly QueuedMove[]>;
}

/**
 * What every MoveQueue promises: intact, ordered per match, deduplicated by user and move id only.
 * `makeHarness` must give each test an empty queue.
 */
export function describeMoveQueueContract(name: string, makeHarness: () => Promise<MoveQueueHarness>): void {
  describe(`MoveQueue contract: ${name}`, () => {
    it('delivers a move intact', async () => {
      const { queue, receiveAll } = await makeHarness();
      const move = aMove({ args: { cell: 4, nested: { list: [1, 'two', null], ok: true } } });
      await queue.send(move);
      expect(await receiveAll()).toEqual([move]);
      expect(await receiveAll()).toEqual([]);
    });

    it('keeps the order of each match, whatever else is queued', async () => {
      const { queue, receiveAll } = await makeHarness();
      const [gameA, gameB] = [randomUUID(), randomUUID()];
      const sent: QueuedMove[] = [];
      for (let n = 0; n < 12; n++) {
        const move = aMove({ gameSessionId: n % 3 === 0 ? gameB : gameA, moveId: `m${n}`, receivedAt: n });
        sent.push(move);
        await queue.send(move);
      }
      const received = await receiveAll();
      const ofGame = (moves: readonly QueuedMove[], game: string) =>
        moves.filter((move) => move.gameSessionId === game).map((move) => move.moveId);
      expect(ofGame(received, gameA)).toEqual(ofGame(sent, gameA));
      expect(ofGame(received, gameB)).toEqual(ofGame(sent, gameB));
      expect(received).toHaveLength(sent.length);
    });

    it('delivers a move sent twice by the same user with the same id once', async () => {
      const { queue, receiveAll } = await makeHarness();
      const move = aMove();
      await queue.send(move);
      await queue.send({ ...move, receivedAt: move.receivedAt + 1 });
      expect((await receiveAll()).map((received) => received.moveId)).toEqual([move.moveId]);
    });

    it('drops a move sent again after the first was delivered and deleted, as SQS does for five minutes', async () => {
      const { queue, receiveAll } = await makeHarness();
      const move = aMove();
      await queue.send(move);
      expect((await receiveAll()).map((received) => received.moveId)).toEqual([move.moveId]);
      await queue.send({ ...move, receivedAt: move.receivedAt + 1 });
      expect(await receiveAll()).toEqual([]);
    });

    it('delivers two identical moves with different ids both: deduplication is not by content', async () => {
      const { queue, receiveAll } = await makeHarness();
      const first = aMove({ moveId: 'first' });
      await queue.send(first);
      await queue.send({ ...first, moveId: 'second' });
      expect((await receiveAll()).map((received) => received.moveId)).toEqual(['first', 'second']);
    });

    it('keeps apart the same move id from two users', async () => {
      const { queue, receiveAll } = await makeHarness();
      const alice = aMove({ userId: 'alice', moveId: 'same' });
      const bob = aMove({ userId: 'bob', moveId: 'same', connectionId: 'conn-bob' });
      await queue.send(alice);
      await queue.send(bob);
      expect((await receiveAll()).map((received) => received.userId)).toEqual(['alice', 'bob']);
    });
  });
}

function aMove(overrides: Partial<QueuedMove> = {}): QueuedMove {
  return {
    moveId: `move-${randomUUID().slice(0, 8)}`,
    seq: 1,
    gameSessionId: 'match-1',
    userId: 'alice',
    connectionId: 'conn-alice=',
    move: 'place',
    args: { cell: 0 },
    endpoint: { domainName: 'abc123.execute-api.us-east-1.amazonaws.com', stage: 'Dev' },
    receivedAt: 1_712_509_591_122,
    ...overrides,
  };
}
