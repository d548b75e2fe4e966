import { describe, expectTypeOf, it } from 'vitest';
import { ticTacToe } from '../../games/tic-tac-toe.js';
import { defineGame, type GameName, type GameState, type MoveName, variantOf } from '../../src/engine/index.js';

describe('a variant of a game', () => {
  it('is made with variantOf, typed by the game it comes from, under a name of its own', () => {
    const blitz = variantOf(ticTacToe, { name: 'tic-tac-toe-blitz', clock: { default: { turnMs: 5_000 } } });
    expectTypeOf<GameName<typeof blitz>>().toEqualTypeOf<'tic-tac-toe-blitz'>();
    expectTypeOf<GameState<typeof blitz>>().toEqualTypeOf<GameState<typeof ticTacToe>>();
    expectTypeOf<MoveName<typeof blitz>>().toEqualTypeOf<MoveName<typeof ticTacToe>>();
    // The changes are checked against the game's own definition: its moves for onTimeout, say.
    // @ts-expect-error: tic-tac-toe has no move "bid"
    variantOf(ticTacToe, { name: 'x', clock: { onTimeout: () => ({ move: 'bid', args: {} }) } });
  });

  it('is not made by spreading a game into defineGame (a Game is not a definition: use variantOf)', () => {
    const spread = () =>
      // @ts-expect-error: Game.clock is the engine's normalised clock, not a definition's
      defineGame({ ...ticTacToe, name: 'tic-tac-toe-blitz' });
    expectTypeOf(spread).toBeFunction();
  });
});
