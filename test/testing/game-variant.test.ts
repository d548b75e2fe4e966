import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type AnyGame, defineGame } from '../../src/engine/index.js';
import { testMatch } from '../../src/testing/index.js';

/** A game whose player goes again after every move: its turn order is its own. */
const again = defineGame({
  name: 'again',
  players: { min: 2, max: 2 },
  setup: () => ({ moves: 0 }),
  moves: { go: { args: z.object({}), apply: (state: { moves: number }) => ({ moves: state.moves + 1 }) } },
  turn: { next: (_state, ctx) => ctx.currentPlayer },
});

describe('a variant spread from a game', () => {
  // Skipped until the engine keeps `turn.next` on the Game defineGame returns: today a spread game has
  // only `nextPlayer`, which defineGame does not read, so the variant falls back to round-robin
  // silently. The engine change is in the first-hour report to the lead; un-skip once it lands.
  it.skip('keeps the game’s own turn order', () => {
    // The cast stands in for the type change the same report asks for (test/types/game-variant.test-d.ts).
    const variant = defineGame({ ...(again as AnyGame), name: 'again-variant' } as Parameters<typeof defineGame>[0]);
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
