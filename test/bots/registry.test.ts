import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { exampleGames } from '../../games/index.js';
import { ticTacToe } from '../../games/tic-tac-toe.js';
import { botMoves, botNamed, botNames, chooseBotMove } from '../../src/bots/index.js';
import { defineGame, type LegalMove } from '../../src/engine/index.js';
import { runningMatch } from '../engine/helpers.js';

const counter = (options: { view?: boolean; legal?: 'unbounded'; own?: boolean } = {}) =>
  defineGame({
    name: 'counter',
    players: { min: 1, max: 2 },
    setup: () => ({ count: 0 }),
    moves: {
      add: { args: z.object({ by: z.int().min(1).max(3) }), apply: (state, { by }) => ({ count: state.count + by }) },
    },
    ...(options.view && { playerView: (state: { count: number }) => ({ count: state.count > 5 }) }),
    ...(options.legal && { legalMoves: options.legal }),
    ...(options.own && { bots: { own: { greedy: { choose: () => ({ move: 'add' as const, args: { by: 3 } }) } } } }),
  });

describe('which bots can play a game', () => {
  it('offers random and the search bot for every example game', () => {
    for (const game of exampleGames) expect(botNames(game)).toEqual(['random', 'mcts']);
  });

  it('offers no search bot for a game that hides information and cannot sample it, and no bot at all where nothing can be listed', () => {
    expect(botNames(counter({ view: true }))).toEqual(['random']);
    expect(botNames(counter({ legal: 'unbounded' }))).toEqual([]);
    expect(botNamed(counter({ legal: 'unbounded' }), 'random')).toBeUndefined();
  });

  it('offers a game’s own bot by its name, and plays it', () => {
    const game = counter({ own: true });
    expect(botNames(game)).toEqual(['random', 'mcts', 'greedy']);
    expect(chooseBotMove(game, runningMatch(game, ['bot:greedy:1']), 'bot:greedy:1', 'greedy')).toEqual({
      move: 'add',
      args: { by: 3 },
    });
    expect(botNamed(game, 'constructor')).toBeUndefined();
  });
});

describe('what a bot chooses among', () => {
  it('leaves out the moves a seat may make at any time (resign, offer a draw), unless there is nothing else', () => {
    const all: LegalMove[] = [
      { move: 'place', args: { cell: 4 } },
      { move: 'resign', args: {} },
      { move: 'offerDraw', args: {} },
    ];
    expect(botMoves(ticTacToe, all)).toEqual([{ move: 'place', args: { cell: 4 } }]);
    expect(botMoves(ticTacToe, all.slice(1))).toEqual(all.slice(1));
  });

  it('has no move out of turn, nor for a bot the game has not', () => {
    const match = runningMatch(ticTacToe, ['ann', 'bob']);
    expect(chooseBotMove(ticTacToe, match, 'ann', 'random')).toMatchObject({ move: 'place' });
    expect(chooseBotMove(ticTacToe, match, 'bob', 'random')).toBeUndefined();
    expect(chooseBotMove(ticTacToe, match, 'ann', 'nonesuch')).toBeUndefined();
  });
});
