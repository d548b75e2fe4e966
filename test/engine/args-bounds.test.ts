import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  applyMove,
  argsOutOfBounds,
  defineGame,
  MAX_ARGS_BYTES,
  MAX_ARGS_DEPTH,
  parseMoveArgs,
} from '../../src/engine/index.js';
import { jsonValue } from '../support/json-arbitrary.js';
import { accepted, rejected, request, runningMatch } from './helpers.js';

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '');

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}

/** `depth` levels of arrays around `inner`, built without recursion. */
function nestedArrays(depth: number, inner: unknown = 0): unknown {
  let value = inner;
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

describe('argsOutOfBounds', () => {
  it('measures args exactly as many bytes as their JSON text takes', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        fc.pre(depthOf(value) <= MAX_ARGS_DEPTH);
        const bytes = jsonBytes(value);
        expect(argsOutOfBounds(value, bytes)).toBeUndefined();
        expect(argsOutOfBounds(value, bytes - 1)).toMatch(/over/);
      }),
    );
  });

  it.each([
    ['multi-byte text', { word: 'ünï©ødé 日本語 🎲' }],
    ['escapes', { text: '"\\\n\t\u0001' }],
    ['a lone surrogate, which JSON escapes', ['\ud800']],
    ['values JSON leaves out of objects', { kept: 1, gone: undefined, fn: () => 1 }],
    ['values JSON turns to null in arrays', [undefined, () => 1, Number.NaN, Number.POSITIVE_INFINITY]],
    ['nothing at all', undefined],
  ])('counts %s as JSON.stringify writes them', (_case, value) => {
    const bytes = jsonBytes(value);
    expect(argsOutOfBounds(value, bytes)).toBeUndefined();
    if (bytes > 0) expect(argsOutOfBounds(value, bytes - 1)).toMatch(/over/);
  });

  it('allows nesting to MAX_ARGS_DEPTH and refuses one level more, of arrays or objects', () => {
    expect(argsOutOfBounds(nestedArrays(MAX_ARGS_DEPTH), MAX_ARGS_BYTES)).toBeUndefined();
    expect(argsOutOfBounds(nestedArrays(MAX_ARGS_DEPTH + 1), MAX_ARGS_BYTES)).toMatch(/nest deeper/);
    let objects: unknown = 0;
    for (let level = 1; level <= MAX_ARGS_DEPTH; level++) objects = { a: objects };
    expect(argsOutOfBounds(objects, MAX_ARGS_BYTES)).toBeUndefined();
    expect(argsOutOfBounds({ a: objects }, MAX_ARGS_BYTES)).toMatch(/nest deeper/);
  });

  it('answers for inputs that would overflow any recursive walker, and for cycles', () => {
    expect(() => JSON.stringify(nestedArrays(100_000))).toThrow(RangeError);
    expect(argsOutOfBounds(nestedArrays(100_000), MAX_ARGS_BYTES)).toMatch(/nest deeper/);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(argsOutOfBounds(cycle, MAX_ARGS_BYTES)).toMatch(/nest deeper/);
  });

  it('refuses a huge array before walking its elements', () => {
    expect(argsOutOfBounds(new Array(1e9), MAX_ARGS_BYTES)).toMatch(/over/);
  });
});

describe('parseMoveArgs and the bounds in applyMove', () => {
  const notes = defineGame({
    name: 'notes',
    players: { min: 1, max: 2 },
    maxArgsBytes: 32,
    setup: () => ({ notes: [] as string[] }),
    moves: {
      write: {
        args: z.object({ text: z.string() }),
        apply: (state, { text }) => ({ notes: [...state.notes, text] }),
      },
      anything: { args: z.unknown(), apply: (state) => state },
    },
  });

  it('answers the schema’s output: keys it does not know are stripped', () => {
    expect(accepted(parseMoveArgs(notes, 'write', { text: 'hi', admin: true }))).toEqual({ text: 'hi' });
    expect(rejected(parseMoveArgs(notes, 'erase', {})).code).toBe('unknown_move');
    expect(rejected(parseMoveArgs(notes, '__proto__', {})).code).toBe('unknown_move');
  });

  it('applies the game’s own byte bound, before the schema runs', () => {
    const match = runningMatch(notes, ['a']);
    expect(rejected(applyMove(notes, match, request('a', 'write', { text: 'x'.repeat(32) })))).toEqual({
      code: 'bad_args',
      message: 'the arguments are over 32 bytes',
    });
    expect(accepted(applyMove(notes, match, request('a', 'write', { text: 'x'.repeat(10) }))).version).toBe(
      match.version + 1,
    );
  });

  it('refuses deep args even when the schema would take anything', () => {
    const match = runningMatch(notes, ['a']);
    expect(rejected(applyMove(notes, match, request('a', 'anything', nestedArrays(10_000)))).code).toBe('bad_args');
  });

  it('fills in the default bound, and refuses a game that declares one the wire would not carry', () => {
    const base = {
      name: 'bounded',
      players: { min: 1, max: 1 },
      setup: () => ({}),
      moves: { go: { args: z.object({}), apply: (state: object) => state } },
    };
    expect(defineGame(base).maxArgsBytes).toBe(MAX_ARGS_BYTES);
    for (const maxArgsBytes of [0, 1.5, MAX_ARGS_BYTES + 1]) {
      expect(() => defineGame({ ...base, maxArgsBytes })).toThrow(/maxArgsBytes/);
    }
  });
});
