import type { AnyGame } from '../engine/index.js';
import type { Clock, Delivery, GameConnection, StoredMatch } from '../ports/index.js';
import type { StateMessage } from '../protocol/index.js';
import { deliver, type Outbox } from './delivery.js';
import { stateMessage, viewerKey } from './messages.js';

/** The player whose move produced this state: their own state message carries the ack. */
export interface Mover extends GameConnection {
  readonly ack: NonNullable<StateMessage['ack']>;
}

/**
 * Sends every connection of the match ITS OWN view: playerView for a seated player, the spectator
 * view for anyone else. Each distinct view is built and serialized once and shared by every
 * connection that sees it; only the mover's message differs, because the ack rides on it (one
 * message, not two). The index behind `listByGame` may not list a just-opened connection yet, so
 * the mover is added when missing: they always get their ack.
 */
export async function broadcastState(
  context: Outbox & { readonly clock: Clock },
  game: AnyGame,
  stored: Pick<StoredMatch, 'id' | 'match'>,
  mover?: Mover,
): Promise<void> {
  const listed = await context.connections.listByGame(stored.id, context.clock.now());
  const recipients =
    mover === undefined || listed.some((connection) => connection.connectionId === mover.connectionId)
      ? listed
      : [...listed, mover];

  const shared = new Map<string, string>();
  const viewOf = (userId: string): string => {
    const key = viewerKey(stored.match, userId);
    let data = shared.get(key);
    if (data === undefined) {
      data = JSON.stringify(stateMessage(game, stored, userId));
      shared.set(key, data);
    }
    return data;
  };

  const deliveries: Delivery[] = recipients.map(({ connectionId, userId }) => ({
    connectionId,
    data:
      connectionId === mover?.connectionId
        ? JSON.stringify(stateMessage(game, stored, userId, { ack: mover.ack }))
        : viewOf(userId),
  }));
  await deliver(context, deliveries);
}
