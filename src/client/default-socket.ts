import { browserSocket, isBrowser, type SocketFactory } from './socket.js';

/**
 * The platform's socket: native in browsers, `ws` in Node. The Node module is imported lazily, and
 * bundlers that honour the package's `browser` field swap this file for default-socket-browser.ts,
 * so a browser bundle never reaches node-socket.ts or `ws` at all.
 */
export const defaultSocket: SocketFactory = async (request, handlers) => {
  if (isBrowser()) return browserSocket(request, handlers);
  const { nodeSocket } = await import('./node-socket.js');
  return nodeSocket(request, handlers);
};
