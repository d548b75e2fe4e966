import fc from 'fast-check';
import { seededRandom } from './seeded-random.js';

/**
 * Random JSON-like game states for property tests: nested maps and lists whose keys and strings
 * include DynamoDB reserved words and characters that mean something in an expression.
 */
const awkwardText = fc.constantFrom(
  'STATE',
  'STATUS',
  'NAME',
  'DATA',
  'TTL',
  'COUNT',
  'CONNECTION',
  'ACTION',
  'toString',
  'constructor',
  'hasOwnProperty',
  '__proto__',
  '~',
  '~~x',
  'a.b',
  '#x',
  ':y',
  'c[0]',
  '[',
  'with space',
  'ünï©ødé',
  '日本語',
  '🎲',
  '0',
  '-1',
  '',
);

export const jsonKey = fc.oneof(awkwardText, fc.string({ maxLength: 8, unit: 'grapheme' }));

/** Numbers DynamoDB and util-dynamodb round-trip exactly: safe integers and modest doubles, no -0. */
export const jsonNumber = fc
  .oneof(
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0.1, 1e-7, 123.456),
    fc
      .double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true })
      .filter((value) => value === 0 || Math.abs(value) > 1e-100),
  )
  .map((value) => (Object.is(value, -0) ? 0 : value));

const leaf = fc.oneof(
  awkwardText,
  fc.string({ maxLength: 12, unit: 'grapheme' }),
  jsonNumber,
  fc.boolean(),
  fc.constant(null),
);

const { value: jsonValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(jsonKey, tie('value'), { maxKeys: 5 }),
  ),
}));

export { jsonValue };

/** A game state: always a map at the root, as the State attribute is. */
export const jsonState: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(jsonKey, jsonValue, { maxKeys: 6 });

/**
 * Two states where the second is mostly the first with some parts changed, added or removed: the
 * shape real moves have, so diffs exercise nested paths rather than wholesale replacement.
 */
export const jsonStatePair: fc.Arbitrary<[Record<string, unknown>, Record<string, unknown>]> = fc
  .tuple(jsonState, jsonState, fc.integer())
  .map(([first, other, seed]) => [first, mix(first, other, seededRandom(seed)) as Record<string, unknown>]);

function mix(a: unknown, b: unknown, random: () => number): unknown {
  if (isMap(a) && isMap(b)) {
    const result: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const roll = random();
      const [inA, inB] = [Object.hasOwn(a, key), Object.hasOwn(b, key)];
      let value: unknown;
      if (inA && inB) value = roll < 0.85 ? mix(a[key], b[key], random) : undefined;
      else if (inA) value = roll < 0.75 ? a[key] : undefined;
      else if (roll < 0.3) value = b[key];
      // defineProperty: a key "__proto__" must stay a key.
      if (value !== undefined)
        Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return result;
  }
  if (Array.isArray(a)) {
    // Lists that grow at their end, as histories and logs in game states do.
    if (random() < 0.25) return [...a, ...(Array.isArray(b) && b.length > 0 ? b : [b])];
    if (Array.isArray(b) && a.length === b.length) return a.map((element, index) => mix(element, b[index], random));
  }
  return random() < 0.6 ? a : b;
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
