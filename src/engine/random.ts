/**
 * A seeded pseudo-random source. Rules never see Math.random: the generator's whole state is one
 * 32-bit number kept in the match record, so replaying the same moves from the same seed draws the
 * same numbers on any machine.
 */
export interface RandomSource {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** A roll of a die with `sides` faces: an integer in [1, sides]. */
  die(sides: number): number;
  /** A new array with the items in a random order (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[];
}

/** Hashes a seed string to the generator's initial 32-bit state (FNV-1a). */
export function seedToState(seed: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * mulberry32: tiny, fast and good enough for games. Not for cryptography.
 * Returns the source and a reader for the state after the draws made so far.
 */
export function createRandom(initialState: number): { random: RandomSource; state: () => number } {
  let state = initialState >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  const random: RandomSource = {
    next,
    int,
    die: (sides) => int(sides) + 1,
    shuffle: (items) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [copy[i], copy[j]] = [copy[j] as (typeof copy)[number], copy[i] as (typeof copy)[number]];
      }
      return copy;
    },
  };
  return { random, state: () => state };
}
