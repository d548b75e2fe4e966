import type { ApiEndpoint, ConnectionStore, Delivery, Fanout, FanoutFor, Logger, SendOutcome } from '../ports/index.js';
import type { ServerMessage } from '../protocol/index.js';

/** What sending needs: the connection store too, because a Gone answer is how stale rows get cleaned. */
export interface Outbox {
  readonly fanout: Fanout;
  readonly connections: ConnectionStore;
  readonly logger: Logger;
}

/** The outbox for one API stage: the sender's (from the event) or the one a queued move names. */
export const outboxFor = (
  deps: { readonly fanout: FanoutFor; readonly connections: ConnectionStore; readonly logger: Logger },
  endpoint: ApiEndpoint,
): Outbox => ({ fanout: deps.fanout(endpoint), connections: deps.connections, logger: deps.logger });

/**
 * Sends every delivery and deletes each connection that answered Gone: THAT connection, never the
 * sender's (the aws-samples chat app deletes the sender's). A gone connection is normal churn
 * ($disconnect is best effort), so it fails nothing.
 */
export async function deliver(outbox: Outbox, deliveries: readonly Delivery[]): Promise<readonly SendOutcome[]> {
  if (deliveries.length === 0) return [];
  const outcomes = await outbox.fanout.sendEach(deliveries);
  const gone = deliveries.filter((_delivery, index) => outcomes[index] === 'gone');
  await Promise.all(gone.map((delivery) => forget(outbox, delivery.connectionId)));
  return outcomes;
}

/** One message to one connection, with the same Gone clean-up. */
export async function sendTo(outbox: Outbox, connectionId: string, message: ServerMessage): Promise<SendOutcome> {
  const outcome = await outbox.fanout.send(connectionId, JSON.stringify(message));
  if (outcome === 'gone') await forget(outbox, connectionId);
  return outcome;
}

async function forget(outbox: Outbox, connectionId: string): Promise<void> {
  outbox.logger.info('connection.gone', { connectionId });
  await outbox.connections.delete(connectionId);
}
