import type { FanoutError } from './errors.js';

/**
 * A WebSocket API stage as the events that reach handlers name it. Handlers pass it on to `FanoutFor`;
 * where the Management API really is, is the adapter's business (on AWS it comes from configuration,
 * never from this `domainName`, which is a custom domain's name behind one).
 */
export interface ApiEndpoint {
  readonly domainName: string;
  readonly stage: string;
}

/**
 * 'gone' is API Gateway's 410: the connection is closed, never opened, or still inside $connect.
 * 'failed' is any other refusal or error (throttled past the SDK's retries, forbidden, too large):
 * that one message is lost, and nothing else is affected.
 */
export type SendOutcome = 'sent' | 'gone' | 'failed';

/** One delivery's outcome; a failed one carries why, for the log. */
export type SendReport =
  | { readonly outcome: 'sent' | 'gone' }
  | { readonly outcome: 'failed'; readonly error: FanoutError };

export interface Delivery {
  readonly connectionId: string;
  /** The serialized message: identical messages are serialized once and shared. */
  readonly data: string;
}

export interface Fanout {
  /** One message: 'sent' or 'gone'; any other failure throws a FanoutError for the caller to weigh. */
  send(connectionId: string, data: string): Promise<'sent' | 'gone'>;
  /**
   * Attempts every delivery (in parallel where the adapter can) and reports each one's own outcome,
   * in order. One delivery's failure is that delivery's report, never a throw: it must not cost the
   * others their message, nor the gone ones their clean-up.
   */
  sendEach(deliveries: readonly Delivery[]): Promise<readonly SendReport[]>;
}

/** Adapters cache one client per endpoint, created once per container. */
export type FanoutFor = (endpoint: ApiEndpoint) => Fanout;
