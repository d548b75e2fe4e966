import type { AnyGame } from '../engine/index.js';
import type { Clock, GameConnection, StoredMatch } from '../ports/index.js';
import type { StateMessage } from '../protocol/index.js';
import { deliver, type Outbox, type Recipient } from './delivery.js';
import { stateMessage, viewerKey } from './messages.js';
import { withRetries } from './retry.js';

/** The player whose move produced this state: their own state message carries the ack. */
export interface Mover extends Pick<GameConnection, 'connectionId' | 'userId'> {
  readonly ack: NonNullable<StateMessage['ack']>;
}

/**
 * Sends every connection of the match ITS OWN view: playerView for a seated player, the spectator
 * view for anyone else. Each distinct view is built and serialized once and shared by every
 * connection that sees it; only the mover's message differs, because the ack rides on it (one
 * message, not two). The mover is added when the store does not list their connection (its row may
 * be gone, or never written, as in tests): they always get their ack. Answers the user ids that had a
 * live connection, so the caller can tell who is away without a second query.
 */
export async function broadcastState(
  context: Outbox & { readonly clock: Clock },
  game: AnyGame,
  stored: Pick<StoredMatch, 'id' | 'match'>,
  mover?: Mover,
  /** What every recipient's message carries besides its view: the timeout that produced this state, a rematch. */
  common: Pick<StateMessage, 'timeout' | 'rematch'> = {},
): Promise<ReadonlySet<string>> {
  const now = context.clock.now();
  // The mover's age is not needed: they sent a move, so they are past `$connect`.
  const toMover = ({ connectionId, userId, ack }: Mover): Recipient => ({
    connectionId,
    data: JSON.stringify(stateMessage(game, stored, userId, { ...common, ack }, now)),
  });
  // A throttled Query would otherwise cost every player this state, the mover their ack included. One
  // that fails for good throws: nobody is told, and the caller's settlement is done again (afterWrite).
  const listed = await withRetries(() => context.connections.listByGame(stored.id, now));

  const shared = new Map<string, string>();
  const viewOf = (userId: string): string => {
    const key = viewerKey(stored.match, userId);
    let data = shared.get(key);
    if (data === undefined) {
      data = JSON.stringify(stateMessage(game, stored, userId, common, now));
      shared.set(key, data);
    }
    return data;
  };

  const deliveries: Recipient[] = listed.map(({ connectionId, userId, expiresAt }) =>
    mover !== undefined && connectionId === mover.connectionId
      ? toMover(mover)
      : { connectionId, data: viewOf(userId), expiresAt },
  );
  if (mover !== undefined && !listed.some(({ connectionId }) => connectionId === mover.connectionId)) {
    deliveries.push(toMover(mover));
  }
  await deliver(context, deliveries, now);
  return new Set([...listed.map(({ userId }) => userId), ...(mover ? [mover.userId] : [])]);
}
