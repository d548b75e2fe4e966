/**
 * Map keys as stored. Game states and move arguments are arbitrary JSON, where any text is a fine
 * key, but three keys break on their way to DynamoDB:
 * - `""`: DynamoDB refuses an empty map key anywhere in an item ("Empty attribute name");
 * - `constructor`: util-dynamodb tells a plain object by `value.constructor.name`, so a map with its
 *   own `constructor` key is refused, or worse, taken for a Set or a Map;
 * - `__proto__`: assigning it sets an object's prototype instead of adding a key.
 * So keys are stored escaped, reversibly: `""` as `~`, `constructor` and `__proto__` with a `~` in
 * front, and a key that starts with `~` gets one more `~`. Every other key is stored as it is.
 */

const ESCAPE = '~';
const AWKWARD = new Set(['constructor', '__proto__']);

export function encodeKey(key: string): string {
  if (key === '') return ESCAPE;
  if (AWKWARD.has(key) || key.startsWith(ESCAPE)) return `${ESCAPE}${key}`;
  return key;
}

export function decodeKey(key: string): string {
  if (key === ESCAPE) return '';
  // A user key starting with `~` was stored as `~~…`; a single `~` only ever precedes an awkward key.
  return key.startsWith(ESCAPE) ? key.slice(1) : key;
}

/** A copy of a JSON-like value with every map key encoded for storage. */
export const encodeDocument = (value: unknown): unknown => mapKeys(value, encodeKey);

/** The stored value with every map key decoded back. */
export const decodeDocument = (value: unknown): unknown => mapKeys(value, decodeKey);

function mapKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((element) => mapKeys(element, rename));
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, element] of Object.entries(value)) {
    if (element === undefined) continue;
    // defineProperty, not assignment: a decoded `__proto__` must become a key, not a prototype.
    Object.defineProperty(result, rename(key), {
      value: mapKeys(element, rename),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}
