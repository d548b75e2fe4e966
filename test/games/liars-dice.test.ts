import { describe, expect, it } from 'vitest';
import { DICE_PER_PLAYER, FACES, type LiarsDiceState, liarsDice } from '../../games/liars-dice.js';
import { applyMove, type Match, viewFor } from '../../src/engine/index.js';
import { accepted, play, rejected, request, runningMatch, type Step } from '../engine/helpers.js';

const state = (match: Match): LiarsDiceState => match.state as LiarsDiceState;
const bid = (player: string, quantity: number, face: number): Step => [player, 'bid', { quantity, face }];
const challenge = (player: string): Step => [player, 'challenge', {}];

/** A running match whose dice are set by the test, so outcomes do not depend on the seed. */
function withDice(dice: Record<string, number[]>, current?: string): Match {
  const players = Object.keys(dice);
  const match = runningMatch(liarsDice, players);
  const first = current ?? (players[0] as string);
  return {
    ...match,
    currentPlayer: first,
    activePlayers: [first],
    state: { ...state(match), dice, roundStarter: first },
  };
}

describe('liars-dice setup', () => {
  it('rolls each seated player their dice from the seeded source, and the first seat opens', () => {
    const match = runningMatch(liarsDice, ['a', 'b', 'c'], 'seed-1');
    const { dice, bid, round, roundStarter, lastReveal } = state(match);
    expect(Object.keys(dice)).toEqual(['a', 'b', 'c']);
    for (const hand of Object.values(dice)) {
      expect(hand).toHaveLength(DICE_PER_PLAYER);
      for (const value of hand) expect(value).toSatisfy((v: number) => Number.isInteger(v) && v >= 1 && v <= FACES);
      expect([...hand].sort((x, y) => x - y)).toEqual(hand);
    }
    expect({ bid, round, roundStarter, lastReveal }).toEqual({
      bid: null,
      round: 1,
      roundStarter: 'a',
      lastReveal: null,
    });
    expect(match.currentPlayer).toBe('a');
  });

  it('rolls the same dice for the same seed and different dice for other seeds', () => {
    const dice = (seed: string) => state(runningMatch(liarsDice, ['a', 'b', 'c', 'd'], seed)).dice;
    expect(dice('s1')).toEqual(dice('s1'));
    const seeds = ['s1', 's2', 's3', 's4', 's5'];
    expect(new Set(seeds.map((seed) => JSON.stringify(dice(seed)))).size).toBeGreaterThan(1);
  });
});

describe('liars-dice bids', () => {
  it('records a bid with its bidder and passes the turn round robin', () => {
    const match = play(liarsDice, withDice({ a: [1, 2, 3], b: [4, 5, 6], c: [1, 1, 1] }), [bid('a', 2, 3)]);
    expect(state(match).bid).toEqual({ bidder: 'a', quantity: 2, face: 3 });
    expect(match.currentPlayer).toBe('b');
    const later = play(liarsDice, match, [bid('b', 3, 3), bid('c', 4, 1)]);
    expect(later.currentPlayer).toBe('a');
    expect(state(later).bid).toEqual({ bidder: 'c', quantity: 4, face: 1 });
  });

  it.each([
    ['a higher quantity, any face', 3, 1],
    ['the same quantity with a higher face', 2, 4],
  ])('accepts %s', (_name, quantity, face) => {
    const match = play(liarsDice, withDice({ a: [1, 2, 3], b: [4, 5, 6] }), [bid('a', 2, 3)]);
    expect(accepted(applyMove(liarsDice, match, request('b', 'bid', { quantity, face }))).status).toBe('running');
  });

  it.each([
    ['the same bid', 2, 3],
    ['the same quantity with a lower face', 2, 2],
    ['a lower quantity with a higher face', 1, 6],
  ])('refuses %s: a bid must beat the last', (_name, quantity, face) => {
    const match = play(liarsDice, withDice({ a: [1, 2, 3], b: [4, 5, 6] }), [bid('a', 2, 3)]);
    const error = rejected(applyMove(liarsDice, match, request('b', 'bid', { quantity, face })));
    expect(error).toEqual({ code: 'invalid_move', message: 'a bid must beat 2 × 3' });
  });

  it('refuses a bid on more dice than are on the table', () => {
    const match = withDice({ a: [1, 2], b: [4, 5, 6], c: [] });
    const error = rejected(applyMove(liarsDice, match, request('a', 'bid', { quantity: 6, face: 2 })));
    expect(error).toEqual({ code: 'invalid_move', message: 'there are only 5 dice on the table' });
    expect(accepted(applyMove(liarsDice, match, request('a', 'bid', { quantity: 5, face: 2 }))).version).toBe(
      match.version + 1,
    );
  });

  it.each([
    ['face 0', { quantity: 1, face: 0 }],
    ['face 7', { quantity: 1, face: 7 }],
    ['quantity 0', { quantity: 0, face: 2 }],
    ['a fractional quantity', { quantity: 1.5, face: 2 }],
    ['numbers as strings', { quantity: '1', face: '2' }],
    ['no face', { quantity: 1 }],
    ['null', null],
    ['an array', [1, 2]],
  ])('refuses a bid with %s as bad_args', (_name, args) => {
    const error = rejected(applyMove(liarsDice, withDice({ a: [1], b: [2] }), request('a', 'bid', args)));
    expect(error.code).toBe('bad_args');
  });
});

