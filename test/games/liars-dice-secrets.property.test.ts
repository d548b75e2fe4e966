// node:assert's deepStrictEqual, not toStrictEqual: vitest compares `.constructor`, which is an own key
// (a player's hand) when a player is called "constructor".
import { deepStrictEqual } from 'node:assert/strict';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FACES, type LiarsDiceState, type LiarsDiceView, liarsDice } from '../../games/liars-dice.js';
import { type Match, type PlayerId, viewFor } from '../../src/engine/index.js';
import { liarsDiceDriver, reachableMatches } from '../engine/game-drivers.js';

const state = (match: Match): LiarsDiceState => match.state as LiarsDiceState;
const view = (match: Match, viewer: PlayerId | null): LiarsDiceView =>
  viewFor(liarsDice, match, viewer) as LiarsDiceView;

const reachableMatch = reachableMatches(liarsDiceDriver);

/** The same match with every hand except `keep`'s replaced: each die turned to another face, counts kept. */
function otherHandsChanged(match: Match, keep: PlayerId | null, shift: number): Match {
  const dice = Object.fromEntries(
    Object.entries(state(match).dice).map(([player, hand]) => [
      player,
      player === keep ? hand : hand.map((value) => ((value - 1 + shift) % FACES) + 1),
    ]),
  );
  return { ...match, state: { ...state(match), dice } };
}

/** Every array of numbers anywhere in `value`, except under `lastReveal` (the previous round, public on purpose). */
function numberArrays(value: unknown, found: number[][] = []): number[][] {
  if (Array.isArray(value) && value.every((item) => typeof item === 'number')) found.push(value);
  if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) if (key !== 'lastReveal') numberArrays(child, found);
  }
  return found;
}

describe('liars-dice views keep every other player’s dice secret', () => {
  const shifts = fc.integer({ min: 1, max: FACES - 1 });

  it('a player’s view does not change when any other player’s dice do, and shows their own dice', () => {
    fc.assert(
      fc.property(reachableMatch, shifts, (match, shift) => {
        for (const viewer of match.players) {
          const seen = view(match, viewer);
          deepStrictEqual(view(otherHandsChanged(match, viewer, shift), viewer), seen);
          expect(seen.myDice).toEqual(state(match).dice[viewer]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a spectator’s (or stranger’s) view does not change when anyone’s dice do, and holds no current dice', () => {
    fc.assert(
      fc.property(reachableMatch, shifts, fc.string({ maxLength: 6 }), (match, shift, stranger) => {
        const onlookers = [null, ...(match.players.includes(stranger) ? [] : [stranger])];
        for (const viewer of onlookers) {
          const seen = view(match, viewer);
          deepStrictEqual(view(otherHandsChanged(match, null, shift), viewer), seen);
          expect(seen.myDice).toBeNull();
          const hands = Object.values(state(match).dice).filter((hand) => hand.length > 0);
          for (const shown of numberArrays(seen)) expect(hands).not.toContainEqual(shown);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reveals the dice of a round only after a challenge ended it, in lastReveal', () => {
    fc.assert(
      fc.property(reachableMatch, (match) => {
        const { lastReveal, round, dice } = state(match);
        expect(lastReveal === null).toBe(round === 1);
        if (lastReveal === null) return;
        // The revealed hands are the ones rolled before the reroll, one die more in total than now.
        const count = (hands: Readonly<Record<string, readonly number[]>>) =>
          Object.values(hands).reduce((sum, hand) => sum + hand.length, 0);
        expect(count(lastReveal.dice)).toBe(count(dice) + 1);
        expect(view(match, null).lastReveal).toEqual(lastReveal);
      }),
      { numRuns: 100 },
    );
  });
});
