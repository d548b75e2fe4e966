export interface BackoffOptions {
  /** The first retry's delay ceiling, in ms. */
  readonly initialMs?: number;
  /** The largest delay ceiling, in ms. */
  readonly maxMs?: number;
}

/**
 * Exponential backoff with full jitter: the delay is uniform in [0, ceiling), and the ceiling doubles
 * per failed attempt. Jitter keeps a crowd of clients dropped together (API Gateway's 2-hour limit,
 * a server restart) from reconnecting in lockstep.
 */
export function createBackoff(options: BackoffOptions = {}, random: () => number = Math.random) {
  const initialMs = options.initialMs ?? 250;
  const maxMs = options.maxMs ?? 10_000;
  let attempt = 0;
  return {
    next(): number {
      const ceiling = Math.min(maxMs, initialMs * 2 ** attempt);
      attempt += 1;
      return Math.floor(random() * ceiling);
    },
    reset(): void {
      attempt = 0;
    },
  };
}

export type Backoff = ReturnType<typeof createBackoff>;
