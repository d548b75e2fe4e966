/** Where a WebSocket API stage lives: the Management API's endpoint is built from it. */
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
