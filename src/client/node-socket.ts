import { AUTH_HEADER } from '../protocol/connection-params.js';
import type { SocketFactory } from './socket.js';

/**
 * `ws` for Node: the token goes in the `Auth` header, the identity source the seed's authorizer
 * names. A refused upgrade keeps its HTTP status, so the client can tell "no such match" (final)
 * from a network blip (retry).
 */
export const nodeSocket: SocketFactory = async ({ url, token }, handlers) => {
  const { WebSocket } = await import('ws');
  const socket = new WebSocket(url, { headers: { [AUTH_HEADER]: token } });
  let status: number | undefined;
  let closed = false;
  const finish = (code: number, reason: string): void => {
    if (closed) return;
    closed = true;
    handlers.onClose(status === undefined ? { code, reason } : { code, reason, status });
  };
  socket.on('open', () => handlers.onOpen());
  socket.on('message', (data, isBinary) => {
    if (!isBinary) handlers.onMessage(data.toString());
  });
  socket.on('unexpected-response', (_request, response) => {
    status = response.statusCode;
    response.resume();
    socket.terminate();
  });
  // 'error' is always followed by 'close'; listening keeps ws from throwing it as an uncaught error.
  socket.on('error', () => {});
  socket.on('close', (code, reason) => finish(code, reason.toString()));
  return {
    send: (text) => {
      // A send on a closing socket is dropped: the move stays pending and is resent after reconnecting.
      if (socket.readyState === socket.OPEN) socket.send(text);
    },
    close: (code, reason) => {
      if (socket.readyState === socket.CONNECTING) socket.terminate();
      else socket.close(code, reason);
    },
  };
};
