import { describe, expect, it } from 'vitest';
import { liarsDice } from '../../games/liars-dice.js';
import { createMatch, seatPlayer } from '../../src/engine/index.js';
import { appliedMoveIds, errorMessage, stateMessage, viewerKey } from '../../src/handlers/messages.js';
import type { StoredMatch } from '../../src/ports/index.js';

function running(): StoredMatch {
  const created = createMatch(liarsDice, { seed: 'messages' });
  if (!created.ok) throw new Error(created.error.message);
  let match = created.value;
  for (const player of ['alice', 'bob']) {
    const seated = seatPlayer(liarsDice, match, player);
    if (!seated.ok) throw new Error(seated.error.message);
    match = seated.value;
  }
  return { id: 'm1', match, appliedMoves: [], createdAt: 1, updatedAt: 1 };
}

describe('appliedMoveIds', () => {
  it("answers the user's own move ids, oldest first", () => {
    const stored = { ...running(), appliedMoves: ['alice:a1', 'bob:b1', 'alice:a2'] };
    expect(appliedMoveIds(stored, 'alice')).toEqual(['a1', 'a2']);
    expect(appliedMoveIds(stored, 'bob')).toEqual(['b1']);
    expect(appliedMoveIds(stored, 'carol')).toEqual([]);
  });

  it('does not let a user id containing a colon claim another user’s moves', () => {
    const stored = { ...running(), appliedMoves: ['a:b:m1', 'a:m2'] };
    expect(appliedMoveIds(stored, 'a')).toEqual(['m2']);
    expect(appliedMoveIds(stored, 'a:b')).toEqual(['m1']);
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
