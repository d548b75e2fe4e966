/**
 * Deep-freezes a value so that rules which mutate the state they were given fail loudly at once
 * (ES modules run in strict mode, where writing to a frozen object throws) instead of corrupting
 * a stored match. Frozen subtrees are skipped, so structurally shared state costs only its change.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) {
    deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * A deep-frozen version of `value` without touching the caller's object: a state the engine froze
 * itself is reused as is, any other (one just read from a store, say) is copied first, because
 * freezing the caller's own object would be a side effect of a function that promises none.
 */
export function frozenCopy<T>(value: T): T {
  return Object.isFrozen(value) ? value : deepFreeze(structuredClone(value));
}
