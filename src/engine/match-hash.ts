import type { Match } from './match.js';
import { sha256 } from './sha256.js';

/**
 * A fingerprint of a match record, so a replay can prove it reproduced the match the server kept:
 * SHA-256 of the record's canonical JSON (object keys sorted, as `JSON.stringify` writes values),
 * base64url. It leaves out `version` alone: a refused move bumps the version without a log entry, so
 * no replay of the log can know it. Everything else (state, players, who left, turn, result, random
 * draws, clock) is covered, and so is the seed: the fingerprint of a hidden-information match cannot be
 * searched for the hidden part without the seed (a random id the server chooses).
 */
export function matchHash(match: Match, digest: TextDigest = portableDigest): string {
  const { version: _countsRefusals, ...record } = match;
  return digest(canonicalJson(record));
}

/**
 * SHA-256 of a text's UTF-8 bytes, base64url without padding (43 characters). The engine's own runs
 * anywhere (a browser's replay viewer); a server may pass its platform's, which gives the same digest
 * several times faster (handlers/step-digest.ts), since every logged step computes one.
 */
export type TextDigest = (text: string) => string;

export const portableDigest: TextDigest = (text) => base64url(sha256(new TextEncoder().encode(text)));

/**
 * How much of `matchHash` a logged step keeps of the match it produced: 96 bits find the step where a
 * replay first differs (a chance collision is 2^-96) at a third of the bytes, and the log is stored
 * once per step. The final record gets the whole hash.
 */
export const STEP_HASH_LENGTH = 16;

export const stepHash = (match: Match, digest?: TextDigest): string =>
  matchHash(match, digest).slice(0, STEP_HASH_LENGTH);

/**
 * JSON with every object's keys in one order (by UTF-16 code unit), so two equal records serialize
 * alike however they were built (a spread, a store's round trip). Otherwise what `JSON.stringify`
 * writes: `toJSON` is honoured, `undefined` and functions are left out of objects and are `null` in
 * arrays, as are numbers that are not finite. Written out by hand: a replacer that sorts each object
 * was ten times slower, and every logged step pays for this.
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return writeArray(value);
      if (!isPlain(value)) return writeOther(value);
      return writeObject(value as Record<string, unknown>);
    case 'bigint':
      throw new TypeError('a match record holds a bigint, which JSON cannot');
    default:
      return undefined; // undefined, functions, symbols: JSON has no such values
  }
}

function writeArray(items: readonly unknown[]): string {
  let text = '[';
  for (let i = 0; i < items.length; i++) text += `${i === 0 ? '' : ','}${write(items[i]) ?? 'null'}`;
  return `${text}]`;
}

function writeObject(object: Record<string, unknown>): string {
  let text = '';
  for (const key of Object.keys(object).sort()) {
    const member = write(object[key]);
    if (member !== undefined) text += `${text === '' ? '' : ','}${JSON.stringify(key)}:${member}`;
  }
  return `{${text}}`;
}

/** A state read from JSON holds plain objects only; anything else is written as JSON.stringify would. */
const isPlain = (value: object): boolean => {
  const prototype = Object.getPrototypeOf(value);
  return (
    (prototype === Object.prototype || prototype === null) &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function'
  );
};

function writeOther(value: object): string | undefined {
  const toJson = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJson === 'function') return write((toJson as () => unknown).call(value));
  return writeObject({ ...value } as Record<string, unknown>);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Big-endian bytes of the digest's words, base64url without padding (43 characters). */
function base64url(words: Uint32Array): string {
  const bytes: number[] = [];
  for (const word of words) bytes.push(word >>> 24, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff);
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = bytes.slice(i, i + 3);
    const triple = (a << 16) | (b << 8) | c;
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) text += ALPHABET[(triple >>> (18 - 6 * k)) & 63];
  }
  return text;
}
