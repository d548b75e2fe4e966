/**
 * Infrastructure failures (a store or queue that cannot be reached, a malformed stored item) are
 * exceptions with a name and a cause. Expected outcomes (a version conflict, a gone connection) are
 * return values instead. Adapters translate their SDK's errors into these, so no SDK type leaks out.
 */
export class PortError extends Error {
  override name = 'PortError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
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
