/**
 * A WebSocket API stage as the events that reach handlers name it. Handlers pass it on to `FanoutFor`;
 * where the Management API really is, is the adapter's business (on AWS it comes from configuration,
 * never from this `domainName`, which is a custom domain's name behind one).
 */
export interface ApiEndpoint {
  readonly domainName: string;
  readonly stage: string;
}

/** 'gone' is API Gateway's 410: the connection is closed, never opened, or still inside $connect. */
export type SendOutcome = 'sent' | 'gone';

export interface Delivery {
  readonly connectionId: string;
  /** The serialized message: identical messages are serialized once and shared. */
  readonly data: string;
}

export interface Fanout {
  send(connectionId: string, data: string): Promise<SendOutcome>;
  /** Sends every delivery (in parallel where the adapter can) and reports each one's outcome, in order. */
  sendEach(deliveries: readonly Delivery[]): Promise<readonly SendOutcome[]>;
}

/** Adapters cache one client per endpoint, created once per container. */
export type FanoutFor = (endpoint: ApiEndpoint) => Fanout;
