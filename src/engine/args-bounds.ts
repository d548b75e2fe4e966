/**
 * How big a move's arguments may be, checked before anything recursive touches them: a schema, a
 * deep freeze, `structuredClone` and `JSON.stringify` all recurse, and a few kilobytes of `[[[…]]]`
 * would exhaust their stack.
 */

/**
 * How deeply arguments may nest. Moves a person makes nest two or three levels; DynamoDB refuses a
 * document nested past 32 levels, and the stores wrap arguments in a few levels of their own (the
 * log entry, the list that holds it, the item), so 16 fits whatever they wrap it in.
 */
export const MAX_ARGS_DEPTH = 16;

/** The most any move's arguments may take as JSON text, in UTF-8 bytes; a game may declare less. */
export const MAX_ARGS_BYTES = 4 * 1024;

/**
 * Why `args` are out of bounds, or `undefined` when they fit: nested deeper than MAX_ARGS_DEPTH, or
 * more than `maxBytes` as JSON text. Walks with its own stack, so no input can exhaust the call
 * stack, and stops as soon as a bound is passed, so the work is O(min(size of args, maxBytes)).
 * Arguments from the wire are plain JSON; values JSON cannot hold count as JSON.stringify counts them.
 */
export function argsOutOfBounds(args: unknown, maxBytes: number): string | undefined {
  const tooBig = `the arguments are over ${maxBytes} bytes`;
  const pending: { readonly value: unknown; readonly depth: number }[] = [{ value: args, depth: 0 }];
  let bytes = 0;
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, depth } = next;
    if (typeof value !== 'object' || value === null) {
      bytes += scalarBytes(value);
      if (bytes > maxBytes) return tooBig;
      continue;
    }
    if (depth >= MAX_ARGS_DEPTH) return `the arguments nest deeper than ${MAX_ARGS_DEPTH} levels`;
    if (Array.isArray(value)) {
      // Brackets and commas first: a huge array is refused before its elements are queued.
      bytes += 2 + Math.max(0, value.length - 1);
      if (bytes > maxBytes) return tooBig;
      // In an array, what JSON cannot hold becomes null.
      for (const element of value) pending.push({ value: vanishes(element) ? null : element, depth: depth + 1 });
      continue;
    }
    const entries = Object.entries(value).filter(([, element]) => !vanishes(element));
    bytes += 2 + Math.max(0, entries.length - 1);
    for (const [key, element] of entries) {
      bytes += scalarBytes(key) + 1; // "key":
      pending.push({ value: element, depth: depth + 1 });
    }
    if (bytes > maxBytes) return tooBig;
  }
  return undefined;
}

const vanishes = (value: unknown): boolean =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** A string, number, boolean or null as JSON text, in UTF-8 bytes; anything else JSON leaves out. */
function scalarBytes(value: unknown): number {
  if (typeof value === 'bigint' || vanishes(value)) return 0;
  return utf8Length(JSON.stringify(value) ?? '');
}

/** UTF-8 bytes of a string without encoding it. JSON.stringify has escaped lone surrogates already. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4; // a surrogate pair: one four-byte character
      index++;
    } else bytes += 3;
  }
  return bytes;
}
