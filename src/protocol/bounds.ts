import { MAX_ARGS_DEPTH } from '../engine/index.js';

/**
 * The bounds on what a move frame may carry, besides API Gateway's size limits (limits.ts). The
 * numbers belong to the engine, which enforces them on every move whatever path it took; the wire
 * enforces them again before any handler does recursive work on a frame.
 */
export { argsOutOfBounds, MAX_ARGS_BYTES, MAX_ARGS_DEPTH } from '../engine/index.js';

/** A move frame is one object around its args, so it may nest one level more than they may. */
export const MAX_FRAME_DEPTH = MAX_ARGS_DEPTH + 1;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Does this JSON text nest objects and arrays deeper than `limit`? Reads the raw text once, counting
 * brackets outside strings, so it costs O(n) time and no stack, and stops at the first bracket past
 * the limit. JSON.parse itself is iterative, but whatever walks its result (schemas,
 * structuredClone, JSON.stringify) recurses: this runs first. Malformed text is JSON.parse's to refuse.
 */
export function jsonNestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH)
        index++; // whatever is escaped, it neither ends the string nor nests
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      depth++;
      if (depth > limit) return true;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}