describe('liars-dice challenges', () => {
  it('refuses a challenge before any bid', () => {
    const error = rejected(applyMove(liarsDice, withDice({ a: [1], b: [2] }), request('a', 'challenge', {})));
    expect(error).toEqual({ code: 'invalid_move', message: 'there is no bid to challenge yet' });
  });

  it.each([
    ['extra keys', { x: 1 }],
    ['null', null],
    ['no args', undefined],
  ])('refuses a challenge with %s as bad_args', (_name, args) => {
    const match = play(liarsDice, withDice({ a: [1], b: [2] }), [bid('a', 1, 1)]);
    expect(rejected(applyMove(liarsDice, match, request('b', 'challenge', args))).code).toBe('bad_args');
  });

  it('costs the bidder a die when the bid fails, reveals the dice, and the loser opens the next round', () => {
    const dice = { a: [2, 2, 5], b: [1, 2, 6], c: [3, 4, 6] };
    const before = play(liarsDice, withDice(dice), [bid('a', 3, 2), bid('b', 3, 6)]);
    const after = play(liarsDice, before, [challenge('c')]);
    const next = state(after);
    expect(next.lastReveal).toEqual({
      challenger: 'c',
      bid: { bidder: 'b', quantity: 3, face: 6 },
      dice,
      count: 2,
      loser: 'b',
    });
    // The bid was 3 sixes and only 2 were showing: the bidder, b, loses.
    expect(Object.fromEntries(Object.entries(next.dice).map(([p, d]) => [p, d.length]))).toEqual({ a: 3, b: 2, c: 3 });
    expect(next).toMatchObject({ bid: null, round: 2, roundStarter: 'b' });
    expect(after.currentPlayer).toBe('b');
  });

  it('costs the challenger a die when the bid holds, who then opens the next round', () => {
    const dice = { a: [2, 2, 5], b: [1, 2, 6], c: [3, 4, 6] };
    const after = play(liarsDice, withDice(dice), [bid('a', 3, 2), challenge('b')]);
    const next = state(after);
    // Three twos were bid and three are showing: the challenger, b, loses.
    expect(next.lastReveal).toMatchObject({ challenger: 'b', count: 3, loser: 'b' });
    expect(next.dice.b).toHaveLength(2);
    expect(next.dice.a).toHaveLength(3);
    expect(after.currentPlayer).toBe('b');
  });

  it('rerolls every remaining die from the seeded source, the same way on every replay', () => {
    const steps = [bid('a', 3, 2), challenge('b')];
    const first = play(liarsDice, withDice({ a: [2, 2, 5], b: [1, 2, 6] }), steps);
    const again = play(liarsDice, withDice({ a: [2, 2, 5], b: [1, 2, 6] }), steps);
    expect(first).toEqual(again);
    expect(first.randomState).not.toBe(withDice({ a: [2, 2, 5], b: [1, 2, 6] }).randomState);
  });

  it('skips eliminated players when passing the turn', () => {
    const match = withDice({ a: [1, 2], b: [], c: [3], d: [] });
    const afterA = play(liarsDice, match, [bid('a', 1, 1)]);
    expect(afterA.currentPlayer).toBe('c');
    const afterC = play(liarsDice, afterA, [bid('c', 2, 1)]);
    expect(afterC.currentPlayer).toBe('a');
    expect(rejected(applyMove(liarsDice, afterC, request('b', 'bid', { quantity: 3, face: 1 }))).code).toBe(
      'not_your_turn',
    );
  });

  it('passes the next round to the next player with dice when the loser is eliminated', () => {
    const dice = { a: [4, 4], b: [], c: [6], d: [1] };
    // c bids two sixes holding the only six: c loses its last die, so d opens the next round.
    const after = play(liarsDice, withDice(dice, 'c'), [bid('c', 2, 6), challenge('d')]);
    expect(state(after).dice.c).toEqual([]);
    expect(state(after).roundStarter).toBe('d');
    expect(after.currentPlayer).toBe('d');
    expect(after.status).toBe('running');
  });

  it('ends when one player has dice left, who wins; no move is accepted after', () => {
    const match = withDice({ a: [2], b: [5], c: [] });
    const end = play(liarsDice, match, [bid('a', 1, 5), challenge('b')]);
    expect(end).toMatchObject({ status: 'finished', result: { winners: ['a'] }, currentPlayer: null });
    for (const [player, move, args] of [bid('a', 1, 1), challenge('b'), challenge('a')]) {
      expect(rejected(applyMove(liarsDice, end, request(player, move, args))).code).toBe('game_not_running');
    }
  });
});

