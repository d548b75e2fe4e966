import { describe, expect, it } from 'vitest';
import { liarsDice } from '../../games/liars-dice.js';
import { ticTacToe } from '../../games/tic-tac-toe.js';
import { createMatch, finishMatch, type Match, seatPlayer, startMatch } from '../../src/engine/index.js';
import { accepted, rejected } from './helpers.js';

const waiting = (seats?: number): Match =>
  accepted(createMatch(liarsDice, seats === undefined ? { seed: 's' } : { seed: 's', seats }));

const seatAll = (match: Match, players: readonly string[]): Match =>
  players.reduce((current, player) => accepted(seatPlayer(liarsDice, current, player)), match);

describe('createMatch', () => {
  it('creates an empty waiting match with the game’s minimum seats by default', () => {
    const match = waiting();
    expect(match).toMatchObject({
      game: 'liars-dice',
      status: 'waiting',
      seats: 2,
      players: [],
      state: null,
      currentPlayer: null,
      turn: 0,
      result: null,
      seed: 's',
    });
  });

  it.each([2, 3, 4])('accepts %i seats, within the game’s bounds', (seats) => {
    expect(waiting(seats).seats).toBe(seats);
  });

  it.each([0, 1, 5, 2.5, Number.NaN, -2])('refuses %d seats as bad_args', (seats) => {
    const error = rejected(createMatch(liarsDice, { seed: 's', seats }));
    expect(error.code).toBe('bad_args');
    expect(error.message).toMatch(/2 to 4 players/);
  });

  it('has drawn no random numbers yet; starting draws exactly what setup rolls', () => {
    const created = accepted(createMatch(liarsDice, { seed: 'same', seats: 3 }));
    expect(created.randomState).toBe(0);
    const started = seatAll(created, ['a', 'b', 'c']);
    expect(started.randomState).toBe(3 * 3);
    const ticTacToeMatch = accepted(createMatch(ticTacToe, { seed: 'same' }));
    const ticTacToeStarted = ['a', 'b'].reduce((m, p) => accepted(seatPlayer(ticTacToe, m, p)), ticTacToeMatch);
    expect(ticTacToeStarted.randomState).toBe(0);
  });
});

describe('seatPlayer', () => {
  it('seats players in arrival order and bumps the version', () => {
    const empty = waiting(3);
    const one = accepted(seatPlayer(liarsDice, empty, 'a'));
    expect(one.players).toEqual(['a']);
    expect(one.status).toBe('waiting');
    expect(one.version).toBe(empty.version + 1);
    expect(empty.players).toEqual([]);
  });

  it('is idempotent: seating a seated player returns the match unchanged', () => {
    const one = seatAll(waiting(3), ['a']);
    expect(accepted(seatPlayer(liarsDice, one, 'a'))).toBe(one);
    const running = seatAll(waiting(2), ['a', 'b']);
    expect(accepted(seatPlayer(liarsDice, running, 'b'))).toBe(running);
  });

  it('starts the match by itself when the last seat is taken', () => {
    const full = seatAll(waiting(3), ['a', 'b', 'c']);
    expect(full.status).toBe('running');
    expect(full.currentPlayer).toBe('a');
    expect(full.turn).toBe(1);
    expect(full.state).not.toBeNull();
    // Two seats plus the start: each change of the record is one version.
    expect(full.version).toBe(waiting(3).version + 4);
  });

  it('refuses a newcomer at a full table with match_full', () => {
    const full = seatAll(waiting(2), ['a', 'b']);
    expect(rejected(seatPlayer(liarsDice, full, 'c')).code).toBe('match_full');
  });

  it('refuses a newcomer once a match with free seats was started early, or finished', () => {
    const early = accepted(startMatch(liarsDice, seatAll(waiting(4), ['a', 'b'])));
    expect(rejected(seatPlayer(liarsDice, early, 'c'))).toMatchObject({ code: 'game_not_running' });
    const over = finishMatch(seatAll(waiting(4), ['a']), { draw: true });
    expect(rejected(seatPlayer(liarsDice, over, 'c'))).toMatchObject({
      code: 'game_not_running',
      message: expect.stringMatching(/over/),
    });
  });
});

describe('startMatch', () => {
  it('refuses to start with fewer players than the game’s minimum', () => {
    const error = rejected(startMatch(liarsDice, seatAll(waiting(3), ['a'])));
    expect(error.code).toBe('not_enough_players');
    expect(error.message).toMatch(/at least 2/);
  });

  it('starts on request with the players seated so far', () => {
    const seated = seatAll(waiting(4), ['a', 'b', 'c']);
    const started = accepted(startMatch(liarsDice, seated));
    expect(started).toMatchObject({ status: 'running', currentPlayer: 'a', turn: 1, version: seated.version + 1 });
    expect(Object.keys((started.state as { dice: object }).dice)).toEqual(['a', 'b', 'c']);
    expect(seated.status).toBe('waiting');
  });

  it('is idempotent on a running match', () => {
    const running = seatAll(waiting(2), ['a', 'b']);
    expect(accepted(startMatch(liarsDice, running))).toBe(running);
  });

  it('refuses to restart a finished match', () => {
    const over = finishMatch(seatAll(waiting(2), ['a', 'b']), { winners: ['a'] });
    expect(rejected(startMatch(liarsDice, over)).code).toBe('game_not_running');
  });

  it('sets up the same state from the same seed and players', () => {
    const start = (seed: string): Match => {
      const created = accepted(createMatch(liarsDice, { seed, seats: 3 }));
      return seatAll(created, ['a', 'b', 'c']);
    };
    expect(start('x')).toEqual(start('x'));
    expect(start('x').state).not.toEqual(start('y').state);
  });
});

describe('finishMatch', () => {
  it('finishes with a result and no current player', () => {
    const running = accepted(createMatch(ticTacToe, { seed: 's' }));
    const over = finishMatch(running, { draw: true });
    expect(over).toMatchObject({ status: 'finished', result: { draw: true }, currentPlayer: null });
    expect(over.version).toBe(running.version + 1);
  });

  it('is idempotent: a finished match keeps its first result and version', () => {
    const over = finishMatch(seatAll(waiting(2), ['a', 'b']), { winners: ['a'] });
    const again = finishMatch(over, { winners: ['b'] });
    expect(again).toBe(over);
    expect(again.result).toEqual({ winners: ['a'] });
  });
});
