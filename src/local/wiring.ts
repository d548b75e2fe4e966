import type { HandlerDeps, SweepReport } from '../handlers/index.js';
import type { ApiEndpoint, Clock, Logger } from '../ports/index.js';
import type { ConnectionRegistry } from './gateway/connection-registry.js';
import type { ManagementCredentials } from './gateway/management-auth.js';
import type { LocalFunctions } from './integrations.js';
import type { SqsConsumer } from './sqs-events.js';

export const WIRINGS = ['embedded', 'aws-local'] as const;
export type WiringName = (typeof WIRINGS)[number];

/** What a wiring needs from the server it runs in. */
export interface WiringContext {
  /** The live sockets: the embedded fan-out writes to them directly. */
  readonly registry: ConnectionRegistry;
  /** This server's own stage, for the lobby's pushes and the aws-local Management API client. */
  readonly endpoint: ApiEndpoint;
  /** `http://127.0.0.1:PORT`: where this server's `@connections` API answers. */
  readonly managementUrl: string;
  /** What that API accepts, and nothing else: the aws-local wiring's SDK client signs with these. */
  readonly managementCredentials: ManagementCredentials;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * A composition root for the local runtime: the same handlers over one set of adapters. `start`
 * begins delivering queued moves to the queue handler; `drain` waits until every accepted move is
 * handled; `close` releases the adapters (after `drain`, for a graceful stop).
 */
export interface LocalWiring {
  readonly name: WiringName;
  readonly functions: LocalFunctions;
  /** The ports the handlers were built with: tests and tools may inspect stored data through them. */
  readonly deps: HandlerDeps;
  /** Where the data lives, for the start-up line. */
  readonly describe: Record<string, unknown>;
  /** Begins delivering queued moves to `consumer` (the wiring's own queue function, possibly instrumented). */
  start(consumer: SqsConsumer): void;
  /** Runs the retention sweeps once now, as the wiring's loop does every `sweepEveryMs`. */
  sweep(): Promise<SweepReport[]>;
  drain(): Promise<void>;
  close(): Promise<void>;
}
