import { describe, expectTypeOf, it } from 'vitest';
import { ticTacToe } from '../../games/tic-tac-toe.js';
import { defineGame } from '../../src/engine/index.js';

describe('a variant of a game, spread from it', () => {
  it('typechecks (it does not yet: the engine change is in the first-hour report to the lead)', () => {
    const variant = () =>
      // @ts-expect-error: Game.clock is GameClock<S>, whose onTimeout returns TimeoutMove ({ move: string }),
      // which GameDefinition.clock (ClockDefinition<S, M>: the game's own moves) refuses. Remove this line
      // once Game keeps the definition's clock type; `turn.next` must then survive the spread too.
      defineGame({ ...ticTacToe, name: 'tic-tac-toe-blitz' });
    expectTypeOf(variant).toBeFunction();
  });
});
