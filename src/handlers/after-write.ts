import type { Match } from '../engine/index.js';
import type { ApiEndpoint, StoredMatch } from '../ports/index.js';
import type { StateMessage } from '../protocol/index.js';
import { settleTimers } from './arm-turn-timer.js';
import { broadcastState, type Mover } from './broadcast.js';
import { outboxFor } from './delivery.js';
import type { HandlerDeps } from './deps.js';
import { describeError } from './log-fields.js';
import { gameOf } from './messages.js';
import { notifyAway } from './notify-away.js';
import { rateFinishedMatch } from './ratings.js';

export type AfterWriteDeps = Pick<
  HandlerDeps,
  'games' | 'matches' | 'connections' | 'fanout' | 'clock' | 'logger' | 'scheduler' | 'notifier' | 'ratings'
>;

/** A write of a match that is stored, and what its announcement needs. */
export interface StoredWrite {
  readonly written: StoredMatch;
  /**
   * The record the write replaced. Absent when a settlement finishes the work of an earlier one that
   * wrote (it cannot know the record before): the timer is then armed again rather than the old one
   * disarmed, and every away player who may act counts as newly able to (a spare nudge, never a
   * missed one).
   */
  readonly previous?: Match;
  /** Where to reach the match's connections; without one nothing is sent (clients learn on `sync`). */
  readonly endpoint: ApiEndpoint | undefined;
  /** The player whose frame made the write: their state message carries the ack. */
  readonly mover?: Mover;
  /** What every state message carries besides the view: the timeout that produced this state. */
  readonly announce?: Pick<StateMessage, 'timeout'>;
  /** Who wrote, for log lines: `move`, `queue`, `timeout`, `leave`, `lobby`, `sweep`. */
  readonly by: string;
}

/**
 * Everything a stored write of a match owes the world, in one place for every writer (a move, a
 * timeout, a leave, a join or start, a sweep): the new state to each connection (its own view; the
 * mover's carrying their ack), the match's timers brought in line (the new deadline was armed before
 * the write; the replaced one is disarmed, a finished match keeps none), then notices to the players
 * who are away, and a finished match rated. Run again, in full, by any settlement that finds its work
 * already applied at the match's current version (the invocation that wrote may have died, or lost
 * its answer, before finishing this): idempotent, so a player may get a state twice but never misses
 * one.
 *
 * The write stands whatever happens here, and a failed delivery, arming, notice or rating is logged
 * and left (each has its own way back: the client's deadline, the sweep, the receiver, the next run).
 * One failure throws: when the match's connections cannot be listed at all, nobody has been told, so
 * the caller's settlement fails (a transient StoreError: its retry reads the match again, finds its
 * work applied, and comes back here; past its retries, the client's resend, SQS's redelivery or the
 * timer's retry does). Notices wait for that: who is away is not known either.
 */
export async function afterWrite(deps: AfterWriteDeps, write: StoredWrite): Promise<void> {
  const { written, previous } = write;
  const [connected] = await Promise.all([announce(deps, write), settleTimers(deps, written, previous)]);
  const before = previous ?? { ...written.match, status: 'waiting' as const, activePlayers: [] };
  await notifyAway(deps, written.id, before, written.match, connected);
  // Exactly once per match however often this runs (ratings.ts): a finished match is rated here.
  await rateFinishedMatch(deps, written);
}

/**
 * The fan-out: who had a live connection (nobody, without an endpoint: clients learn on `sync`).
 * Throws only when the connections could not be listed (see afterWrite).
 */
async function announce(deps: AfterWriteDeps, write: StoredWrite): Promise<ReadonlySet<string>> {
  const { written, endpoint, mover, announce: common = {}, by } = write;
  if (endpoint === undefined) {
    deps.logger.warn(`${by}.no_endpoint`, { matchId: written.id });
    return new Set(mover ? [mover.userId] : []);
  }
  try {
    const outbox = { ...outboxFor(deps, endpoint), clock: deps.clock };
    return await broadcastState(outbox, gameOf(deps.games, written.match), written, mover, common);
  } catch (error) {
    deps.logger.error(`${by}.fanout_failed`, {
      matchId: written.id,
      version: written.match.version,
      error: describeError(error),
    });
    throw error;
  }
}
