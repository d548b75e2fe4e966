import * as z from 'zod';
import { defineGame, invalid, type PlayerId, type RandomSource } from '../src/engine/index.js';

/**
 * Liar's Dice, a hidden-information game: each player sees only their own dice. Players raise a bid
 * ("at least N dice show face F", counting everyone's dice) or challenge the last bid. The loser of a
 * challenge loses a die, every die is rerolled from the match's seeded source, and the last player
 * with dice wins.
 */
export const DICE_PER_PLAYER = 3;
export const FACES = 6;

export interface Bid {
  readonly bidder: PlayerId;
  readonly quantity: number;
  readonly face: number;
}

/** What a challenge revealed: public once it happened. */
export interface Reveal {
  readonly challenger: PlayerId;
  readonly bid: Bid;
  readonly dice: Readonly<Record<PlayerId, readonly number[]>>;
  readonly count: number;
  readonly loser: PlayerId;
}

export interface LiarsDiceState {
  /** Each player's dice: the secret. Empty once a player is out. */
  readonly dice: Readonly<Record<PlayerId, readonly number[]>>;
  readonly bid: Bid | null;
  readonly round: number;
  /** Who opens the current round. */
  readonly roundStarter: PlayerId;
  readonly lastReveal: Reveal | null;
}

export interface LiarsDiceView {
  /** The viewer's own dice; `null` for spectators. */
  readonly myDice: readonly number[] | null;
  /** How many dice each player still has: public. */
  readonly diceCounts: Readonly<Record<PlayerId, number>>;
  readonly bid: Bid | null;
  readonly round: number;
  readonly lastReveal: Reveal | null;
}

/** What a timeout plays for a player (named, so both choices keep their own argument types). */
type TimeoutChoice =
  | { readonly move: 'bid'; readonly args: { quantity: number; face: number } }
  | { readonly move: 'challenge'; readonly args: Record<string, never> };

/** Does a bid of `quantity` × `face` beat the standing one? */
const beats = (last: Bid | null, quantity: number, face: number): boolean =>
  last === null || quantity > last.quantity || (quantity === last.quantity && face > last.face);

const roll = (random: RandomSource, count: number): number[] =>
  Array.from({ length: count }, () => random.die(FACES)).sort((a, b) => a - b);

const totalDice = (state: LiarsDiceState): number =>
  Object.values(state.dice).reduce((sum, dice) => sum + dice.length, 0);

/** The first player from `from` (inclusive when `inclusive`) clockwise who still has dice. */
function nextAlive(state: LiarsDiceState, players: readonly PlayerId[], from: PlayerId, inclusive: boolean): PlayerId {
  const start = players.indexOf(from);
  for (let step = inclusive ? 0 : 1; step <= players.length; step++) {
    const candidate = players[(start + step) % players.length] as PlayerId;
    if ((state.dice[candidate]?.length ?? 0) > 0) return candidate;
  }
  return from;
}

