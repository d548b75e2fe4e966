import type { Delivery, Fanout, FanoutFor, SendReport } from '../../src/ports/index.js';
import { type ServerMessage, serverMessageSchema } from '../../src/protocol/index.js';

/**
 * A fan-out that delivers into memory: every connection is open, and what each one received can be
 * read back, parsed by the protocol's own schema. For suites where the store, not the fan-out, is
 * under test (the real fan-out adapters have suites of their own).
 */
export function recordingFanout() {
  const received = new Map<string, ServerMessage[]>();
  const record = (delivery: Delivery): 'sent' => {
    const messages = received.get(delivery.connectionId) ?? [];
    messages.push(serverMessageSchema.parse(JSON.parse(delivery.data)));
    received.set(delivery.connectionId, messages);
    return 'sent';
  };
  const fanout: Fanout = {
    send: async (connectionId, data) => record({ connectionId, data }),
    sendEach: async (deliveries): Promise<readonly SendReport[]> =>
      deliveries.map((delivery) => ({ outcome: record(delivery) })),
  };
  const forEndpoint: FanoutFor = () => fanout;
  return {
    for: forEndpoint,
    received: (connectionId: string): readonly ServerMessage[] => received.get(connectionId) ?? [],
    lastTo: (connectionId: string): ServerMessage | undefined => received.get(connectionId)?.at(-1),
  };
}
