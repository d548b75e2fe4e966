import { describe, expect, it } from 'vitest';
import type { GameResult } from '../../src/engine/index.js';
import { placesOf, rerate } from '../../src/handlers/ratings.js';
import type { StoredRating } from '../../src/ports/index.js';

describe('who places where when a match is rated', () => {
  const players = ['ann', 'ben', 'cat'];
  it.each([
    ['one winner', { winners: ['ben'] }, [2, 1, 2]],
    ['shared win', { winners: ['ann', 'cat'] }, [1, 2, 1]],
    ['a draw', { draw: true }, [1, 1, 1]],
    // The result another change adds for a match nobody finished: rates nobody.
    ['abandoned', { abandoned: true } as unknown as GameResult, undefined],
  ] as const)('%s', (_, result, places) => {
    expect(placesOf(result as GameResult, players)).toEqual(places);
  });

  it('rates nobody at a table of one', () => {
    expect(placesOf({ winners: ['ann'] }, ['ann'])).toBeUndefined();
  });
});

describe('new ratings', () => {
  it('moves the winner up and the others down, from the stored ratings, counting the match', () => {
    const stored: StoredRating = { userId: 'ben', game: 'g', mu: 30, sigma: 5, rating: 15, matches: 4, version: 4 };
    const changes = rerate(['ann', 'ben', 'cat'], [1, 2, 2], new Map([['ben', stored]]));
    const [ann, ben, cat] = changes;
    expect(ann).toMatchObject({ userId: 'ann', matches: 1, previousVersion: 0 });
    expect(ben).toMatchObject({ userId: 'ben', matches: 5, previousVersion: 4 });
    expect(ann?.change).toBeGreaterThan(0);
    // A loser's skill estimate drops; their conservative rating may still rise as the system grows surer.
    expect(ben?.mu).toBeLessThan(30);
    expect(cat?.mu).toBeLessThan(25);
    for (const change of changes) expect(change.rating).toBeCloseTo(change.mu - 3 * change.sigma, 10);
  });

  it('leaves equal players level after a draw, only surer of them', () => {
    const [ann, ben] = rerate(['ann', 'ben'], [1, 1], new Map());
    expect(ann?.mu).toBeCloseTo(25, 10);
    expect(ben?.mu).toBeCloseTo(25, 10);
    expect(ann?.sigma).toBeLessThan(25 / 3);
  });
});
