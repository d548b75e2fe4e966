import { TOKEN_QUERY_PARAMETER } from '../protocol/connection-params.js';
/**
 * The little the client needs from a WebSocket, so the same client runs on the browser's native
 * socket and on `ws` in Node, and tests can wrap a socket to lose frames on purpose.
 */
export interface ClientSocket {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

export interface SocketClose {
  readonly code: number;
  readonly reason: string;
  /** The HTTP status when the server refused the upgrade (Node only: browsers do not expose it). */
  readonly status?: number;
}

export interface SocketHandlers {
  onOpen(): void;
  onMessage(text: string): void;
  /** Called exactly once per socket, whether it opened or not. */
  onClose(close: SocketClose): void;
}

export interface SocketRequest {
  /** The URL with `game` set; browsers also get `token` here, since they cannot set headers. */
  readonly url: string;
  readonly token: string;
}

export type SocketFactory = (request: SocketRequest, handlers: SocketHandlers) => Promise<ClientSocket>;

export const isBrowser = (): boolean => typeof window !== 'undefined' && typeof globalThis.WebSocket === 'function';

/** The browser's native WebSocket. The token rides in the query string (see DESIGN: browsers set no headers). */
export const browserSocket: SocketFactory = async ({ url, token }, handlers) => {
  const withToken = new URL(url);
  withToken.searchParams.set(TOKEN_QUERY_PARAMETER, token);
  const socket = new WebSocket(withToken);
  socket.addEventListener('open', () => handlers.onOpen());
  socket.addEventListener('message', (event: MessageEvent) => {
    if (typeof event.data === 'string') handlers.onMessage(event.data);
  });
  socket.addEventListener('close', (event: CloseEvent) => handlers.onClose({ code: event.code, reason: event.reason }));
  return {
    send: (text) => {
      // A send on a closing socket is dropped: the move stays pending and is resent after reconnecting.
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
    },
    close: (code, reason) => socket.close(code, reason),
  };
};
