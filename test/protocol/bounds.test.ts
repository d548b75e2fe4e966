import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  jsonNestsDeeperThan,
  MAX_ARGS_BYTES,
  MAX_ARGS_DEPTH,
  MAX_FRAME_DEPTH,
  parseMoveFrame,
} from '../../src/protocol/index.js';
import { jsonValue } from '../support/json-arbitrary.js';

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('jsonNestsDeeperThan', () => {
  it('agrees with the depth of the value the text holds', () => {
    fc.assert(
      fc.property(jsonValue, fc.integer({ min: 0, max: 6 }), (value, limit) => {
        expect(jsonNestsDeeperThan(JSON.stringify(value), limit)).toBe(depthOf(value) > limit);
      }),
    );
  });

  it.each([
    ['brackets inside a string', '{"a":"[[[[{{{{"}', 1, false],
    ['an escaped quote that does not end the string', '["\\"[[[["]', 1, false],
    ['an escaped backslash that does end it', '["\\\\",[[1]]]', 2, true],
    ['whitespace between brackets', '[ [\n[ ] ] ]', 2, true],
    ['a scalar', '"just text"', 0, false],
  ])('reads %s correctly', (_case, text, limit, deeper) => {
    expect(jsonNestsDeeperThan(text, limit)).toBe(deeper);
  });

  it('reads a 100,000-deep text without a stack to overflow', () => {
    expect(jsonNestsDeeperThan(nested(100_000), MAX_FRAME_DEPTH)).toBe(true);
  });
});

describe('parseMoveFrame’s bounds', () => {
  const frame = (args: string) => `{"action":"move","id":"m1","seq":1,"move":"place","args":${args}}`;

  it.each([
    ['args nested to the bound', frame(nested(MAX_ARGS_DEPTH)), undefined],
    ['args nested one level more', frame(nested(MAX_ARGS_DEPTH + 1)), 'bad_frame'],
    ['args nested 10,000 deep', frame(nested(10_000)), 'bad_frame'],
    [
      'another field nested too deep',
      `{"action":"move","id":"m1","seq":1,"move":${nested(40)},"args":{}}`,
      'bad_frame',
    ],
    ['args of exactly the byte bound', frame(`"${'x'.repeat(MAX_ARGS_BYTES - 2)}"`), undefined],
    ['args one byte over', frame(`"${'x'.repeat(MAX_ARGS_BYTES - 1)}"`), 'bad_args'],
    ['args whose padding is only whitespace', frame(`{"cell":4${' '.repeat(MAX_ARGS_BYTES)}}`), undefined],
  ])('%s', (_case, body, code) => {
    const parsed = parseMoveFrame(body);
    expect(parsed.ok ? undefined : parsed.error.code).toBe(code);
  });
});
