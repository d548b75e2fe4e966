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

/**
 * Both players act at once each round: each `tick`s once, and the round starts again when both have.
 * `note` may be made by anyone seated at any time (it changes nothing). `lose` has no onTimeout, so
 * whoever runs out of time is out of the match.
 */
type RoundState = { readonly ticked: readonly string[]; readonly rounds: number };

/** A round is over once everyone still playing has ticked. */
const roundDone = (state: RoundState, ctx: { players: readonly string[]; left: readonly string[] }): RoundState =>
  ctx.players.every((player) => ctx.left.includes(player) || state.ticked.includes(player))
    ? { ticked: [], rounds: state.rounds + 1 }
    : state;

export function simultaneous(defaultControl: TimeControl, options: { readonly lose?: boolean } = {}) {
  type State = RoundState;
  return defineGame({
    name: 'simultaneous',
    players: { min: 2, max: 3 },
    setup: (): State => ({ ticked: [], rounds: 0 }),
    moves: {
      tick: {
        args: z.object({}),
        apply: (state: State, _args, ctx): State => roundDone({ ...state, ticked: [...state.ticked, ctx.player] }, ctx),
      },
      note: { args: z.object({}), who: 'seated', apply: (state: State) => state },
    },
    turn: { active: (state, ctx) => ctx.players.filter((player) => !state.ticked.includes(player)) },
    // A round the leaver held up is over without them (else nobody could act).
    onLeave: (state, ctx) =>
      roundDone({ ...state, ticked: state.ticked.filter((player) => player !== ctx.player) }, ctx),
    endIf: (state) => (state.rounds >= 5 ? { draw: true } : undefined),
    clock: {
      default: defaultControl,
      allow,
      ...(options.lose ? {} : { onTimeout: () => ({ move: 'tick' as const, args: {} }) }),
    },
  });
}
