// node:assert's deepStrictEqual, not toStrictEqual: vitest compares `.constructor`, an own key when a
// player is called "constructor".
import { deepStrictEqual } from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { botInput, mctsBot, randomBot } from '../../src/bots/index.js';
import type { Bot, Match, PlayerId } from '../../src/engine/index.js';
import { hidden } from '../engine/hidden-state.js';
import { positions, universes } from '../engine/positions.js';
import { seededRandom } from '../support/seeded-random.js';

/**
 * A bot decides from its own view: changing what its player cannot see (the others' dice, hands, sealed
 * bids) never changes its choice, for any seed of its own randomness, so never the distribution of its
 * choices either. The search bot samples the hidden part itself (determinization); it is given a
 * smaller budget here, as each run searches twice per seed.
 */
const bots: readonly (readonly [string, Bot, number])[] = [
  ['random', randomBot, 300],
  ['mcts', mctsBot({ iterations: 60, work: 3_000 }), 40],
];

/** The turns used as the bot's seeds: its randomness is keyed by the match's seed, the player and the turn. */
const SEEDS = 3;

describe.each(hidden)('a bot in $game.name', ({ game, perturb }) => {
  const universe = universes.find((each) => each.game === game);
  if (universe === undefined) throw new Error(`no universe for ${game.name}`);

  it.each(bots)(
    '(%s) chooses the same whatever its player cannot see',
    (_name, bot, runs) => {
      fc.assert(
        fc.property(positions(universe), fc.nat(), fc.integer(), (match: Match, seat, seed) => {
          if (match.status !== 'running' || match.state === null) return;
          const player = match.activePlayers[seat % match.activePlayers.length] as PlayerId;
          const changed: Match = { ...match, state: perturb(match.state, player, seededRandom(seed)) };
          for (let turn = match.turn; turn < match.turn + SEEDS; turn++) {
            const choice = (of: Match) => bot.choose(botInput(game, { ...of, turn }, player), game);
            deepStrictEqual(choice(changed), choice(match));
          }
        }),
        { numRuns: runs },
      );
    },
    120_000,
  );
});
