import { HEARTBEAT_MS, PING_FRAME } from '../protocol/index.js';

/** Whether the page is shown, and word when it is shown again: the browser's Page Visibility API. */
export interface PageVisibility {
  isHidden(): boolean;
  /** Calls `listener` each time the page is shown again; answers the function that stops that. */
  onVisible(listener: () => void): () => void;
}

/** The document's visibility in a browser; none in Node, where nothing is ever hidden. */
export function documentVisibility(): PageVisibility | undefined {
  const doc = (globalThis as { document?: Document }).document;
  if (doc === undefined || typeof doc.addEventListener !== 'function') return undefined;
  return {
    isHidden: () => doc.visibilityState === 'hidden',
    onVisible(listener) {
      const onChange = () => {
        if (doc.visibilityState === 'visible') listener();
      };
      doc.addEventListener('visibilitychange', onChange);
      return () => doc.removeEventListener('visibilitychange', onChange);
    },
  };
}

export interface HeartbeatOptions {
  /** Silence on the client's side after which it pings: HEARTBEAT_MS unless given; 0 turns it off. */
  readonly intervalMs?: number;
  readonly send: (frame: string) => void;
  readonly visibility?: PageVisibility | undefined;
}

/**
 * Pings when the client has sent nothing for `intervalMs`, so API Gateway's idle timeout never
 * closes a connection a player is looking at (protocol/heartbeat.ts has the arithmetic). Every frame
 * the client sends counts as activity (`sent`); a hidden page pings not at all, and lets its socket
 * close instead.
 */
export class Heartbeat {
  readonly #intervalMs: number;
  readonly #send: (frame: string) => void;
  readonly #visibility: PageVisibility | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;

  constructor(options: HeartbeatOptions) {
    this.#intervalMs = options.intervalMs ?? HEARTBEAT_MS;
    this.#send = options.send;
    this.#visibility = options.visibility;
  }

  /** The socket is open: count silence from now. */
  start(): void {
    this.#running = this.#intervalMs > 0;
    this.sent();
  }

  /** The client just sent a frame: the silence starts again. */
  sent(): void {
    clearTimeout(this.#timer);
    if (!this.#running) return;
    this.#timer = setTimeout(() => this.#beat(), this.#intervalMs);
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #beat(): void {
    // A hidden page lets the idle timeout take its socket: cheaper than keeping it (heartbeat.ts).
    if (this.#visibility?.isHidden()) return;
    this.#send(PING_FRAME);
    this.sent();
  }
}
