import { attributeValueBytes, MAX_EXPRESSION_BYTES, utf8Bytes } from './item-size.js';

/**
 * Turns "the state was this, now it is that" into an UpdateItem fragment that writes only what
 * changed (the seed's first note: UpdateItem instead of PutItem, with an expression built from the
 * changed parts only). Pure: no SDK, no I/O; values stay plain JS and are marshalled by the caller.
 *
 * DynamoDB rules this honours:
 * - every path segment is a `#name` placeholder: state keys are arbitrary text (reserved words such
 *   as STATE or STATUS, dots, `#`, `:`, `[`, spaces, unicode) and none of it may appear raw;
 * - a nested path can only be SET when its parent exists, so a key that is new, or whose value
 *   changed type, is written as one whole value at its own level and never recursed into;
 * - paths in one expression must not overlap, which a tree diff guarantees: a node is either written
 *   whole or diffed by children, never both;
 * - lists are diffed by index only when their length is unchanged (SET past the end appends, REMOVE
 *   shifts later elements); a list that only grew at its end gets `list_append`; any other change
 *   of length replaces the list whole;
 * - an empty map key cannot be named in a path, so a map that gains, loses or changes one is
 *   written whole;
 * - an expression is at most 4 KB: past a budget, or when the fragment would cost more than
 *   rewriting the attribute, it falls back to `SET #State = :state`.
 */

export type UpdateMode = 'none' | 'paths' | 'replace';

export interface UpdateFragment {
  /** 'none' means nothing changed: do not write at all. */
  readonly mode: UpdateMode;
  /** SET actions, e.g. `#s0.#s1 = :s0`, to join with the caller's own. */
  readonly set: readonly string[];
  /** REMOVE actions, e.g. `#s0.#s2`. */
  readonly remove: readonly string[];
  readonly names: Readonly<Record<string, string>>;
  /** Plain values by placeholder, to marshall with the rest of the request. */
  readonly values: Readonly<Record<string, unknown>>;
  /** UTF-8 bytes of this fragment's actions within the UpdateExpression (keywords included). */
  readonly expressionBytes: number;
  /** Estimated bytes the fragment puts on the wire: its actions, names and values. */
  readonly requestBytes: number;
}

export interface UpdateOptions {
  /** Placeholder prefix, so the fragment's `#s0`/`:s0` cannot collide with the caller's own. */
  readonly prefix?: string;
  /** Expression bytes this fragment may use; the caller keeps the rest of the 4 KB for its clauses. */
  readonly maxExpressionBytes?: number;
}

/** Leaves room within DynamoDB's 4 KB for the caller's own clauses (version, status, move log…). */
export const DEFAULT_STATE_EXPRESSION_BUDGET = MAX_EXPRESSION_BYTES - 1024;

type Segment = string | number;
type Change = { readonly path: readonly Segment[] } & (
  | { readonly set: unknown }
  | { readonly append: readonly unknown[] }
  | { readonly remove: true }
);

export function buildAttributeUpdate(
  previous: unknown,
  next: unknown,
  attribute: string,
  options: UpdateOptions = {},
): UpdateFragment {
  const prefix = options.prefix ?? 's';
  const budget = options.maxExpressionBytes ?? DEFAULT_STATE_EXPRESSION_BUDGET;
  if (jsonEqual(previous, next)) return render([], attribute, prefix, 'none');

  const replacement = render([{ path: [], set: next }], attribute, prefix, 'replace');
  const changes: Change[] = [];
  diff([], previous, next, changes);
  const paths = render(changes, attribute, prefix, 'paths');
  const fitsAndPays = paths.expressionBytes <= budget && paths.requestBytes < replacement.requestBytes;
  return fitsAndPays ? paths : replacement;
}

function diff(path: readonly Segment[], before: unknown, after: unknown, out: Change[]): void {
  if (jsonEqual(before, after)) return;
  if (isMap(before) && isMap(after) && canDiffMaps(before, after)) {
    for (const key of Object.keys(before)) {
      if (own(before, key) !== undefined && own(after, key) === undefined) {
        out.push({ path: [...path, key], remove: true });
      }
    }
    for (const [key, value] of Object.entries(after)) {
      if (value === undefined) continue;
      const previous = own(before, key);
      if (previous === undefined) out.push({ path: [...path, key], set: value });
      else diff([...path, key], previous, value, out);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    after.forEach((value, index) => {
      diff([...path, index], before[index], value, out);
    });
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && isPrefix(before, after)) {
    out.push({ path, append: after.slice(before.length) });
    return;
  }
  out.push({ path, set: after });
}

/** A changed empty key cannot be addressed (DynamoDB refuses empty attribute names in paths). */
function canDiffMaps(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): boolean {
  const [was, is] = [own(before, ''), own(after, '')];
  return (was === undefined && is === undefined) || jsonEqual(was, is);
}

function render(changes: readonly Change[], attribute: string, prefix: string, mode: UpdateMode): UpdateFragment {
  const names = new Map<string, string>();
  const values: Record<string, unknown> = {};
  const set: string[] = [];
  const remove: string[] = [];
  const nameOf = (segment: string): string => {
    let placeholder = names.get(segment);
    if (placeholder === undefined) {
      placeholder = `#${prefix}${names.size}`;
      names.set(segment, placeholder);
    }
    return placeholder;
  };
  const pathOf = (path: readonly Segment[]): string =>
    path.reduce<string>(
      (text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : `${text}.${nameOf(segment)}`),
      nameOf(attribute),
    );
  let valueBytes = 0;
  for (const change of changes) {
    if ('remove' in change) {
      remove.push(pathOf(change.path));
      continue;
    }
    const placeholder = `:${prefix}${Object.keys(values).length}`;
    const value = 'append' in change ? change.append : change.set;
    values[placeholder] = value;
    valueBytes += utf8Bytes(placeholder) + attributeValueBytes(value);
    const path = pathOf(change.path);
    set.push('append' in change ? `${path} = list_append(${path}, ${placeholder})` : `${path} = ${placeholder}`);
  }
  const expressionBytes = clauseBytes('SET ', set) + clauseBytes('REMOVE ', remove);
  let nameBytes = 0;
  for (const [name, placeholder] of names) nameBytes += utf8Bytes(name) + utf8Bytes(placeholder);
  return {
    mode,
    set,
    remove,
    names: Object.fromEntries([...names].map(([name, placeholder]) => [placeholder, name])),
    values,
    expressionBytes,
    requestBytes: expressionBytes + nameBytes + valueBytes,
  };
}

const clauseBytes = (keyword: string, actions: readonly string[]): number =>
  actions.length === 0 ? 0 : utf8Bytes(keyword) + utf8Bytes(actions.join(', ')) + 1;

const isPrefix = (shorter: readonly unknown[], longer: readonly unknown[]): boolean =>
  shorter.length < longer.length && shorter.every((element, index) => jsonEqual(element, longer[index]));

/** A map's own value for a key: never an inherited one (a state may well have a key "toString"). */
const own = (map: Readonly<Record<string, unknown>>, key: string): unknown =>
  Object.hasOwn(map, key) ? map[key] : undefined;

const isMap = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Structural equality over JSON-like values; a map key holding `undefined` counts as absent. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((element, index) => jsonEqual(element, b[index]))
    );
  }
  if (!isMap(a) || !isMap(b)) return false;
  const keysA = Object.keys(a).filter((key) => a[key] !== undefined);
  const keysB = Object.keys(b).filter((key) => b[key] !== undefined);
  return keysA.length === keysB.length && keysA.every((key) => jsonEqual(a[key], own(b, key)));
}
