import { describe, expectTypeOf, it } from 'vitest';
import type { LiarsDice, LiarsDiceView } from '../../games/liars-dice.js';
import type { TicTacToe, TicTacToeState } from '../../games/tic-tac-toe.js';
import type { GameClient, MatchState, MoveAck } from '../../src/client/index.js';

// Type-only: these clients never connect. `declare` gives the compiler a value to check calls against.
declare const ticTacToe: GameClient<TicTacToe>;
declare const liarsDice: GameClient<LiarsDice>;

describe('GameClient<G> maps the game definition onto typed move methods', () => {
  it('accepts the moves and arguments the game defines', () => {
    expectTypeOf(ticTacToe.move.place).parameter(0).toEqualTypeOf<{ cell: number }>();
    expectTypeOf(ticTacToe.move.place({ cell: 4 })).resolves.toEqualTypeOf<MoveAck>();
    expectTypeOf(liarsDice.move.bid).toBeCallableWith({ quantity: 2, face: 5 });
    // A move whose schema takes an empty object may be called without arguments.
    expectTypeOf(liarsDice.move.challenge).toBeCallableWith();
  });

  it('rejects unknown move names and wrong arguments at compile time', () => {
    const check = (): void => {
      // @ts-expect-error: tic-tac-toe has no move "bid"
      void ticTacToe.move.bid({ quantity: 1, face: 1 });
      // @ts-expect-error: `cell` must be a number
      void ticTacToe.move.place({ cell: '4' });
      // @ts-expect-error: `cell` is required
      void ticTacToe.move.place({});
      // @ts-expect-error: arguments are required for place
      void ticTacToe.move.place();
      // @ts-expect-error: a bid needs a face
      void liarsDice.move.bid({ quantity: 2 });
      // @ts-expect-error: Liar's Dice has no move "place"
      void liarsDice.move.place({ cell: 1 });
    };
    expectTypeOf(check).toBeFunction();
  });

  it('types legal moves by the game, and plays only what could be one', () => {
    const legal = ticTacToe.legalMoves[0];
    if (legal?.move === 'place') expectTypeOf(legal.args).toEqualTypeOf<{ cell: number }>();
    expectTypeOf(ticTacToe.play).toBeCallableWith({ move: 'place', args: { cell: 4 } });
    expectTypeOf(liarsDice.play).toBeCallableWith({ move: 'challenge', args: {} });
    const check = (): void => {
      // @ts-expect-error: `cell` is a number
      void ticTacToe.play({ move: 'place', args: { cell: '4' } });
      // @ts-expect-error: tic-tac-toe has no move "bid"
      void ticTacToe.play({ move: 'bid', args: { quantity: 1, face: 1 } });
    };
    expectTypeOf(check).toBeFunction();
  });

  it('types the view by the game', () => {
    expectTypeOf(ticTacToe.state).toEqualTypeOf<MatchState<TicTacToe> | null>();
    expectTypeOf<MatchState<TicTacToe>['view']>().toEqualTypeOf<TicTacToeState | null>();
    expectTypeOf<MatchState<LiarsDice>['view']>().toEqualTypeOf<LiarsDiceView | null>();
  });
});
