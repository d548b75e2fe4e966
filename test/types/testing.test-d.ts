import { describe, expectTypeOf, it } from 'vitest';
import { type LiarsDiceState, type LiarsDiceView, liarsDice } from '../../games/liars-dice.js';
import { type TicTacToeState, ticTacToe } from '../../games/tic-tac-toe.js';
import type { EngineErrorCode, GameResult } from '../../src/engine/index.js';
import { type Attempt, type Refusal, testMatch } from '../../src/testing/index.js';

describe('turngate/testing types every call by the game', () => {
  const game = testMatch(ticTacToe, { players: ['ann', 'bob'] });
  const dice = testMatch(liarsDice, { players: ['ann', 'bob', 'cy'], seed: 'types', at: 1_000 });

  it('answers the game’s own state, view and refusal codes', () => {
    expectTypeOf(game.play('ann', 'place', { cell: 4 })).toEqualTypeOf<TicTacToeState>();
    expectTypeOf(game.state).toEqualTypeOf<TicTacToeState>();
    expectTypeOf(dice.play('ann', 'bid', { quantity: 2, face: 3 })).toEqualTypeOf<LiarsDiceState>();
    expectTypeOf(dice.view('bob')).toEqualTypeOf<LiarsDiceView>();
    expectTypeOf(game.attempt('bob', 'place', { cell: 4 })).toEqualTypeOf<Attempt<TicTacToeState>>();
    expectTypeOf<Refusal['code']>().toEqualTypeOf<EngineErrorCode>();
    expectTypeOf(game.currentPlayer).toEqualTypeOf<'ann' | 'bob' | null>();
    expectTypeOf(game.result).toEqualTypeOf<GameResult | null>();
  });

  it('narrows an attempt to its state or its refusal', () => {
    const attempted = game.attempt('ann', 'place', { cell: 0 });
    if (attempted.ok) expectTypeOf(attempted.state.board).toEqualTypeOf<TicTacToeState['board']>();
    else expectTypeOf(attempted.error.code).toEqualTypeOf<EngineErrorCode>();
  });

  it('lets a move whose schema takes an empty object be played without arguments', () => {
    expectTypeOf(dice.play).toBeCallableWith('bob', 'challenge');
  });

  it('refuses a misspelled move, wrong arguments and a player not at the table, at compile time', () => {
    const check = (): void => {
      // @ts-expect-error: tic-tac-toe has no move "plaice"
      game.play('ann', 'plaice', { cell: 4 });
      // @ts-expect-error: `cell` is a number
      game.play('ann', 'place', { cell: '4' });
      // @ts-expect-error: `cell` is required
      game.play('ann', 'place', {});
      // @ts-expect-error: place needs its arguments
      game.play('ann', 'place');
      // @ts-expect-error: a bid needs its face
      dice.attempt('ann', 'bid', { quantity: 2 });
      // @ts-expect-error: carol is not at this table
      game.play('carol', 'place', { cell: 4 });
      // @ts-expect-error: the state has no `cells`
      void game.play('ann', 'place', { cell: 1 }).cells;
    };
    expectTypeOf(check).toBeFunction();
  });
});
