import type { ApiEndpoint, ConnectionStore, Delivery, Fanout, FanoutFor, Logger, SendOutcome } from '../ports/index.js';
import type { ServerMessage } from '../protocol/index.js';
import { mayStillBeConnecting } from './connect-window.js';
import { describeError } from './log-fields.js';
import { withRetries } from './retry.js';

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

/** A delivery, and what is known of its connection's age. */
export interface Recipient extends Delivery {
  /**
   * The connection row's ExpiresAt (epoch seconds), for a connection found in the store: a Gone
   * from one younger than the `$connect` window is no proof it closed (connect-window.ts). Absent
   * for a connection known to be past `$connect`, because it sent the frame being answered.
   */
  readonly expiresAt?: number;
}

/**
 * Sends every delivery and reports each outcome, in order. Each connection that answered Gone is
 * deleted: THAT connection, never the sender's (the aws-samples chat app deletes the sender's), and
 * not while it may still be inside `$connect`. A gone connection is normal churn ($disconnect is
 * best effort) and a failed send costs only its own message: neither fails the rest, nor each other.
 */
export async function deliver(
  outbox: Outbox,
  deliveries: readonly Recipient[],
  nowMs: number,
): Promise<readonly SendOutcome[]> {
  if (deliveries.length === 0) return [];
  const reports = await outbox.fanout.sendEach(deliveries);
  const gone: string[] = [];
  for (const [index, report] of reports.entries()) {
    const { connectionId, expiresAt } = deliveries[index] as Recipient;
    if (report.outcome === 'failed') {
      const { error } = report;
      // Throttled past the SDK's retries is one slow client; anything else (403, 413) is our fault.
      outbox.logger[error.transient ? 'warn' : 'error']('delivery.failed', {
        connectionId,
        transient: error.transient,
        error: describeError(error),
        ...(error.cause === undefined ? {} : { cause: describeError(error.cause) }),
      });
    } else if (report.outcome === 'gone') {
      if (expiresAt !== undefined && mayStillBeConnecting(expiresAt, nowMs)) {
        outbox.logger.info('connection.gone_while_connecting', { connectionId });
      } else {
        gone.push(connectionId);
      }
    }
  }
  await Promise.all(gone.map((connectionId) => forget(outbox, connectionId)));
  return reports.map((report) => report.outcome);
}

/**
 * One message to the connection whose frame is being answered, with the same Gone clean-up (it got
 * past `$connect` to send that frame, so a Gone means closed). A failed send throws a FanoutError.
 */
export async function sendTo(outbox: Outbox, connectionId: string, message: ServerMessage): Promise<'sent' | 'gone'> {
  const outcome = await outbox.fanout.send(connectionId, JSON.stringify(message));
  if (outcome === 'gone') await forget(outbox, connectionId);
  return outcome;
}

/** Best effort: a row that cannot be deleted now is deleted by the next Gone, or by its TTL. */
async function forget(outbox: Outbox, connectionId: string): Promise<void> {
  outbox.logger.info('connection.gone', { connectionId });
  try {
    await withRetries(() => outbox.connections.delete(connectionId));
  } catch (error) {
    outbox.logger.error('connection.delete_failed', { connectionId, error: describeError(error) });
  }
}
