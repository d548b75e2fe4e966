import * as z from 'zod';
import { defineGame, invalid, type TimeControl } from '../../src/engine/index.js';

/**
 * Small timed games for the clock tests: players take turns adding to a shared count; the match ends
 * when the count reaches `goal`. `timedCounter` lets the rules choose a timeout's move (add a random
 * 1 or 2); `suddenDeath` has no onTimeout, so whoever runs out of time loses.
 */
const moves = {
  add: {
    args: z.object({ n: z.number().int().min(1).max(3) }),
    apply: (state: { count: number }, { n }: { n: number }) =>
      state.count >= 100 ? invalid('the count is full') : { count: state.count + n },
  },
};
const allow = {
  turnMs: { min: 1, max: 60_000 },
  bankMs: { min: 1, max: 600_000 },
  incrementMs: { min: 0, max: 10_000 },
  delayMs: { min: 0, max: 10_000 },
};

export const GOAL = 12;

export function timedCounter(defaultControl: TimeControl = { turnMs: 1_000 }) {
  return defineGame({
    name: 'timed-counter',
    players: { min: 2, max: 4 },
    setup: () => ({ count: 0 }),
    moves,
    endIf: (state) => (state.count >= GOAL ? { draw: true } : undefined),
    clock: {
      default: defaultControl,
      allow,
      onTimeout: (_state, ctx) => ({ move: 'add', args: { n: ctx.random.int(2) + 1 } }),
    },
  });
}

export function suddenDeath(defaultControl: TimeControl = { bankMs: 5_000, incrementMs: 1_000 }) {
  return defineGame({
    name: 'sudden-death',
    players: { min: 2, max: 4 },
    setup: () => ({ count: 0 }),
    moves,
    endIf: (state) => (state.count >= GOAL ? { draw: true } : undefined),
    clock: { default: defaultControl, allow },
  });
}
