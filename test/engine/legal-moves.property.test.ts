// node:assert's deepStrictEqual, not toStrictEqual: vitest compares `.constructor`, an own key when a
// player is called "constructor".
import { deepStrictEqual } from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { type LiarsDiceState, liarsDice } from '../../games/liars-dice.js';
import { HANDS, type RockPaperScissorsState, rockPaperScissors } from '../../games/rock-paper-scissors.js';
import { type SealedBidState, sealedBid } from '../../games/sealed-bid.js';
import { type AnyGame, legalMoves, type Match, type PlayerId, viewFor } from '../../src/engine/index.js';
import { seededRandom } from '../support/seeded-random.js';
import { positions, universes } from './positions.js';

/**
 * Legal moves reveal nothing the view hides: in each hidden-information game, whatever a player cannot
 * see (the others' dice, hands, sealed bids) is changed at random, and their legal moves must not
 * change. That the change is invisible is checked first: the player's view is the same before and after.
 */

/** The state with what `player` cannot see changed at random (`pick` draws the new secrets). */
type Perturb<S> = (state: S, player: PlayerId, pick: () => number) => S;

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

const hidden = [
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

describe.each(hidden)('what $game.name hides', ({ game, perturb }) => {
  const universe = universes.find((each) => each.game === game);
  if (universe === undefined) throw new Error(`no universe for ${game.name}`);

  it('never changes a player’s legal moves', () => {
    fc.assert(
      fc.property(positions(universe), fc.nat(), fc.integer(), (match: Match, seat, seed) => {
        if (match.state === null) return;
        const player = match.players[seat % match.players.length] as PlayerId;
        const changed: Match = {
          ...match,
          state: (perturb as Perturb<unknown>)(match.state, player, seededRandom(seed)),
        };
        deepStrictEqual(viewFor(game, changed, player), viewFor(game, match, player));
        deepStrictEqual(legalMoves(game, changed, player), legalMoves(game, match, player));
      }),
      { numRuns: 1000 },
    );
  });
});
