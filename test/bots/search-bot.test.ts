import { describe, expect, it } from 'vitest';
import { ticTacToe } from '../../games/tic-tac-toe.js';
import { chooseBotMove } from '../../src/bots/index.js';
import { applyMove, type GameResult, type Match, type PlayerId } from '../../src/engine/index.js';
import { accepted, runningMatch } from '../engine/helpers.js';

const GAMES = 100;

/** Plays a match out with each seat's bot choosing, every choice applied as the server would. */
function playOut(match: Match, botOf: (player: PlayerId) => string): GameResult {
  let current = match;
  while (current.status === 'running') {
    const player = current.activePlayers[0] as PlayerId;
    const chosen = chooseBotMove(ticTacToe, current, player, botOf(player));
    if (chosen === undefined) expect.fail(`${botOf(player)} found no move for ${player}`);
    current = accepted(applyMove(ticTacToe, current, { player, ...chosen }));
  }
  return current.result as GameResult;
}

describe('the search bot', () => {
  it(`wins or draws at least 95 of ${GAMES} games of tic-tac-toe against the random bot, each starting half of them`, () => {
    let lost = 0;
    for (let game = 0; game < GAMES; game++) {
      const players = game % 2 === 0 ? ['bot:mcts:1', 'bot:random:2'] : ['bot:random:1', 'bot:mcts:2'];
      const search = players.find((player) => player.includes('mcts')) as PlayerId;
      // The seed fixes every draw of both bots: the run is the same on every machine.
      const result = playOut(runningMatch(ticTacToe, players, `search-${game}`), (player) =>
        player === search ? 'mcts' : 'random',
      );
      if ('winners' in result && !result.winners.includes(search)) lost++;
    }
    expect(lost).toBeLessThanOrEqual(GAMES - 95);
  }, 300_000);

  /** Tic-tac-toe after these cells were taken in turn, ann (X) first. */
  const position = (cells: readonly number[]): Match =>
    cells.reduce<Match>(
      (match, cell, index) =>
        accepted(
          applyMove(ticTacToe, match, { player: index % 2 === 0 ? 'ann' : 'bob', move: 'place', args: { cell } }),
        ),
      runningMatch(ticTacToe, ['ann', 'bob']),
    );

  it('blocks the line the other player is about to complete', () => {
    // ann holds 0 and 1: bob must take 2.
    expect(chooseBotMove(ticTacToe, position([0, 4, 1]), 'bob', 'mcts')).toEqual({ move: 'place', args: { cell: 2 } });
  });

  it('completes its own line rather than blocking the other’s', () => {
    // ann holds 0 and 1, bob 3 and 4: ann wins at 2.
    expect(chooseBotMove(ticTacToe, position([0, 3, 1, 4]), 'ann', 'mcts')).toEqual({
      move: 'place',
      args: { cell: 2 },
    });
  });
});
