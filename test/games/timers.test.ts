import { describe, expect, it } from 'vitest';
import { type LiarsDiceState, liarsDice } from '../../games/liars-dice.js';
import { ticTacToe } from '../../games/tic-tac-toe.js';
import { type AnyGame, createMatch, type Match, playMove, playTimeout, seatPlayer } from '../../src/engine/index.js';
import { accepted, rejected } from '../engine/helpers.js';

const T0 = 1_700_000_000_000;

function start(game: AnyGame, players: readonly string[], timeControl?: { turnMs: number }): Match {
  let match = accepted(
    createMatch(game, { seed: 'timers', seats: players.length, ...(timeControl && { timeControl }) }),
  );
  for (const player of players) match = accepted(seatPlayer(game, match, player, T0));
  return match;
}

function timeout(game: AnyGame, match: Match, at: number) {
  const played = playTimeout(game, match, { at });
  if (!played.ok) throw new Error(`the timeout did not apply: ${played.skip}`);
  return played.value;
}

describe('tic-tac-toe per-move limit', () => {
  it('is untimed unless the match’s creator picks a limit from 1 s to a day', () => {
    expect(start(ticTacToe, ['x', 'o']).clock).toBeUndefined();
    expect(start(ticTacToe, ['x', 'o'], { turnMs: 5_000 }).clock?.deadline).toBe(T0 + 5_000);
    expect(rejected(createMatch(ticTacToe, { seed: 's', timeControl: { turnMs: 500 } })).code).toBe('bad_args');
    expect(rejected(createMatch(ticTacToe, { seed: 's', timeControl: { bankMs: 60_000 } })).message).toContain(
      'does not let a match choose bankMs',
    );
  });

  it('a player who lets the limit pass loses', () => {
    let match = start(ticTacToe, ['x', 'o'], { turnMs: 5_000 });
    match = accepted(
      playMove(ticTacToe, match, { player: 'x', move: 'place', args: { cell: 4 }, at: T0 + 1_000 }),
    ).next;
    const played = timeout(ticTacToe, match, T0 + 6_000);
    expect(played).toMatchObject({ player: 'o', outcome: { kind: 'lost' } });
    expect(played.next).toMatchObject({ status: 'finished', result: { winners: ['x'] } });
  });
});

describe('liars-dice turn limit', () => {
  it('gives every match a minute per turn unless its creator picks another', () => {
    expect(start(liarsDice, ['a', 'b']).clock?.deadline).toBe(T0 + 60_000);
    expect(start(liarsDice, ['a', 'b'], { turnMs: 10_000 }).clock?.deadline).toBe(T0 + 10_000);
  });

  it('on a timeout the rules open with the lowest bid on a random face, or challenge a standing bid', () => {
    const match = start(liarsDice, ['a', 'b', 'c']);
    const opened = timeout(liarsDice, match, T0 + 60_000);
    expect(opened.outcome).toMatchObject({ kind: 'move', move: 'bid', args: { quantity: 1 } });
    const bid = (opened.next.state as LiarsDiceState).bid;
    expect(bid).toMatchObject({ bidder: 'a', quantity: 1 });
    expect(opened.next.currentPlayer).toBe('b');

    const challenged = timeout(liarsDice, opened.next, T0 + 200_000);
    expect(challenged.outcome).toEqual({ kind: 'move', move: 'challenge', args: {} });
    expect((challenged.next.state as LiarsDiceState).lastReveal).toMatchObject({ challenger: 'b', bid });
  });
});
