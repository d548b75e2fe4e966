// node:assert's deepStrictEqual, not toStrictEqual: vitest compares `.constructor`, an own key when a
// player is called "constructor".
import { deepStrictEqual } from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { legalMoves, type Match, type PlayerId, viewFor } from '../../src/engine/index.js';
import { seededRandom } from '../support/seeded-random.js';
import { hidden } from './hidden-state.js';
import { positions, universes } from './positions.js';

/**
 * Legal moves reveal nothing the view hides: in each hidden-information game, whatever a player cannot
 * see (the others' dice, hands, sealed bids) is changed at random, and their legal moves must not
 * change. That the change is invisible is checked first: the player's view is the same before and after.
 */

describe.each(hidden)('what $game.name hides', ({ game, perturb }) => {
  const universe = universes.find((each) => each.game === game);
  if (universe === undefined) throw new Error(`no universe for ${game.name}`);

  it('never changes a player’s legal moves', () => {
    fc.assert(
      fc.property(positions(universe), fc.nat(), fc.integer(), (match: Match, seat, seed) => {
        if (match.state === null) return;
        const player = match.players[seat % match.players.length] as PlayerId;
        const changed: Match = { ...match, state: perturb(match.state, player, seededRandom(seed)) };
        deepStrictEqual(viewFor(game, changed, player), viewFor(game, match, player));
        deepStrictEqual(legalMoves(game, changed, player), legalMoves(game, match, player));
      }),
      { numRuns: 1000 },
    );
  });
});
