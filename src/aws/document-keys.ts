/**
 * DynamoDB refuses an empty map key anywhere in an item ("Empty attribute name"), while game states
 * and move arguments are arbitrary JSON, where `""` is a fine key. Map keys are therefore stored
 * escaped, reversibly: `""` is stored as `~`, and a key that starts with `~` gets one more `~`.
 * Every other key, the common case, is stored as it is.
 */

const ESCAPE = '~';

export const encodeKey = (key: string): string =>
  key === '' ? ESCAPE : key.startsWith(ESCAPE) ? `${ESCAPE}${key}` : key;

export const decodeKey = (key: string): string =>
  key === ESCAPE ? '' : key.startsWith(ESCAPE + ESCAPE) ? key.slice(1) : key;

/** A copy of a JSON-like value with every map key encoded for storage. */
export const encodeDocument = (value: unknown): unknown => mapKeys(value, encodeKey);

/** The stored value with every map key decoded back. */
export const decodeDocument = (value: unknown): unknown => mapKeys(value, decodeKey);

function mapKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((element) => mapKeys(element, rename));
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, element] of Object.entries(value)) {
    if (element !== undefined) result[rename(key)] = mapKeys(element, rename);
  }
  return result;
}
