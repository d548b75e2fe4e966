import { sha256 } from './sha256.js';

/**
 * A seeded random source. Rules never see Math.random: every number is fixed by the match's seed
 * and how many numbers were drawn before it, so replaying the same moves from the same seed draws
 * the same numbers on any machine.
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

const WORDS_PER_BLOCK = 8;

/**
 * The source for a match: draw number n is a word of SHA-256(SHA-256(seed) ‖ ⌊n/8⌋).
 *
 * Why a hash and not a small fast generator (mulberry32 and the like): in a hidden-information game
 * the dice a challenge reveals are public, and a generator with a 32-bit state can be searched from
 * them in seconds, after which every later roll (every player's secret) is known. A keyed hash
 * reveals nothing about its key or its other outputs, so the secret is the seed alone, and the
 * draw count kept in the match record may be public.
 *
 * Returns the source and a reader for how many numbers have been drawn in all.
 */
export function createRandom(seed: string, drawnBefore: number): { random: RandomSource; drawn: () => number } {
  let drawn = drawnBefore;
  let key: Uint8Array | undefined;
  let blockIndex = -1;
  let block: Uint32Array = new Uint32Array(WORDS_PER_BLOCK);

  const blockAt = (index: number): Uint32Array => {
    key ??= bytesOfWords(sha256(new TextEncoder().encode(seed)));
    const message = new Uint8Array(key.length + 8);
    message.set(key);
    const counter = new DataView(message.buffer, key.length);
    counter.setUint32(0, Math.floor(index / 0x100000000));
    counter.setUint32(4, index >>> 0);
    return sha256(message);
  };

  const next = (): number => {
    const index = Math.floor(drawn / WORDS_PER_BLOCK);
    if (index !== blockIndex) {
      block = blockAt(index);
      blockIndex = index;
    }
    const word = block[drawn % WORDS_PER_BLOCK] as number;
    drawn += 1;
    return word / 0x100000000;
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
  return { random, drawn: () => drawn };
}

function bytesOfWords(words: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  for (const [i, word] of words.entries()) view.setUint32(i * 4, word);
  return bytes;
}

/**
 * The same source as `createRandom(seed, drawnBefore).random`, made on its first draw: for rules run
 * many times to ask a question (legal-moves.ts), most of which draw nothing.
 */
export function lazyRandom(seed: string, drawnBefore: number): RandomSource {
  let source: RandomSource | undefined;
  const made = (): RandomSource => {
    source ??= createRandom(seed, drawnBefore).random;
    return source;
  };
  return {
    next: () => made().next(),
    int: (maxExclusive) => made().int(maxExclusive),
    die: (sides) => made().die(sides),
    shuffle: (items) => made().shuffle(items),
  };
}