export const liarsDice = defineGame({
  name: 'liars-dice',
  players: { min: 2, max: 4 },
  setup: ({ players, random }): LiarsDiceState => ({
    dice: Object.fromEntries(players.map((player) => [player, roll(random, DICE_PER_PLAYER)])),
    bid: null,
    round: 1,
    roundStarter: players[0] as PlayerId,
    lastReveal: null,
  }),
  moves: {
    bid: {
      args: z.object({ quantity: z.number().int().min(1), face: z.number().int().min(1).max(FACES) }),
      apply(state, { quantity, face }, ctx) {
        if (quantity > totalDice(state)) return invalid(`there are only ${totalDice(state)} dice on the table`);
        const last = state.bid;
        if (last && !beats(last, quantity, face)) return invalid(`a bid must beat ${last.quantity} × ${last.face}`);
        return { ...state, bid: { bidder: ctx.currentPlayer, quantity, face } };
      },
    },
    challenge: {
      args: z.object({}).strict(),
      apply(state, _args, ctx) {
        const bid = state.bid;
        if (bid === null) return invalid('there is no bid to challenge yet');
        const count = Object.values(state.dice).reduce(
          (sum, dice) => sum + dice.filter((value) => value === bid.face).length,
          0,
        );
        const loser = count >= bid.quantity ? ctx.currentPlayer : bid.bidder;
        const kept = Object.fromEntries(
          ctx.players.map((player) => {
            const left = (state.dice[player]?.length ?? 0) - (player === loser ? 1 : 0);
            return [player, left];
          }),
        );
        const dice = Object.fromEntries(ctx.players.map((player) => [player, roll(ctx.random, kept[player] ?? 0)]));
        const next: LiarsDiceState = { ...state, dice, bid: null, round: state.round + 1 };
        return {
          ...next,
          roundStarter: nextAlive(next, ctx.players, loser, true),
          lastReveal: { challenger: ctx.currentPlayer, bid, dice: state.dice, count, loser },
        };
      },
    },
  },
  turn: {
    next: (state, ctx) =>
      state.bid === null ? state.roundStarter : nextAlive(state, ctx.players, ctx.currentPlayer, false),
  },
  // Bids and challenges are made in the open: only the dice are secret, and they are in the state.
  // Once the match is over its seed is published: a replay shows every die of every round.
  log: { args: 'public', revealAtEnd: true, seedAtEnd: true },
  playerView: (state, player): LiarsDiceView => ({
    myDice: player === null ? null : (state.dice[player] ?? []),
    diceCounts: Object.fromEntries(Object.entries(state.dice).map(([id, dice]) => [id, dice.length])),
    bid: state.bid,
    round: state.round,
    lastReveal: state.lastReveal,
  }),
  // A bid's quantity has no bound in its schema, so the game lists its legal moves itself, from the
  // player's view: every bid that beats the standing one, up to the dice on the table, and a challenge.
  legalMoves(view, ctx) {
    if (!ctx.moves.includes('bid')) return [];
    const total = Object.values(view.diceCounts).reduce((sum, count) => sum + count, 0);
    const bids = Array.from({ length: total * FACES }, (_, index) => ({
      move: 'bid' as const,
      args: { quantity: Math.floor(index / FACES) + 1, face: (index % FACES) + 1 },
    })).filter(({ args }) => beats(view.bid, args.quantity, args.face));
    return view.bid === null ? bids : [...bids, { move: 'challenge' as const, args: {} }];
  },
  bots: {
    // The search bot's guess at the real state: its own dice as they are, everyone else's rolled anew.
    determinize: (view, ctx): LiarsDiceState => ({
      dice: Object.fromEntries(
        Object.entries(view.diceCounts).map(([player, count]) => [
          player,
          player === ctx.player && view.myDice !== null ? view.myDice : roll(ctx.random, count),
        ]),
      ),
      bid: view.bid,
      round: view.round,
      // Only read once a challenge ends the round, which sets it anew.
      roundStarter: ctx.currentPlayer,
      lastReveal: view.lastReveal,
    }),
    replaceLeavers: true,
  },
  endIf(state) {
    const alive = Object.entries(state.dice).filter(([, dice]) => dice.length > 0);
    return alive.length === 1 ? { winners: [alive[0]?.[0] as PlayerId] } : undefined;
  },
  clock: {
    default: { turnMs: 60_000 },
    allow: { turnMs: { min: 1_000, max: 24 * 60 * 60 * 1000 } },
    // A player who lets the time run out does what costs least thought: opens with the lowest bid on a
    // random face, or calls the standing bid a lie.
    onTimeout: (state, ctx): TimeoutChoice =>
      state.bid === null
        ? { move: 'bid', args: { quantity: 1, face: ctx.random.die(FACES) } }
        : { move: 'challenge', args: {} },
  },
});

export type LiarsDice = typeof liarsDice;
