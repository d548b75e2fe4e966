import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type AnyGame, defineGame, variantOf } from '../../src/engine/index.js';
import { testMatch } from '../../src/testing/index.js';

/** A game whose player goes again after every move: its turn order is its own. */
const again = defineGame({
  name: 'again',
  players: { min: 2, max: 2 },
  setup: () => ({ moves: 0 }),
  moves: { go: { args: z.object({}), apply: (state: { moves: number }) => ({ moves: state.moves + 1 }) } },
  turn: { next: (_state, ctx) => ctx.currentPlayer },
});

describe('a variant of a game', () => {
  it('keeps the game’s own turn order (variantOf)', () => {
    const variant = variantOf(again, { name: 'again-variant' });
    expect(variant.name).toBe('again-variant');
    const match = testMatch(variant, { players: ['ann', 'bob'] });
    match.play('ann', 'go');
    expect(match.currentPlayer).toBe('ann');
  });

  it('keeps it when spread too (JavaScript, or a cast): the game carries the turn its definition had', () => {
    const variant = defineGame({ ...(again as AnyGame), name: 'again-spread' } as Parameters<typeof defineGame>[0]);
    const match = testMatch(variant, { players: ['ann', 'bob'] });
    match.play('ann', 'go');
    expect(match.currentPlayer).toBe('ann');
  });

  it('the original goes again, as its rules say', () => {
    const match = testMatch(again, { players: ['ann', 'bob'] });
    match.play('ann', 'go');
    expect(match.currentPlayer).toBe('ann');
  });
});
