import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { RunningServer } from './running-server.js';

/**
 * The floor: a raw `ws` relay with no rules, no storage and no parsing. Each frame goes back to its
 * sender (the "ack") and on to the other member of its room (the "update"). Nothing can be faster
 * through the same sockets, so the gap between this and a real server is what the server itself costs.
 */
export async function startEchoServer(): Promise<RunningServer> {
  const rooms = new Map<string, Set<WebSocket>>();
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  server.on('connection', (socket, request) => {
    const room = new URL(request.url ?? '/', 'http://localhost').searchParams.get('room') ?? '';
    const members = rooms.get(room) ?? new Set<WebSocket>();
    rooms.set(room, members);
    members.add(socket);
    socket.on('message', (data, isBinary) => {
      for (const member of members) member.send(data, { binary: isBinary });
    });
    socket.on('close', () => {
      members.delete(socket);
      if (members.size === 0) rooms.delete(room);
    });
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
