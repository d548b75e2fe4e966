import { describe, expect, it } from 'vitest';
import { liarsDice } from '../../games/liars-dice.js';
import { rockPaperScissors } from '../../games/rock-paper-scissors.js';
import { ticTacToe } from '../../games/tic-tac-toe.js';
import { MoveRefused, testMatch } from '../../src/testing/index.js';

describe('testMatch: a typed match for rules tests', () => {
  it('seats the players, which starts the match, and plays moves in turn', () => {
    const match = testMatch(ticTacToe, { players: ['ann', 'bob'] });
    expect(match.status).toBe('running');
    expect(match.currentPlayer).toBe('ann');
    const state = match.play('ann', 'place', { cell: 4 });
    expect(state.board[4]).toBe('X');
    expect(match.currentPlayer).toBe('bob');
    for (const [player, cell] of [
      ['bob', 0],
      ['ann', 3],
      ['bob', 1],
      ['ann', 5],
    ] as const) {
      match.play(player, 'place', { cell });
    }
    expect(match.status).toBe('finished');
    expect(match.result).toEqual({ winners: ['ann'] });
    expect(match.currentPlayer).toBeNull();
  });

  it('throws a refusal from play, with its code, and leaves the match as it was', () => {
    const match = testMatch(ticTacToe, { players: ['ann', 'bob'] });
    match.play('ann', 'place', { cell: 4 });
    const before = match.match;
    const thrown = (() => {
      try {
        match.play('bob', 'place', { cell: 4 });
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(MoveRefused);
    expect((thrown as MoveRefused).refusal.code).toBe('invalid_move');
    expect((thrown as MoveRefused).message).toBe(
      'bob: place {"cell":4} was refused: invalid_move: cell 4 is already taken',
    );
    expect(match.match).toBe(before);
  });

  it('answers refusals from attempt as values: out of turn, bad arguments, after the end', () => {
    const match = testMatch(ticTacToe, { players: ['ann', 'bob'] });
    const started = match.match;
    expect(match.attempt('bob', 'place', { cell: 0 })).toEqual({
      ok: false,
      error: { code: 'not_your_turn', message: 'it is not your turn' },
    });
    const bad = match.attempt('ann', 'place', { cell: 9 });
    expect(bad.ok ? undefined : bad.error.code).toBe('bad_args');
    expect(match.match).toBe(started);
    for (const [player, cell] of [
      ['ann', 0],
      ['bob', 3],
      ['ann', 1],
      ['bob', 4],
      ['ann', 2],
    ] as const) {
      expect(match.attempt(player, 'place', { cell }).ok).toBe(true);
    }
    const late = match.attempt('bob', 'place', { cell: 8 });
    expect(late.ok ? undefined : late.error.code).toBe('game_not_running');
  });

  it('shows each player only their own view', () => {
    const match = testMatch(liarsDice, { players: ['ann', 'bob'], seed: 'views' });
    const ann = match.view('ann');
    expect(ann.myDice).toEqual(match.state.dice.ann);
    expect(match.view('bob').myDice).toEqual(match.state.dice.bob);
    expect(match.view(null).myDice).toBeNull();
  });

  it('draws the same dice from the same seed, and other dice from another', () => {
    const dice = (seed: string) => testMatch(liarsDice, { players: ['ann', 'bob', 'cy'], seed }).state.dice;
    expect(dice('one')).toEqual(dice('one'));
    expect(new Set([dice('one'), dice('two'), dice('three')].map((d) => JSON.stringify(d))).size).toBeGreaterThan(1);
  });

  it('keeps time: moves are made at the match’s clock, and a timeout applies once the turn’s time is up', () => {
    const match = testMatch(liarsDice, { players: ['ann', 'bob'], at: 1_000, timeControl: { turnMs: 5_000 } });
    expect(match.match.clock?.deadline).toBe(6_000);
    match.wait(2_000);
    match.play('ann', 'bid', { quantity: 1, face: 2 });
    expect(match.match.clock?.deadline).toBe(8_000);
    match.wait(4_999);
    expect(() => match.timeout()).toThrow('the timeout did not apply: not_due');
    match.wait(1);
    const timedOut = match.timeout();
    expect(timedOut.player).toBe('bob');
    expect(timedOut.outcome).toEqual({ kind: 'move', move: 'challenge', args: {} });
    expect(timedOut.state.round).toBe(2);
    const late = match.attempt(match.currentPlayer ?? 'ann', 'challenge');
    expect(late.ok ? undefined : late.error.code).toBe('invalid_move');
  });

  it('replays its log to the very same match', () => {
    const match = testMatch(liarsDice, { players: ['ann', 'bob'], at: 0 });
    match.play('ann', 'bid', { quantity: 1, face: 6 });
    match.wait(60_000);
    match.timeout();
    expect(match.log.map((step) => step.kind)).toEqual(['move', 'timeout']);
    expect(match.replay()).toEqual(match.match);
  });

  it('lets players who act at once act, and a player leave', () => {
    const match = testMatch(rockPaperScissors, { players: ['ann', 'bob'] });
    expect(match.activePlayers).toEqual(['ann', 'bob']);
    match.play('bob', 'choose', { hand: 'rock' });
    expect(match.activePlayers).toEqual(['ann']);
    match.leave('bob');
    expect(match.status).toBe('finished');
    expect(match.result).toEqual({ winners: ['ann'] });
    expect(match.log.map((step) => step.kind)).toEqual(['move', 'leave']);
    expect(match.replay()).toEqual(match.match);
  });

  it('says why a table cannot be set up', () => {
    expect(() => testMatch(ticTacToe, { players: ['ann'] })).toThrow(
      'the test match could not be set up: bad_args: tic-tac-toe is played by 2 to 2 players',
    );
  });
});
