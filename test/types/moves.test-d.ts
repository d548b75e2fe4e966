import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import { type LiarsDice, liarsDice } from '../../games/liars-dice.js';
import { type TicTacToe, ticTacToe } from '../../games/tic-tac-toe.js';
import {
  defineGame,
  type GameContext,
  type GameState,
  type MoveArgs,
  type MoveName,
  type PlayerId,
} from '../../src/engine/index.js';

/** What a typed caller (the client SDK, a test, a bot) writes to send a move: checked by the game's type. */
declare function send<G, K extends MoveName<G>>(game: G, move: K, args: MoveArgs<G, K>): void;

describe('move names and arguments are inferred from the game definition', () => {
  it('names exactly the moves each game defines', () => {
    expectTypeOf<MoveName<TicTacToe>>().toEqualTypeOf<'place' | 'resign' | 'offerDraw' | 'acceptDraw'>();
    expectTypeOf<MoveName<LiarsDice>>().toEqualTypeOf<'bid' | 'challenge'>();
  });

  it('types each move’s arguments from its schema', () => {
    expectTypeOf<MoveArgs<TicTacToe, 'place'>>().toEqualTypeOf<{ cell: number }>();
    expectTypeOf<MoveArgs<LiarsDice, 'bid'>>().toEqualTypeOf<{ quantity: number; face: number }>();
    expectTypeOf<MoveArgs<LiarsDice, 'challenge'>>().toEqualTypeOf<Record<string, never>>();
  });

  it('accepts the right calls', () => {
    send(ticTacToe, 'place', { cell: 4 });
    send(liarsDice, 'bid', { quantity: 2, face: 5 });
    send(liarsDice, 'challenge', {});
  });

  it('rejects a wrong move name at compile time', () => {
    // @ts-expect-error tic-tac-toe has no move "move"
    send(ticTacToe, 'move', { cell: 4 });
    // @ts-expect-error "bid" belongs to another game
    send(ticTacToe, 'bid', { quantity: 1, face: 1 });
    // @ts-expect-error Liar's Dice has no move "raise"
    send(liarsDice, 'raise', { quantity: 1, face: 1 });
    // @ts-expect-error move names are exact
    expectTypeOf<'Place'>().toExtend<MoveName<TicTacToe>>();
  });

  it('rejects wrong argument types at compile time', () => {
    // @ts-expect-error cell is a number
    send(ticTacToe, 'place', { cell: '4' });
    // @ts-expect-error cell is required
    send(ticTacToe, 'place', {});
    // @ts-expect-error face is required
    send(liarsDice, 'bid', { quantity: 2 });
    // @ts-expect-error quantity is a number
    send(liarsDice, 'bid', { quantity: 'two', face: 5 });
    // @ts-expect-error a bid's arguments are not a cell
    send(liarsDice, 'bid', { cell: 4 });
    // @ts-expect-error a challenge takes no arguments
    send(liarsDice, 'challenge', { quantity: 1 });
  });

  it('types the state from setup', () => {
    expectTypeOf<GameState<TicTacToe>['board']>().toEqualTypeOf<readonly ('X' | 'O' | null)[]>();
    expectTypeOf<GameState<LiarsDice>['dice']>().toEqualTypeOf<Readonly<Record<PlayerId, readonly number[]>>>();
  });
});

describe('inside apply, the arguments are typed by the schema', () => {
  it('gives apply the schema’s output, the game’s state and the context', () => {
    defineGame({
      name: 'typed',
      players: { min: 1, max: 2 },
      setup: () => ({ score: 0 }),
      moves: {
        score: {
          args: z.object({ points: z.number(), note: z.string().optional() }),
          apply(state, args, ctx) {
            expectTypeOf(args).toEqualTypeOf<{ points: number; note?: string | undefined }>();
            expectTypeOf(state).toEqualTypeOf<{ score: number }>();
            expectTypeOf(ctx).toEqualTypeOf<GameContext>();
            // @ts-expect-error points is a number, not a string
            args.points.toUpperCase();
            // @ts-expect-error no such argument
            args.bonus;
            return { score: state.score + args.points };
          },
        },
        // A schema that transforms: apply sees the output type, a caller sends the input type.
        shout: {
          args: z.object({ word: z.string().transform((word) => word.length) }),
          apply(state, { word }) {
            expectTypeOf(word).toEqualTypeOf<number>();
            return { score: state.score + word };
          },
        },
      },
    });
  });

  it('keeps a transforming schema’s input type for callers', () => {
    const game = defineGame({
      name: 'shouting',
      players: { min: 1, max: 1 },
      setup: () => ({}),
      moves: { shout: { args: z.object({ word: z.string().transform((w) => w.length) }), apply: (s) => s } },
    });
    expectTypeOf<MoveArgs<typeof game, 'shout'>>().toEqualTypeOf<{ word: string }>();
  });

  it('refuses an apply that returns something other than the state', () => {
    defineGame({
      name: 'wrong',
      players: { min: 1, max: 1 },
      setup: () => ({ n: 0 }),
      moves: {
        go: {
          args: z.object({ by: z.number() }),
          // @ts-expect-error n must stay a number
          apply: (state, { by }) => ({ n: `${state.n + by}` }),
        },
      },
    });
  });
});
