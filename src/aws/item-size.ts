/**
 * DynamoDB's own size accounting, estimated from plain JSON-like values: what the 400 KB item limit
 * and the per-KB write units count. Estimates err on the large side so that a limit check based on
 * them never lets through a write DynamoDB would refuse.
 */

/** DynamoDB's maximum item size, in bytes. */
export const MAX_ITEM_BYTES = 400 * 1024;

/** DynamoDB's maximum size of any one expression string (UpdateExpression, ConditionExpression…). */
export const MAX_EXPRESSION_BYTES = 4 * 1024;

/** DynamoDB's deepest nesting of maps and lists within an item. */
export const MAX_NESTING_DEPTH = 32;

const encoder = new TextEncoder();

export const utf8Bytes = (text: string): number => encoder.encode(text).length;

/**
 * Bytes DynamoDB counts for one attribute value: strings by UTF-8 length, numbers by about one byte
 * per two significant digits plus one, booleans and nulls one byte, and maps and lists three bytes
 * plus one per element plus their contents (map keys count as names).
 */
export function attributeValueBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number') return numberBytes(value);
  if (Array.isArray(value)) {
    return value.reduce<number>((total, element) => total + 1 + attributeValueBytes(element), 3);
  }
  if (typeof value === 'object') {
    let total = 3;
    for (const [key, element] of Object.entries(value)) {
      if (element === undefined) continue;
      total += 1 + utf8Bytes(key) + attributeValueBytes(element);
    }
    return total;
  }
  // Anything else cannot be marshalled; count its text so estimates stay conservative.
  return utf8Bytes(String(value));
}

/** Bytes of a whole item: each attribute's name plus its value. */
export function itemBytes(item: Readonly<Record<string, unknown>>): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    total += utf8Bytes(name) + attributeValueBytes(value);
  }
  return total;
}

function numberBytes(value: number): number {
  const digits = String(Math.abs(value)).replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

/** An item's size and nesting depth in one walk: what a write checks before it goes out. */
export function measureItem(item: Readonly<Record<string, unknown>>): { bytes: number; depth: number } {
  let bytes = 0;
  let depth = 0;
  const walk = (value: unknown, level: number): number => {
    if (typeof value !== 'object' || value === null) {
      depth = Math.max(depth, level);
      return attributeValueBytes(value);
    }
    depth = Math.max(depth, level + 1);
    let total = 3;
    for (const [key, element] of Object.entries(value)) {
      if (element === undefined) continue;
      total += 1 + (Array.isArray(value) ? 0 : utf8Bytes(key)) + walk(element, level + 1);
    }
    return total;
  };
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    bytes += utf8Bytes(name) + walk(value, 0);
  }
  return { bytes, depth: depth + 1 };
}

/** How deeply maps and lists nest in a value: 0 for a scalar, 1 for a flat map or list. */
export function nestingDepth(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let deepest = 0;
  for (const element of Object.values(value)) deepest = Math.max(deepest, nestingDepth(element));
  return deepest + 1;
}
