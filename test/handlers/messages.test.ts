import { describe, expect, it } from 'vitest';
import { liarsDice } from '../../games/liars-dice.js';
import { createMatch, seatPlayer } from '../../src/engine/index.js';
import { ackMessage, errorMessage, stateMessage, viewerKey } from '../../src/handlers/messages.js';
import { settleMove } from '../../src/handlers/settle-move.js';
import { type StoredMatch, silentLogger } from '../../src/ports/index.js';
import {
  EMPTY_LEDGER,
  ledgerReply,
  moveIdDigest,
  recordOutcome,
  serverMessageSchema,
} from '../../src/protocol/index.js';

function running(): StoredMatch {
  const created = createMatch(liarsDice, { seed: 'messages' });
  if (!created.ok) throw new Error(created.error.message);
  let match = created.value;
  for (const player of ['alice', 'bob']) {
    const seated = seatPlayer(liarsDice, match, player);
    if (!seated.ok) throw new Error(seated.error.message);
    match = seated.value;
  }
  return { id: 'm1', match, ledgers: {}, createdAt: 1, updatedAt: 1 };
}

describe('the ledger on a state message', () => {
  it("shows the recipient's own outcomes, oldest first, each under its seq and digest", () => {
    let ledger = recordOutcome(EMPTY_LEDGER, 'a1', { version: 4 });
    ledger = recordOutcome(ledger, 'a2', { code: 'invalid_move' });
    ledger = recordOutcome(ledger, 'a3', { version: 6 });
    const message = stateMessage(liarsDice, running(), 'alice', { ledger: ledgerReply(ledger) });
    expect(serverMessageSchema.parse(message)).toEqual(message);
    expect(message.ledger).toEqual({
      settled: 3,
      recent: [
        { seq: 1, digest: moveIdDigest('a1'), version: 4 },
        { seq: 2, digest: moveIdDigest('a2'), code: 'invalid_move' },
        { seq: 3, digest: moveIdDigest('a3'), version: 6 },
      ],
    });
    // Without one (a broadcast, or a spectator's sync reply), there is no ledger at all.
    expect(stateMessage(liarsDice, running(), 'alice')).not.toHaveProperty('ledger');
  });
});

describe('settling a move under any user id', () => {
  // Ledgers are a plain record from JSON: a seated user named after an Object.prototype member must
  // not read that member as their ledger (the record would fail and block the match's FIFO group).
  it.each(['constructor', 'toString', '__proto__'])('settles the first move of a user named %s', (userId) => {
    const created = createMatch(liarsDice, { seed: 'messages' });
    if (!created.ok) throw new Error(created.error.message);
    let match = created.value;
    for (const player of [userId, 'bob']) {
      const seated = seatPlayer(liarsDice, match, player);
      if (!seated.ok) throw new Error(seated.error.message);
      match = seated.value;
    }
    // Stores hand ledgers back parsed from JSON: an ordinary object, prototype and all.
    const stored: StoredMatch = { id: 'm1', match, ledgers: JSON.parse('{}'), createdAt: 1, updatedAt: 1 };
    const submission = { player: userId, moveId: 'x1', seq: 1, move: 'bid', args: { quantity: 1, face: 2 } };
    const settlement = settleMove(liarsDice, stored, submission, 2, silentLogger);
    expect(settlement).toMatchObject({
      kind: 'apply',
      ack: { id: 'x1', seq: 1, version: match.version + 1 },
      update: {
        settled: { player: userId, ledger: recordOutcome(EMPTY_LEDGER, 'x1', { version: match.version + 1 }) },
      },
    });
  });
});

describe('stateMessage', () => {
  it("holds the recipient's own view and nothing secret besides", () => {
    const stored = running();
    const dice = (stored.match.state as { dice: Record<string, number[]> }).dice;
    const forAlice = stateMessage(liarsDice, stored, 'alice');
    expect(forAlice).toMatchObject({ type: 'state', matchId: 'm1', status: 'running', currentPlayer: 'alice' });
    expect((forAlice.view as { myDice: number[] }).myDice).toEqual(dice.alice);
    expect(JSON.stringify(forAlice)).not.toMatch(/seed|randomState/);
    expect((stateMessage(liarsDice, stored, 'zed').view as { myDice: null }).myDice).toBeNull();
  });

  it('groups viewers: each seated player alone, every spectator together', () => {
    const { match } = running();
    expect(new Set(['alice', 'bob', 'carol', 'dave'].map((user) => viewerKey(match, user))).size).toBe(3);
  });
});

describe('ackMessage', () => {
  it('names the move, its number and the version it produced', () => {
    const ack = ackMessage('m1', 3, 7);
    expect(ack).toEqual({ type: 'ack', id: 'm1', seq: 3, version: 7 });
    expect(serverMessageSchema.parse(ack)).toEqual(ack);
  });
});

describe('errorMessage', () => {
  it('defaults to the plain-words message and names the move when there is one', () => {
    expect(errorMessage('not_your_turn')).toEqual({
      type: 'error',
      code: 'not_your_turn',
      message: 'It is not your turn.',
    });
    expect(errorMessage('bad_args', 'cell: too big', 'm1')).toEqual({
      type: 'error',
      code: 'bad_args',
      message: 'cell: too big',
      id: 'm1',
    });
  });
});
