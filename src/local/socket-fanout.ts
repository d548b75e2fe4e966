import { WebSocket } from 'ws';
import type { Delivery, Fanout, FanoutFor, SendOutcome } from '../ports/index.js';
import { FanoutError } from '../ports/index.js';
import { MAX_MESSAGE_BYTES } from '../protocol/index.js';
import type { ConnectionRegistry } from './gateway/connection-registry.js';

/**
 * The embedded wiring's fan-out: straight onto this process's sockets, with PostToConnection's rules:
 * a connection that is unknown, closed or still inside $connect is 'gone', and a message over 128 KB
 * is refused as PayloadTooLarge would be. The endpoint is ignored: there is only one stage here.
 */
export function socketFanout(registry: ConnectionRegistry): FanoutFor {
  const fanout: Fanout = {
    async send(connectionId, data) {
      return sendNow(registry, connectionId, data);
    },
    async sendEach(deliveries: readonly Delivery[]) {
      return deliveries.map((delivery) => sendNow(registry, delivery.connectionId, delivery.data));
    },
  };
  return () => fanout;
}

export function sendNow(registry: ConnectionRegistry, connectionId: string, data: string): SendOutcome {
  if (Buffer.byteLength(data) > MAX_MESSAGE_BYTES) {
    throw new FanoutError(`message to ${connectionId} exceeds ${MAX_MESSAGE_BYTES} bytes`);
  }
  const connection = registry.open(connectionId);
  if (!connection?.socket || connection.socket.readyState !== WebSocket.OPEN) return 'gone';
  connection.socket.send(data);
  connection.markActive();
  return 'sent';
}
