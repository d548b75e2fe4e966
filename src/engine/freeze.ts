/**
 * Deep-freezes a value so that rules which mutate the state they were given fail loudly at once
 * (ES modules run in strict mode, where writing to a frozen object throws) instead of corrupting
 * a stored match. It walks the whole tree, frozen parts included (a rule may return an object it
 * froze itself around children it did not), except the parts it deep-froze before.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || deepFrozen.has(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  deepFrozen.add(value);
  return value;
}

/**
 * Every object this module has found or made deep-frozen. Freezing is for good, so such a tree need
 * not be walked again: a step's state shares most of its tree with the state before, and the engine
 * asks of the same state whether it is deep-frozen several times per move (the rules, `who`, legal moves).
 */
const deepFrozen = new WeakSet<object>();

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || deepFrozen.has(value)) return true;
  if (!Object.isFrozen(value) || !Object.values(value).every(isDeepFrozen)) return false;
  deepFrozen.add(value);
  return true;
}

/**
 * A deep-frozen version of `value` without touching the caller's object: a state already deep-frozen
 * (every state the engine produces) is reused as is, any other (one just read from a store, say) is
 * copied first, because freezing the caller's own object would be a side effect of a function that
 * promises none.
 */
export function frozenCopy<T>(value: T): T {
  return isDeepFrozen(value) ? value : deepFreeze(structuredClone(value));
}
