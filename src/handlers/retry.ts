import { isTransientFailure } from '../ports/index.js';

/**
 * How often a write re-reads the match after losing a version race. Moves are one FIFO group per
 * match, so the other writer is the lobby (a join, a start) or a second lobby request: both rare,
 * so a few tries settle it, and a match that keeps changing is reported rather than retried forever.
 */
export const MAX_WRITE_ATTEMPTS = 4;

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  readonly maxAttempts: number;
  /** The first retry waits less than this; each later one less than twice the previous ceiling. */
  readonly baseDelayMs: number;
  /** No single wait reaches this. */
  readonly maxDelayMs: number;
}

/**
 * For a failure the SDK has already retried with its own backoff (src/aws/wiring.ts): three more
 * tries, waiting under 100, 200 and 400 ms, so at most 0.7 s of waiting on top of the calls. That
 * rides out a throttle that outlasted the SDK's attempts and still fits a batch of ten records
 * inside the queue function's timeout (infra/handler-functions.ts). Without it such a record fails
 * and SQS hands it back only after the queue's visibility timeout: the whole match waits that long.
 */
export const TRANSIENT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 };

/**
 * For the direct ordering mode's lost version races. Without a queue to take turns, every seat's
 * moves and refusals write the same match item, so losing a race is ordinary, not rare: the test
 * with two players pipelining (test/handlers/direct-concurrency.test.ts) met runs of four. A race
 * is decided within one read and one write, so the waits are short (under 10, 20, 40… ms, at most
 * 200; 0.7 s in all), and eight tries outlast the other seats' next writes. A throttle that outlasts
 * the SDK's own retries gets the same few short waits, then the sender hears `internal`.
 */
export const DIRECT_WRITE_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 10, maxDelayMs: 200 };

/**
 * Exponential backoff with full jitter: the wait before retry `retry` (1 for the first) is uniform
 * in [0, min(maxDelayMs, baseDelayMs × 2^(retry − 1))). The jitter keeps writers that collided
 * (a lost version race, a throttled partition) from colliding again in lockstep.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

export interface RetryOptions<T> {
  readonly policy?: RetryPolicy;
  /** Also retry on this result, not only on a transient failure: a lost version race ('conflict'). */
  readonly retryIf?: (result: T) => boolean;
  /** Told before each wait, with why: the place to log. */
  readonly onRetry?: (retry: { readonly attempt: number; readonly delayMs: number; readonly reason: unknown }) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` (numbered from 1) until it returns a result `retryIf` does not reject, throws
 * anything but a transient port failure (src/ports/errors.ts), or the policy's attempts are spent;
 * then it returns that last result or throws that last error. Only for work that is safe to repeat:
 * a version-conditioned write, a read, a delete.
 */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, options: RetryOptions<T> = {}): Promise<T> {
  const policy = options.policy ?? TRANSIENT_RETRY;
  const sleep = options.sleep ?? sleepFor;
  for (let n = 1; ; n++) {
    let reason: unknown;
    try {
      const result = await attempt(n);
      if (n >= policy.maxAttempts || !options.retryIf?.(result)) return result;
      reason = result;
    } catch (error) {
      if (n >= policy.maxAttempts || !isTransientFailure(error)) throw error;
      reason = error;
    }
    const delayMs = backoffDelay(n, policy, options.random);
    options.onRetry?.({ attempt: n, delayMs, reason });
    await sleep(delayMs);
  }
}
