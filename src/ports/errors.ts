/**
 * Infrastructure failures (a store or queue that cannot be reached, a malformed stored item) are
 * exceptions with a name and a cause. Expected outcomes (a version conflict, a gone connection) are
 * return values instead. Adapters translate their SDK's errors into these, so no SDK type leaks out.
 */
export interface PortErrorOptions {
  readonly cause?: unknown;
  /**
   * The same call may well succeed if tried again shortly: throttling, a 5xx, a timeout, a dropped
   * connection. Only the adapter can tell (from its SDK's error), so it says so here; callers retry
   * with backoff (src/handlers/retry.ts) instead of failing a whole queue record for it.
   */
  readonly transient?: boolean;
}

export class PortError extends Error {
  override name = 'PortError';
  readonly transient: boolean;
  constructor(message: string, options: PortErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.transient = options.transient ?? false;
  }
}

export class StoreError extends PortError {
  override name = 'StoreError';
}

export class QueueError extends PortError {
  override name = 'QueueError';
}

export class FanoutError extends PortError {
  override name = 'FanoutError';
}

/** Is this a port failure that a later attempt may not meet? */
export const isTransientFailure = (error: unknown): boolean => error instanceof PortError && error.transient;

export class SchedulerError extends PortError {
  override name = 'SchedulerError';
}
