import { WebSocket } from 'ws';
import type { Delivery, Fanout, FanoutFor, SendReport } from '../ports/index.js';
import { FanoutError } from '../ports/index.js';
import { MAX_MESSAGE_BYTES } from '../protocol/index.js';
import type { ConnectionRegistry } from './gateway/connection-registry.js';

/**
 * The embedded wiring's fan-out: straight onto this process's sockets, with PostToConnection's rules:
 * a connection that is unknown, closed or still inside $connect is 'gone', and a message over 128 KB
 * is refused as PayloadTooLarge would be (thrown by `send`, reported as 'failed' by `sendEach`, so
 * it costs no one else their message). The endpoint is ignored: there is only one stage here.
 */
export function socketFanout(registry: ConnectionRegistry): FanoutFor {
  const fanout: Fanout = {
    async send(connectionId, data) {
      return sendNow(registry, connectionId, data);
    },
    async sendEach(deliveries: readonly Delivery[]) {
      return deliveries.map(({ connectionId, data }): SendReport => {
        try {
          return { outcome: sendNow(registry, connectionId, data) };
        } catch (error) {
          if (error instanceof FanoutError) return { outcome: 'failed', error };
          throw error;
        }
      });
    },
  };
  return () => fanout;
}

export function sendNow(registry: ConnectionRegistry, connectionId: string, data: string): 'sent' | 'gone' {
  // UTF-8 takes at most 3 bytes per UTF-16 unit: most messages are safely small without counting.
  if (data.length * 3 > MAX_MESSAGE_BYTES && Buffer.byteLength(data) > MAX_MESSAGE_BYTES) {
    throw new FanoutError(`message to ${connectionId} exceeds ${MAX_MESSAGE_BYTES} bytes`);
  }
  const connection = registry.open(connectionId);
  if (!connection?.socket || connection.socket.readyState !== WebSocket.OPEN) return 'gone';
  connection.socket.send(data);
  connection.markActive();
  return 'sent';
}
