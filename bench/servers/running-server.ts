import type { CostCounters } from '../ipc.js';

/** A server under test, started inside the server host process. */
export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
  /** Only the aws-local wiring counts requests for the cost model. */
  readonly counters?: { snapshot(): CostCounters; reset(): void };
}
