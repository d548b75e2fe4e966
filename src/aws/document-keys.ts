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

/**
 * A copy of a value as JSON would carry it (what clients receive and what the SQLite adapter stores),
 * with every map key encoded for storage: `toJSON` is honoured, non-finite numbers become null,
 * `undefined` and functions vanish from maps and become null in lists (util-dynamodb would drop them
 * from a list, shifting every later index), and class instances keep only their own fields.
 */
export const encodeDocument = (value: unknown): unknown => mapKeys(asJson(value), encodeKey, true);

/** The stored value with every map key decoded back. */
export const decodeDocument = (value: unknown): unknown => mapKeys(value, decodeKey, false);

function asJson(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON: () => unknown }).toJSON();
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (typeof value === 'bigint') throw new TypeError('a BigInt cannot be stored as JSON');
  return value;
}

const vanishes = (value: unknown): boolean =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';

function mapKeys(value: unknown, rename: (key: string) => string, json: boolean): unknown {
  const convert = (element: unknown) => mapKeys(json ? asJson(element) : element, rename, json);
  if (Array.isArray(value)) return value.map((element) => (json && vanishes(element) ? null : convert(element)));
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, element] of Object.entries(value)) {
    if (vanishes(element)) continue;
    // defineProperty, not assignment: a decoded `__proto__` must become a key, not a prototype.
    Object.defineProperty(result, rename(key), {
      value: convert(element),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}
