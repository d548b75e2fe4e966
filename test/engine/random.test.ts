import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/engine/random.js';
import { sha256 } from '../../src/engine/sha256.js';

const hex = (words: Uint32Array): string => Array.from(words, (word) => word.toString(16).padStart(8, '0')).join('');
const draws = (seed: string, from: number, count: number): number[] => {
  const { random } = createRandom(seed, from);
  return Array.from({ length: count }, () => random.next());
};

describe('sha256', () => {
  it('agrees with node:crypto on the padding edges and on random input', () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 31) & 0xff);
      expect(hex(sha256(bytes))).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(hex(sha256(bytes))).toBe(createHash('sha256').update(bytes).digest('hex'));
      }),
    );
  });
});

describe('the match random source', () => {
  it('draws the same numbers from the same seed, and others from another seed', () => {
    expect(draws('seed', 0, 20)).toEqual(draws('seed', 0, 20));
    expect(draws('seed', 0, 20)).not.toEqual(draws('seed2', 0, 20));
  });

  it('resumes where it stopped: a source restarted at n draws what a fresh one draws after n', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(40), fc.nat(40), (seed, skip, count) => {
        const fresh = draws(seed, 0, skip + count);
        expect(draws(seed, skip, count)).toEqual(fresh.slice(skip));
      }),
      { numRuns: 50 },
    );
  });

  it('counts every draw, whichever helper made it', () => {
    const { random, drawn } = createRandom('s', 5);
    random.next();
    random.int(10);
    random.die(6);
    random.shuffle([1, 2, 3, 4]);
    expect(drawn()).toBe(5 + 3 + 3);
  });

  it('keeps every helper in its range, and shuffles into a permutation', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(1000), fc.integer({ min: 1, max: 100 }), (seed, from, bound) => {
        const { random } = createRandom(seed, from);
        const float = random.next();
        expect(float >= 0 && float < 1).toBe(true);
        const int = random.int(bound);
        expect(Number.isInteger(int) && int >= 0 && int < bound).toBe(true);
        const die = random.die(bound);
        expect(Number.isInteger(die) && die >= 1 && die <= bound).toBe(true);
        const items = Array.from({ length: bound % 12 }, (_, i) => i);
        expect(random.shuffle(items).sort((x, y) => x - y)).toEqual(items);
      }),
      { numRuns: 100 },
    );
  });

  it('rolls fair-looking dice (a deterministic check: the seed is fixed)', () => {
    const { random } = createRandom('fairness', 0);
    const rolls = Array.from({ length: 6000 }, () => random.die(6));
    for (let face = 1; face <= 6; face++) {
      const seen = rolls.filter((roll) => roll === face).length;
      expect(seen).toBeGreaterThan(850);
      expect(seen).toBeLessThan(1150);
    }
  });
});
