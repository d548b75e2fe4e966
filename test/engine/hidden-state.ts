import { type LiarsDiceState, liarsDice } from '../../games/liars-dice.js';
import { HANDS, type RockPaperScissorsState, rockPaperScissors } from '../../games/rock-paper-scissors.js';
import { type SealedBidState, sealedBid } from '../../games/sealed-bid.js';
import type { AnyGame, PlayerId } from '../../src/engine/index.js';

/**
 * What each hidden-information game hides from a player, changed at random: the other players' dice,
 * hands or sealed bids. Property tests check that what a player is told (legal moves, a bot's choice)
 * does not change with it.
 */

/** The state with what `player` cannot see changed at random (`pick` draws the new secrets). */
export type Perturb<S> = (state: S, player: PlayerId, pick: () => number) => S;

/** `record` with every entry but `player`'s changed. */
const otherThan = <T>(
  record: Readonly<Record<PlayerId, T>>,
  player: PlayerId,
  change: (value: T, owner: PlayerId) => T,
) =>
  Object.fromEntries(
    Object.entries(record).map(([owner, value]) => [owner, owner === player ? value : change(value, owner)]),
  );

/** A game with its perturbation, typed by the game's own state. */
const hiding = <S>(game: AnyGame, perturb: Perturb<S>) => ({ game, perturb: perturb as Perturb<unknown> });

export const hidden = [
  hiding<LiarsDiceState>(liarsDice, (state, player, pick) => ({
    ...state,
    dice: otherThan(state.dice, player, (dice) => dice.map(() => 1 + Math.floor(pick() * 6)).sort()),
  })),
  hiding<RockPaperScissorsState>(rockPaperScissors, (state, player, pick) => ({
    ...state,
    choices: otherThan(state.choices, player, () => HANDS[Math.floor(pick() * 3)] as (typeof HANDS)[number]),
  })),
  hiding<SealedBidState>(sealedBid, (state, player, pick) => ({
    ...state,
    // Any amount the bidder could afford: the view shows coins, never a bid.
    bids: otherThan(state.bids, player, (_bid, bidder) => Math.floor(pick() * ((state.coins[bidder] ?? 0) + 1))),
  })),
];
