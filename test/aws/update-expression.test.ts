import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDocument, decodeKey, encodeDocument, encodeKey } from '../../src/aws/document-keys.js';
import { buildAttributeUpdate, jsonEqual, type UpdateFragment } from '../../src/aws/update-expression.js';
import { jsonState } from '../support/json-arbitrary.js';

/** The fragment with placeholders resolved, so tests can read which paths it writes. */
function readable(fragment: UpdateFragment): { set: string[]; remove: string[] } {
  const resolve = (action: string) =>
    action
      .replace(/#s\d+/g, (placeholder) => JSON.stringify(fragment.names[placeholder]))
      .replace(/:s\d+/g, (placeholder) => JSON.stringify(fragment.values[placeholder]));
  return { set: fragment.set.map(resolve), remove: fragment.remove.map(resolve) };
}

/** Unchanged bulk, so that writing paths is cheaper than rewriting the attribute, as in real states. */
const bulk = { padding: 'x'.repeat(500) };

describe('buildAttributeUpdate', () => {
  it('writes nothing when nothing changed, however the objects were built', () => {
    const fragment = buildAttributeUpdate({ a: [1, { b: null }], c: 'x' }, { c: 'x', a: [1, { b: null }] }, 'State');
    expect(fragment.mode).toBe('none');
    expect(fragment.set).toEqual([]);
    expect(fragment.remove).toEqual([]);
  });

  it('SETs only the changed leaf, naming every segment by placeholder', () => {
    const fragment = buildAttributeUpdate(
      { board: { STATUS: 'open', cells: [null, 'X', null] }, NAME: 'same' },
      { board: { STATUS: 'open', cells: [null, 'X', 'O'] }, NAME: 'same' },
      'State',
    );
    expect(fragment.mode).toBe('paths');
    expect(readable(fragment)).toEqual({ set: ['"State"."board"."cells"[2] = "O"'], remove: [] });
    expect(fragment.set[0]).toMatch(/^#s\d+\.#s\d+\.#s\d+\[2\] = :s\d+$/);
  });

  it('never puts raw key text into the expression, whatever the key', () => {
    const odd = ['STATE', 'a.b', '#x', ':y', 'c[0]', 'with space', 'ünï©ødé', '0', 'DATA'];
    const before = { ...bulk, ...Object.fromEntries(odd.map((key) => [key, 1])) };
    const after = { ...bulk, ...Object.fromEntries(odd.map((key) => [key, 2])) };
    const fragment = buildAttributeUpdate(before, after, 'State');
    const expression = [...fragment.set, ...fragment.remove].join(', ');
    expect(expression).toMatch(/^[#:\w\s,=.[\]]+$/);
    expect(fragment.mode).toBe('paths');
    expect(Object.values(fragment.names).sort()).toEqual([...odd, 'State'].sort());
  });

  it('REMOVEs deleted keys and treats undefined as absent', () => {
    const fragment = buildAttributeUpdate(
      { ...bulk, gone: { deep: true }, ghost: 1 },
      { ...bulk, ghost: undefined },
      'State',
    );
    expect(readable(fragment).remove.sort()).toEqual(['"State"."ghost"', '"State"."gone"']);
    expect(fragment.set).toEqual([]);
  });

  it('writes a new key as one whole value, since DynamoDB cannot SET below a missing parent', () => {
    const fragment = buildAttributeUpdate({ a: 1 }, { a: 1, b: { c: { d: [1] } } }, 'State');
    expect(readable(fragment).set).toEqual(['"State"."b" = {"c":{"d":[1]}}']);
  });

  it('never mistakes an inherited property for a key: a state may have a key "toString"', () => {
    const added = buildAttributeUpdate({ ...bulk }, { ...bulk, toString: 1, constructor: { a: 1 } }, 'State');
    expect(readable(added).set.sort()).toEqual(['"State"."constructor" = {"a":1}', '"State"."toString" = 1']);
    const removed = buildAttributeUpdate({ ...bulk, toString: 1 }, { ...bulk }, 'State');
    expect(readable(removed)).toEqual({ set: [], remove: ['"State"."toString"'] });
  });

  it('writes a value whose type changed at its own level', () => {
    const fragment = buildAttributeUpdate({ ...bulk, a: { b: 1 }, n: null }, { ...bulk, a: [1], n: { x: 1 } }, 'State');
    expect(readable(fragment).set.sort()).toEqual(['"State"."a" = [1]', '"State"."n" = {"x":1}']);
  });

  it('diffs lists by index only when their length is unchanged', () => {
    const same = buildAttributeUpdate({ l: [1, { x: 1 }, 3] }, { l: [1, { x: 2 }, 3] }, 'State');
    expect(readable(same).set).toEqual(['"State"."l"[1]."x" = 2']);
    const longer = buildAttributeUpdate(
      { l: [1, 2], pad: 'x'.repeat(100) },
      { l: [0, 2, 3], pad: 'x'.repeat(100) },
      'State',
    );
    expect(readable(longer).set).toEqual(['"State"."l" = [0,2,3]']);
    const shorter = buildAttributeUpdate(
      { l: [1, 2, 3], pad: 'x'.repeat(100) },
      { l: [1, 2], pad: 'x'.repeat(100) },
      'State',
    );
    expect(readable(shorter)).toEqual({ set: ['"State"."l" = [1,2]'], remove: [] });
  });

  it('appends to a list that only grew at its end, instead of rewriting it', () => {
    const history = Array.from({ length: 50 }, (_, i) => ({ turn: i, move: 'bid' }));
    const fragment = buildAttributeUpdate({ history }, { history: [...history, { turn: 50, move: 'call' }] }, 'State');
    expect(readable(fragment).set).toEqual([
      '"State"."history" = list_append("State"."history", [{"turn":50,"move":"call"}])',
    ]);
  });

  it('writes a map whole when an empty key in it changes, since an empty name cannot be a path', () => {
    const pad = 'p'.repeat(200);
    const fragment = buildAttributeUpdate({ pad, m: { '': 1, k: 1 } }, { pad, m: { '': 2, k: 1 } }, 'State');
    expect(readable(fragment).set).toEqual(['"State"."m" = {"":2,"k":1}']);
    const untouched = buildAttributeUpdate({ pad, m: { '': 1, k: 1 } }, { pad, m: { '': 1, k: 2 } }, 'State');
    expect(readable(untouched).set).toEqual(['"State"."m"."k" = 2']);
  });

  it('replaces the attribute when the old state was not a map (a match starting)', () => {
    const fragment = buildAttributeUpdate(null, { board: [] }, 'State');
    expect(fragment.mode).toBe('replace');
    expect(readable(fragment)).toEqual({ set: ['"State" = {"board":[]}'], remove: [] });
  });

  it('falls back to replacing the attribute when the paths would pass the expression budget', () => {
    const before = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`key-${i}`, { v: i }]));
    const after = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`key-${i}`, { v: i + 1 }]));
    const fragment = buildAttributeUpdate(before, after, 'State');
    expect(fragment.mode).toBe('replace');
    expect(fragment.expressionBytes).toBeLessThan(100);
  });

  it('falls back to replacing the attribute when that is cheaper than the paths', () => {
    const fragment = buildAttributeUpdate({ a: 1, b: 2, c: 3 }, { a: 4, b: 5, c: 6 }, 'State');
    expect(fragment.mode).toBe('replace');
  });

  it('sizes the expression by the change, not by the state', () => {
    const state = (size: number, marker: string) => ({
      rows: Array.from({ length: size }, (_, i) => ({ id: `row-${i}`, cells: ['a', 'b', 'c'] })),
      marker,
    });
    const small = buildAttributeUpdate(state(10, 'before'), state(10, 'after'), 'State');
    const large = buildAttributeUpdate(state(2000, 'before'), state(2000, 'after'), 'State');
    expect(small.mode).toBe('paths');
    expect(large.mode).toBe('paths');
    expect(large.expressionBytes).toBe(small.expressionBytes);
    expect(large.requestBytes).toBe(small.requestBytes);
  });

  it('uses the given placeholder prefix, so callers can add their own placeholders', () => {
    const fragment = buildAttributeUpdate({ a: 1, pad: 'x'.repeat(50) }, { a: 2, pad: 'x'.repeat(50) }, 'State', {
      prefix: 'st',
    });
    expect(Object.keys(fragment.names).every((name) => name.startsWith('#st'))).toBe(true);
    expect(Object.keys(fragment.values).every((value) => value.startsWith(':st'))).toBe(true);
  });

  it('never writes overlapping paths and always stays within budget (property)', () => {
    fc.assert(
      fc.property(jsonState, jsonState, (before, after) => {
        const fragment = buildAttributeUpdate(before, after, 'State', { maxExpressionBytes: 2048 });
        expect(fragment.mode === 'none').toBe(jsonEqual(before, after));
        expect(fragment.expressionBytes).toBeLessThanOrEqual(2048);
        const paths = [...fragment.set.map((action) => action.split(' = ')[0] ?? ''), ...fragment.remove];
        for (const a of paths) {
          for (const b of paths) {
            if (a !== b) expect(b.startsWith(`${a}.`) || b.startsWith(`${a}[`)).toBe(false);
          }
        }
        expect(new Set(paths).size).toBe(paths.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('document keys', () => {
  it('round-trips every key, and escapes only the ones DynamoDB or util-dynamodb would break on', () => {
    const keys = ['', '~', '~~', '~x', 'constructor', '~constructor', '__proto__', 'plain', 'a~b'];
    for (const key of keys) expect(decodeKey(encodeKey(key))).toBe(key);
    expect(new Set(keys.map(encodeKey)).size).toBe(keys.length);
    expect(['', 'constructor', '__proto__'].map(encodeKey)).toEqual(['~', '~constructor', '~__proto__']);
    expect(encodeKey('plain')).toBe('plain');
  });

  it('keeps a decoded __proto__ as a key, never as a prototype', () => {
    const decoded = decodeDocument({ '~__proto__': { polluted: true } }) as Record<string, unknown>;
    expect(Object.keys(decoded)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect((decoded as { polluted?: unknown }).polluted).toBeUndefined();
    expect(encodeDocument(JSON.parse('{"__proto__":{"a":1}}'))).toEqual({ '~__proto__': { a: 1 } });
  });
});

describe('stored documents follow JSON, as clients and the SQLite store see them', () => {
  it('turns what JSON would turn, so every adapter stores the same state', () => {
    const state = {
      when: new Date('2026-01-02T03:04:05.000Z'),
      list: [1, undefined, () => 1, Number.NaN, 3],
      gone: undefined,
      fn: () => 1,
      inf: Number.POSITIVE_INFINITY,
      nested: { set: new Set([1]), ok: true },
    };
    expect(decodeDocument(encodeDocument(state))).toEqual(JSON.parse(JSON.stringify(state)));
  });
});
