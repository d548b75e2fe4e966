import type { BackoffOptions } from './backoff.js';
import type { PageVisibility } from './heartbeat.js';
import type { SocketFactory } from './socket.js';

export interface GameClientOptions {
  /** The WebSocket endpoint: `ws(s)://host[:port][/stage]`. */
  readonly url: string;
  readonly matchId: string;
  /** A token, or a function asked for a fresh one before every (re)connect. */
  readonly token: string | (() => string | Promise<string>);
  /** How to open a socket; defaults to the browser's WebSocket or `ws` in Node. */
  readonly socket?: SocketFactory;
  readonly backoff?: BackoffOptions;
  /**
   * How long a sent move may stay unanswered, resends included, before it rejects with
   * `move_unconfirmed` (45 s by default: longer than a `fifo` deployment's worst case, a move behind a
   * consumer that crashed, which SQS hands back after the queue's visibility timeout; docs/deploy.md).
   * Should the server settle it later after all, a `lateSettlement` event says how.
   */
  readonly confirmTimeoutMs?: number;
  /** How long a sent move waits for its answer before it is sent again, unchanged, with a sync (5 s). */
  readonly resendAfterMs?: number;
  /** Silence after which the client pings to keep its socket open (protocol/heartbeat.ts); 0: never. */
  readonly heartbeatMs?: number;
  /** Whether the page is shown: the document's in a browser; a hidden page neither pings nor reconnects. */
  readonly visibility?: PageVisibility;
}

/** See GameClientOptions.confirmTimeoutMs. */
export const DEFAULT_CONFIRM_TIMEOUT_MS = 45_000;
/** See GameClientOptions.resendAfterMs. */
export const DEFAULT_RESEND_AFTER_MS = 5_000;
