import { describe, expect, it } from 'vitest';
import { ticTacToe, winningMark } from '../../games/tic-tac-toe.js';
import { applyMove, type Match, viewFor } from '../../src/engine/index.js';
import { accepted, play, rejected, request, runningMatch, type Step } from '../engine/helpers.js';

const [X, O] = ['alice', 'bob'] as const;
const start = (): Match => runningMatch(ticTacToe, [X, O]);
const place = (player: string, cell: number): Step => [player, 'place', { cell }];
const board = (match: Match): unknown => (match.state as { board: unknown }).board;

const LINES = {
  'top row': [0, 1, 2],
  'middle row': [3, 4, 5],
  'bottom row': [6, 7, 8],
  'left column': [0, 3, 6],
  'middle column': [1, 4, 7],
  'right column': [2, 5, 8],
  'main diagonal': [0, 4, 8],
  'anti diagonal': [2, 4, 6],
} as const;

/** Cells off `line` for the other player that never form a line of their own. */
function fillers(line: readonly number[], count: number): number[] {
  const chosen: number[] = [];
  for (let cell = 0; cell < 9 && chosen.length < count; cell++) {
    if (line.includes(cell)) continue;
    const trial = Array.from({ length: 9 }, (_, i) => ([...chosen, cell].includes(i) ? 'O' : null));
    if (winningMark(trial) === null) chosen.push(cell);
  }
  return chosen;
}

/** Interleaves X's and O's cells, X first, into moves. */
function alternate(xCells: readonly number[], oCells: readonly number[]): Step[] {
  return xCells.flatMap((x, i) => {
    const o = oCells[i];
    return o === undefined ? [place(X, x)] : [place(X, x), place(O, o)];
  });
}

describe('tic-tac-toe rules', () => {
  describe.each(Object.entries(LINES))('a completed %s', (_name, line) => {
    it('wins for X, who moves first', () => {
      const end = play(ticTacToe, start(), alternate(line, fillers(line, 2)));
      expect(end.status).toBe('finished');
      expect(end.result).toEqual({ winners: [X] });
      expect(end.currentPlayer).toBeNull();
    });

    it('wins for O, who moves second', () => {
      const steps = alternate(fillers(line, 3), line).slice(0, 6);
      const end = play(ticTacToe, start(), steps);
      expect(end.result).toEqual({ winners: [O] });
      expect(end.status).toBe('finished');
    });
  });

  it('ends in a draw when the board fills without a line', () => {
    const end = play(ticTacToe, start(), alternate([0, 2, 3, 7, 8], [1, 4, 5, 6]));
    expect(end.status).toBe('finished');
    expect(end.result).toEqual({ draw: true });
    expect(board(end)).toEqual(['X', 'O', 'X', 'X', 'O', 'O', 'O', 'X', 'X']);
  });

  it('counts a line completed by the last free cell as a win, not a draw', () => {
    const end = play(ticTacToe, start(), alternate([0, 2, 3, 7, 6], [1, 4, 5, 8]));
    expect(end.result).toEqual({ winners: [X] });
  });

  it('keeps the game running while nobody has a line and cells are free', () => {
    const match = play(ticTacToe, start(), alternate([0, 1], [4, 8]));
    expect(match.status).toBe('running');
    expect(match.result).toBeNull();
  });

  it('passes the turn round robin, first seat first, and counts turns and versions', () => {
    const first = start();
    expect(first.currentPlayer).toBe(X);
    expect(first.turn).toBe(1);
    const second = play(ticTacToe, first, [place(X, 4)]);
    expect(second.currentPlayer).toBe(O);
    expect(second.turn).toBe(2);
    expect(second.version).toBe(first.version + 1);
    const third = play(ticTacToe, second, [place(O, 0)]);
    expect(third.currentPlayer).toBe(X);
    expect(board(third)).toEqual(['O', null, null, null, 'X', null, null, null, null]);
  });

  it('refuses a taken cell with the rule’s reason', () => {
    const match = play(ticTacToe, start(), [place(X, 4)]);
    const error = rejected(applyMove(ticTacToe, match, request(O, 'place', { cell: 4 })));
    expect(error.code).toBe('invalid_move');
    expect(error.message).toMatch(/cell 4 is already taken/);
  });

  it.each([
    ['below the board', { cell: -1 }],
    ['above the board', { cell: 9 }],
    ['not a whole number', { cell: 1.5 }],
    ['a string', { cell: '4' }],
    ['missing', {}],
    ['null args', null],
    ['an array', [4]],
    ['a bare number', 4],
  ])('refuses a cell %s as bad_args', (_name, args) => {
    const match = start();
    const error = rejected(applyMove(ticTacToe, match, request(X, 'place', args)));
    expect(error.code).toBe('bad_args');
    expect(error.message).not.toBe('');
  });

  it('names the offending argument in a bad_args message', () => {
    const error = rejected(applyMove(ticTacToe, start(), request(X, 'place', { cell: 12 })));
    expect(error.message).toMatch(/^cell: /);
  });

  it('refuses the player whose turn it is not', () => {
    expect(rejected(applyMove(ticTacToe, start(), request(O, 'place', { cell: 0 }))).code).toBe('not_your_turn');
  });

  it('refuses someone who is not seated', () => {
    expect(rejected(applyMove(ticTacToe, start(), request('carol', 'place', { cell: 0 }))).code).toBe('not_a_player');
  });

  it.each(['move', 'Place', 'toString', '__proto__', 'constructor', ''])('refuses the unknown move %j', (move) => {
    expect(rejected(applyMove(ticTacToe, start(), request(X, move, { cell: 0 }))).code).toBe('unknown_move');
  });

  it('refuses every further move once the game is over', () => {
    const end = play(ticTacToe, start(), alternate([0, 1, 2], [3, 4]));
    expect(end.status).toBe('finished');
    for (const player of [X, O]) {
      const error = rejected(applyMove(ticTacToe, end, request(player, 'place', { cell: 8 })));
      expect(error.code).toBe('game_not_running');
    }
  });

  it('shows everyone, spectators included, the whole board', () => {
    const match = play(ticTacToe, start(), [place(X, 4)]);
    for (const viewer of [X, O, null, 'stranger']) expect(viewFor(ticTacToe, match, viewer)).toEqual(match.state);
  });

  it('accepts the same move again from the same match: applying is pure', () => {
    const match = start();
    const once = accepted(applyMove(ticTacToe, match, request(X, 'place', { cell: 0 })));
    const twice = accepted(applyMove(ticTacToe, match, request(X, 'place', { cell: 0 })));
    expect(twice).toEqual(once);
    expect(board(match)).toEqual(Array(9).fill(null));
  });
});
