import * as z from 'zod';
import {
  type AnyGame,
  createMatch,
  defineGame,
  invalid,
  type Match,
  type PlayerId,
  seatPlayer,
} from '../../src/engine/index.js';

/**
 * A game that never ends and never grows: each move adds 1 to 3 to a counter, and the seats take
 * turns. Long matches (hundreds or thousands of moves) are what it is for: whatever the match's
 * length, its state stays the same size, so any growth measured is the store's own.
 */
export const marathon = defineGame({
  name: 'marathon',
  players: { min: 1, max: 4 },
  setup: () => ({ total: 0, last: 0 }),
  moves: {
    step: {
      args: z.object({ by: z.number().int() }),
      apply(state, { by }) {
        if (by < 1 || by > 3) return invalid('a step is 1, 2 or 3');
        return { total: state.total + by, last: by };
      },
    },
  },
});

/** A running marathon with these players seated, in order. */
export function runningMarathon(players: readonly PlayerId[], seed = 'marathon-seed'): Match {
  const created = createMatch(marathon as AnyGame, { seed, seats: players.length });
  if (!created.ok) throw new Error(created.error.message);
  let match = created.value;
  for (const player of players) {
    const seated = seatPlayer(marathon as AnyGame, match, player);
    if (!seated.ok) throw new Error(seated.error.message);
    match = seated.value;
  }
  return match;
}
