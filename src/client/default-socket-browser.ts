import { browserSocket, type SocketFactory } from './socket.js';

/**
 * default-socket.ts for browser bundles (the package's `browser` field maps one to the other): the
 * native WebSocket only, so nothing Node-only is in the graph a bundler walks.
 */
export const defaultSocket: SocketFactory = browserSocket;
