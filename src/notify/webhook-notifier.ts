import { backoffDelay, type RetryPolicy } from '../handlers/retry.js';
import {
  type Clock,
  type Logger,
  type Notifier,
  type PlayerNotice,
  playerNoticeSchema,
  systemClock,
} from '../ports/index.js';
import { SIGNATURE_HEADER, signNoticeBody, type WebhookSecret } from './webhook-signature.js';

export interface WebhookNotifierOptions {
  /** Where notices are POSTed, one request per notice. */
  readonly url: string;
  readonly secret: WebhookSecret;
  readonly logger: Logger;
  /** Timestamps the signature. */
  readonly clock?: Clock;
  /** Deliveries running at once; the rest wait in the queue. */
  readonly maxInFlight?: number;
  /** Notices waiting beyond this are dropped, oldest first: memory stays bounded while a receiver is down. */
  readonly maxQueued?: number;
  readonly retry?: RetryPolicy;
  /** One attempt's limit: a receiver that hangs costs an in-flight slot this long, never a move. */
  readonly attemptTimeoutMs?: number;
  /** Injected in tests; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
}

/**
 * Five attempts, waiting under 1, 2, 4 and 8 s: rides out a receiver's restart. Longer outages are
 * the caller's to retry (on AWS the notice queue redelivers, docs/deploy.md); locally the notice is
 * dropped with a log line, because a notice is a nudge, not state: `GET /api/me/matches` has it all.
 */
export const WEBHOOK_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000 };

export interface WebhookNotifier extends Notifier {
  /** Resolves once every notice handed over so far was delivered or given up on. */
  idle(): Promise<void>;
  /** How many notices failed for good since the start (for the AWS consumer's batch response). */
  readonly failures: number;
  /** Drops whatever is queued; deliveries in flight finish or time out. Safe to call twice. */
  close(): void;
}

type Outcome = 'delivered' | 'retry' | 'rejected';

// Unreferenced: a retry waiting for its turn must not keep a server that is shutting down alive.
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export type DeliveryOutcome = 'delivered' | 'rejected' | 'failed';

/**
 * One notice to the webhook, with the retries of the policy: 'delivered' (2xx), 'rejected' (a 4xx
 * other than 408 and 429: the receiver refuses it, retrying cannot help) or 'failed' (attempts spent,
 * or `stop()` said to give up). Never throws. What the notifier below and the AWS notice consumer
 * (src/aws/notice-consumer.ts) both send with.
 */
export function createNoticePoster(options: Omit<WebhookNotifierOptions, 'maxInFlight' | 'maxQueued'>) {
  const clock = options.clock ?? systemClock;
  const policy = options.retry ?? WEBHOOK_RETRY;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 5_000;
  const post = options.fetch ?? fetch;
  const { logger } = options;

  async function attemptOnce(body: string): Promise<{ kind: Outcome; reason?: string }> {
    try {
      const response = await post(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signNoticeBody(options.secret, body, clock.now()),
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(attemptTimeoutMs),
      });
      // The body is not needed; reading it frees the connection for the next notice.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { kind: 'delivered' };
      const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
      return { kind: retryable ? 'retry' : 'rejected', reason: `HTTP ${response.status}` };
    } catch (error) {
      return { kind: 'retry', reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  }

  return async function deliver(notice: PlayerNotice, stop: () => boolean = () => false): Promise<DeliveryOutcome> {
    const body = JSON.stringify(notice);
    const where = { kind: notice.kind, matchId: notice.matchId, version: notice.version };
    for (let attempt = 1; ; attempt++) {
      const outcome = await attemptOnce(body);
      if (outcome.kind === 'delivered') return 'delivered';
      if (outcome.kind === 'rejected' || attempt >= policy.maxAttempts || stop()) {
        logger.error('notify.failed', { ...where, attempt, reason: outcome.reason });
        return outcome.kind === 'rejected' ? 'rejected' : 'failed';
      }
      const delayMs = backoffDelay(attempt, policy);
      logger.warn('notify.retry', { ...where, attempt, delayMs, reason: outcome.reason });
      await sleep(delayMs);
      if (stop()) return 'failed';
    }
  };
}

/**
 * The webhook Notifier: `notify` queues and returns at once; deliveries run behind it, a few at a
 * time, each signed (webhook-signature.ts) and retried with exponential backoff and full jitter on
 * network errors, timeouts, 408, 429 and 5xx. A 4xx other than those means the receiver refuses the
 * notice (a wrong secret, most likely): retrying cannot help, so it is logged and dropped.
 */
export function createWebhookNotifier(options: WebhookNotifierOptions): WebhookNotifier {
  const maxInFlight = options.maxInFlight ?? 4;
  const maxQueued = options.maxQueued ?? 1_000;
  const { logger } = options;
  const post = createNoticePoster(options);

  const queue: PlayerNotice[] = [];
  let inFlight = 0;
  let failures = 0;
  let closed = false;
  let waiters: (() => void)[] = [];

  function settleWaiters() {
    if (queue.length > 0 || inFlight > 0) return;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  }

  function pump() {
    while (!closed && inFlight < maxInFlight && queue.length > 0) {
      const notice = queue.shift() as PlayerNotice;
      inFlight++;
      void deliver(notice).finally(() => {
        inFlight--;
        pump();
        settleWaiters();
      });
    }
    settleWaiters();
  }

  async function deliver(notice: PlayerNotice): Promise<void> {
    if ((await post(notice, () => closed)) !== 'delivered') failures++;
  }

  return {
    async notify(notices) {
      if (closed) return;
      for (const candidate of notices) {
        // Only what the schema accepts leaves the server.
        const parsed = playerNoticeSchema.safeParse(candidate);
        if (!parsed.success) {
          logger.error('notify.bad_notice', { issue: parsed.error.issues[0]?.message });
          continue;
        }
        if (queue.length >= maxQueued) {
          const dropped = queue.shift() as PlayerNotice;
          failures++;
          logger.warn('notify.dropped', { matchId: dropped.matchId, version: dropped.version, queued: maxQueued });
        }
        queue.push(parsed.data);
        // Free slots take each notice as it comes; only the overflow waits in the queue.
        pump();
      }
    },
    idle() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        settleWaiters();
      });
    },
    get failures() {
      return failures;
    },
    close() {
      closed = true;
      queue.length = 0;
      settleWaiters();
    },
  };
}
