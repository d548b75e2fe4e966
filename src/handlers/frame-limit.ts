import { FRAME_LIMIT, type FrameLimit, moveIdOf } from '../protocol/index.js';
import { type Outbox, sendTo } from './delivery.js';
import type { HandlerDeps } from './deps.js';
import { bodyOf, type WebSocketEvent } from './events.js';
import { errorMessage } from './messages.js';

/** Whether a connection may send this frame now; if not, how long until it may. */
export type FrameAdmission = { readonly admitted: true } | { readonly admitted: false; readonly retryAfterMs: number };

export interface FrameLimiter {
  /** Spends one frame of `connectionId`'s budget at `now` (epoch ms), if it has one to spend. */
  take(connectionId: string, now: number): FrameAdmission;
}

/** Buckets kept at most; the least recently used goes first (its connection starts afresh: full). */
const MAX_TRACKED = 50_000;

/**
 * The per-connection budget of protocol/limits.ts `FRAME_LIMIT`, as a token bucket in this process's
 * memory: a connection's first frame finds it full (`burst`), every frame spends one, and it refills
 * at `perSecond`. Memory, not a store: checking it must cost a frame nothing, or the check would cost
 * what a flood costs. On the local runtime one process sees every frame, so the limit is exact. On
 * AWS each function instance keeps its own buckets, so a connection whose frames land on k warm
 * instances of one function may send up to k times the budget before each refuses it; Lambda runs a
 * connection's frames on about as many instances as it has frames in flight at once, which a
 * flood of 200 frames a second keeps to a handful (docs/deploy.md "Limits").
 */
export function createFrameLimiter(limit: FrameLimit = FRAME_LIMIT, maxTracked = MAX_TRACKED): FrameLimiter {
  if (!(limit.burst >= 1 && limit.perSecond > 0))
    throw new Error('a frame limit needs a burst of 1 or more and a rate');
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(connectionId, now) {
      const bucket = buckets.get(connectionId) ?? { tokens: limit.burst, at: now };
      buckets.delete(connectionId);
      bucket.tokens = Math.min(limit.burst, bucket.tokens + (Math.max(0, now - bucket.at) * limit.perSecond) / 1000);
      bucket.at = now;
      buckets.set(connectionId, bucket);
      if (buckets.size > maxTracked) buckets.delete(buckets.keys().next().value as string);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { admitted: true };
      }
      return { admitted: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) * 1000) / limit.perSecond) };
    },
  };
}

/**
 * The routes' guard: spends a frame of the sender's budget and, when there is none left, answers
 * `rate_limited` (naming the move, when the frame carries one, and when to send again) and reports
 * the frame handled. Nothing else runs for it: no read, no write, no queue.
 */
export async function refusedForRate(
  deps: Pick<HandlerDeps, 'frames' | 'clock' | 'logger'>,
  outbox: Outbox,
  event: WebSocketEvent,
): Promise<boolean> {
  const { connectionId } = event.requestContext;
  const admission = deps.frames?.take(connectionId, deps.clock.now());
  if (admission === undefined || admission.admitted) return false;
  const { retryAfterMs } = admission;
  deps.logger.warn('frame.rate_limited', { connectionId, retryAfterMs });
  await sendTo(outbox, connectionId, {
    ...errorMessage('rate_limited', undefined, moveIdOf(bodyOf(event))),
    retryAfterMs,
  });
  return true;
}
