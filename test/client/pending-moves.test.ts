import { afterEach, describe, expect, it, vi } from 'vitest';
import { TurngateError } from '../../src/client/errors.js';
import { PendingMoves } from '../../src/client/pending-moves.js';
import { EMPTY_LEDGER, ledgerReply, MOVE_WINDOW, type MoveLedger, recordOutcome } from '../../src/protocol/index.js';

/** The client's half of the exactly-once contract, without a socket: which frames leave, numbered how. */
const seqsOf = (frames: readonly string[]): number[] =>
  frames.map((frame) => (JSON.parse(frame) as { seq: number }).seq);
const idsOf = (frames: readonly string[]): string[] => frames.map((frame) => (JSON.parse(frame) as { id: string }).id);

function ledgerAfter(moves: readonly [id: string, version: number][]): MoveLedger {
  return moves.reduce((ledger, [id, version]) => recordOutcome(ledger, id, { version }), EMPTY_LEDGER);
}

describe('PendingMoves', () => {
  it('sends nothing before a sync reply says where numbering starts, then numbers from settled + 1', () => {
    const pending = new PendingMoves({ confirmTimeoutMs: 60_000 });
    void pending.add('a', 'place', { cell: 0 });
    expect(pending.takeSendable()).toEqual([]);
    expect(seqsOf(pending.applyLedger(ledgerReply(ledgerAfter([['old', 5]]))))).toEqual([2]);
  });

  it(`keeps at most ${MOVE_WINDOW} moves unconfirmed, and sends the next one when an answer frees a place`, async () => {
    const pending = new PendingMoves({ confirmTimeoutMs: 60_000 });
    const answers = Array.from({ length: MOVE_WINDOW + 2 }, (_, index) => pending.add(`m${index}`, 'step', {}));
    const first = pending.applyLedger(ledgerReply(EMPTY_LEDGER));
    expect(seqsOf(first)).toEqual(Array.from({ length: MOVE_WINDOW }, (_, index) => index + 1));
    expect(pending.takeSendable()).toEqual([]);

    pending.resolve('m0', { id: 'm0', seq: 1, version: 10 });
    await expect(answers[0]).resolves.toEqual({ id: 'm0', seq: 1, version: 10 });
    expect(idsOf(pending.takeSendable())).toEqual([`m${MOVE_WINDOW}`]);
    expect(seqsOf(pending.takeSendable())).toEqual([]);
  });

  it('after a drop, settles what the ledger lists and renumbers the rest in order', async () => {
    const pending = new PendingMoves({ confirmTimeoutMs: 60_000 });
    const applied = pending.add('applied', 'step', {});
    const refused = pending.add('refused', 'step', {});
    void pending.add('lost', 'step', {});
    pending.applyLedger(ledgerReply(EMPTY_LEDGER));
    pending.connectionLost();

    const ledger = recordOutcome(recordOutcome(EMPTY_LEDGER, 'applied', { version: 7 }), 'refused', {
      code: 'not_your_turn',
    });
    const resent = pending.applyLedger(ledgerReply(ledger));
    await expect(applied).resolves.toEqual({ id: 'applied', seq: 1, version: 7 });
    await expect(refused).rejects.toMatchObject({ code: 'not_your_turn' });
    expect(idsOf(resent)).toEqual(['lost']);
    expect(seqsOf(resent)).toEqual([3]);
  });

  it('never renumbers a move the ledger can no longer clear: its fate is reported unknown instead', async () => {
    const pending = new PendingMoves({ confirmTimeoutMs: 60_000 });
    const stale = pending.add('stale', 'step', {});
    pending.applyLedger(ledgerReply(EMPTY_LEDGER)); // sent as move 1
    pending.connectionLost();
    // Meanwhile another tab of the same player settled moves 1 … MOVE_WINDOW + 1: move 1 left the window.
    const others = Array.from({ length: MOVE_WINDOW + 1 }, (_, index): [string, number] => [`tab-${index}`, index + 2]);
    expect(pending.applyLedger(ledgerReply(ledgerAfter(others)))).toEqual([]);
    const error = await stale.catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(TurngateError);
    expect(error).toMatchObject({ code: 'move_unconfirmed' });
  });

  it('stops sending after out_of_sequence until a sync reply renumbers', () => {
    const pending = new PendingMoves({ confirmTimeoutMs: 60_000 });
    void pending.add('a', 'step', {});
    void pending.add('b', 'step', {});
    pending.applyLedger(ledgerReply(EMPTY_LEDGER));
    pending.renumber();
    void pending.add('c', 'step', {});
    expect(pending.takeSendable()).toEqual([]);
    // The server never saw move 1 (refused before it was numbered, say): all three go again from 1.
    expect(idsOf(pending.applyLedger(ledgerReply(EMPTY_LEDGER)))).toEqual(['a', 'b', 'c']);
  });

  it('holds a move answered `internal` in doubt until a ledger settles it or numbering restarts', async () => {
    const pending = new PendingMoves({ confirmTimeoutMs: 60_000 });
    const threw = pending.add('threw', 'step', {});
    const unqueued = pending.add('unqueued', 'step', {});
    pending.applyLedger(ledgerReply(EMPTY_LEDGER));
    expect(pending.inDoubt('threw')).toBe(true);
    expect(pending.inDoubt('unqueued')).toBe(true);
    expect(pending.anyInDoubt).toBe(true);
    // The rules threw on move 1 (a settled refusal); move 2 never reached the queue: it goes again as 2.
    const resent = pending.applyLedger(ledgerReply(recordOutcome(EMPTY_LEDGER, 'threw', { code: 'internal' })));
    await expect(threw).rejects.toMatchObject({ code: 'internal' });
    expect(idsOf(resent)).toEqual(['unqueued']);
    expect(seqsOf(resent)).toEqual([2]);
    pending.resolve('unqueued', { id: 'unqueued', seq: 2, version: 9 });
    await expect(unqueued).resolves.toMatchObject({ seq: 2 });
  });

  it('sends a move unanswered past its deadline again, unchanged, and only that one', () => {
    let now = 1_000;
    const pending = new PendingMoves({ confirmTimeoutMs: 60_000, now: () => now });
    void pending.add('early', 'step', {});
    const sent = pending.applyLedger(ledgerReply(EMPTY_LEDGER));
    now += 3_000;
    void pending.add('late', 'step', {});
    pending.takeSendable();
    now += 2_000;
    expect(pending.overdue(5_000)).toEqual([sent[0]]);
    // Sent again just now: its deadline starts over.
    expect(pending.overdue(5_000)).toEqual([]);
    now += 3_000;
    expect(idsOf(pending.overdue(5_000))).toEqual(['late']);
  });

  it('sends a move the ledger settled at the current version once more, so the server finishes its work', async () => {
    const pending = new PendingMoves({ confirmTimeoutMs: 60_000 });
    const moved = pending.add('moved', 'step', {});
    pending.applyLedger(ledgerReply(EMPTY_LEDGER));
    pending.connectionLost();
    const again = pending.applyLedger(ledgerReply(recordOutcome(EMPTY_LEDGER, 'moved', { version: 4 })), 4);
    await expect(moved).resolves.toEqual({ id: 'moved', seq: 1, version: 4 });
    expect(again.map((frame) => JSON.parse(frame))).toEqual([
      { action: 'move', id: 'moved', seq: 1, move: 'step', args: {} },
    ]);
    // Settled at an older version: the match moved on since, and someone's later write told everyone.
    const older = new PendingMoves({ confirmTimeoutMs: 60_000 });
    void older.add('moved', 'step', {});
    older.applyLedger(ledgerReply(EMPTY_LEDGER));
    expect(older.applyLedger(ledgerReply(recordOutcome(EMPTY_LEDGER, 'moved', { version: 4 })), 6)).toEqual([]);
  });

  describe('giving up', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('rejects a move unanswered for confirmTimeoutMs, then reports its late settlement, once', async () => {
      vi.useFakeTimers();
      const late: unknown[] = [];
      const pending = new PendingMoves({ confirmTimeoutMs: 45_000, onLateSettlement: (settled) => late.push(settled) });
      const lost = pending.add('lost', 'step', {});
      const refused = pending.add('refused', 'step', {});
      pending.applyLedger(ledgerReply(EMPTY_LEDGER));
      vi.advanceTimersByTime(45_000);
      await expect(lost).rejects.toMatchObject({ code: 'move_unconfirmed', moveId: 'lost' });
      await expect(refused).rejects.toMatchObject({ code: 'move_unconfirmed', moveId: 'refused' });
      // The fifo queue hands the first one back after its visibility timeout, and it applies: the client hears.
      pending.resolve('lost', { id: 'lost', seq: 1, version: 9 });
      const ledger = recordOutcome(recordOutcome(EMPTY_LEDGER, 'lost', { version: 9 }), 'refused', {
        code: 'not_your_turn',
      });
      pending.applyLedger(ledgerReply(ledger), 9);
      expect(late).toEqual([
        { id: 'lost', outcome: { id: 'lost', seq: 1, version: 9 } },
        { id: 'refused', outcome: expect.objectContaining({ code: 'not_your_turn', moveId: 'refused' }) },
      ]);
    });
  });
});