describe('liars-dice refusals before the rules run', () => {
  const match = withDice({ a: [1, 2, 3], b: [4, 5, 6] });

  it('refuses an unseated player', () => {
    expect(rejected(applyMove(liarsDice, match, request('zed', 'bid', { quantity: 1, face: 1 }))).code).toBe(
      'not_a_player',
    );
  });

  it('refuses a move out of turn', () => {
    expect(rejected(applyMove(liarsDice, match, request('b', 'bid', { quantity: 1, face: 1 }))).code).toBe(
      'not_your_turn',
    );
  });

  it.each(['raise', 'Bid', 'hasOwnProperty', '__proto__'])('refuses the unknown move %j', (move) => {
    expect(rejected(applyMove(liarsDice, match, request('a', move, {}))).code).toBe('unknown_move');
  });

  it('refuses any move before the match starts', () => {
    const notStarted: Match = { ...match, status: 'waiting', state: null, currentPlayer: null };
    expect(rejected(applyMove(liarsDice, notStarted, request('a', 'bid', { quantity: 1, face: 1 })))).toEqual({
      code: 'game_not_running',
      message: 'the game has not started',
    });
  });
});

describe('liars-dice views', () => {
  const match = play(liarsDice, withDice({ a: [1, 2, 3], b: [4, 5, 6], c: [] }), [bid('a', 2, 3)]);

  it('shows a player their own dice, everyone’s dice counts and the bid', () => {
    expect(viewFor(liarsDice, match, 'b')).toEqual({
      myDice: [4, 5, 6],
      diceCounts: { a: 3, b: 3, c: 0 },
      bid: { bidder: 'a', quantity: 2, face: 3 },
      round: 1,
      lastReveal: null,
    });
  });

  it('shows spectators and strangers no dice at all', () => {
    for (const viewer of [null, 'stranger']) {
      expect(viewFor(liarsDice, match, viewer)).toEqual({
        myDice: null,
        diceCounts: { a: 3, b: 3, c: 0 },
        bid: { bidder: 'a', quantity: 2, face: 3 },
        round: 1,
        lastReveal: null,
      });
    }
  });
});
