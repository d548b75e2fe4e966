import type { StoredMatch } from '../ports/index.js';
import type { QueuedMove, ServerMessage } from '../protocol/index.js';
import { armTurnTimer } from './arm-turn-timer.js';
import { broadcastState } from './broadcast.js';
import { type Outbox, outboxFor, sendTo } from './delivery.js';
import type { HandlerDeps } from './deps.js';
import { describeError } from './log-fields.js';
import { errorMessage, gameOf } from './messages.js';
import { notifyAway } from './notify-away.js';
import { rateFinishedMatch } from './ratings.js';
import { DIRECT_WRITE_RETRY, MAX_WRITE_ATTEMPTS, TRANSIENT_RETRY, withRetries } from './retry.js';
import { type Ack, settleMove } from './settle-move.js';

export type SettleDeps = Pick<
  HandlerDeps,
  | 'games'
  | 'matches'
  | 'connections'
  | 'fanout'
  | 'clock'
  | 'logger'
  | 'scheduler'
  | 'webSocketEndpoint'
  | 'notifier'
  | 'ratings'
>;

/** Which function is settling, for its log lines: the fifo consumer or the `move` route itself (direct). */
export type SettledBy = 'queue' | 'move';

/**
 * Settles one verified move and tells whoever must hear of it: read the match, settleMove, write on
 * the version read, then answer the sender or fan out. Both ordering modes call this, the fifo
 * consumer per record and the direct `move` route per frame, so they cannot drift apart. A lost
 * version race re-reads and settles again (with jittered backoff), which is safe: a move settled
 * meanwhile is answered from the ledger. Answers 'conflict' only when the match kept changing for
 * every attempt; what that means is the caller's business (the consumer fails the record, the route
 * tells the sender). Anything else thrown is a failure the caller must handle too.
 */
export async function settleAndAnnounce(
  deps: SettleDeps,
  move: QueuedMove,
  by: SettledBy,
): Promise<'done' | 'conflict'> {
  const outbox = outboxFor(deps, move.endpoint);
  const where = { matchId: move.gameSessionId, moveId: move.moveId };
  return withRetries(() => settleOnce(deps, outbox, move, by), {
    // The fifo consumer's only rival writer is the lobby; the direct route's are the other seats.
    policy: by === 'queue' ? { ...TRANSIENT_RETRY, maxAttempts: MAX_WRITE_ATTEMPTS } : DIRECT_WRITE_RETRY,
    retryIf: (result) => result === 'conflict',
    onRetry: ({ attempt, delayMs, reason }) =>
      reason === 'conflict'
        ? deps.logger.warn(`${by}.version_conflict`, { ...where, attempt, delayMs })
        : deps.logger.warn(`${by}.transient_failure`, { ...where, attempt, delayMs, error: describeError(reason) }),
  });
}

/** One attempt: read, settle, write on the version read. 'conflict' means someone wrote in between. */
async function settleOnce(
  deps: SettleDeps,
  outbox: Outbox,
  move: QueuedMove,
  by: SettledBy,
): Promise<'done' | 'conflict'> {
  const stored = await deps.matches.get(move.gameSessionId);
  if (stored === undefined) {
    await tellSender(deps, outbox, move, by, errorMessage('unknown_game', undefined, move.moveId));
    return 'done';
  }
  // Outside settleMove's guard: a game this deployment does not serve is a configuration error that
  // a fix (and a redelivery or a resend) can cure, so it fails the attempt.
  const game = gameOf(deps.games, stored.match);
  const submission = { player: move.userId, moveId: move.moveId, seq: move.seq, move: move.move, args: move.args };
  const settlement = settleMove(game, stored, submission, deps.clock.now(), deps.logger);
  if (settlement.kind === 'answer') {
    // A repeat or a frame out of sequence: answered from the ledger, nothing applied, nothing written.
    await tellSender(deps, outbox, move, by, settlement.message);
    return 'done';
  }
  if ((await deps.matches.update(stored, settlement.update)) === 'conflict') return 'conflict';
  if (settlement.kind === 'refuse') {
    // Dropped: only the sender hears why (not their turn, game not running, illegal move, ...).
    // Too late for this turn: its timer should have fired, so it is armed again in case it was lost
    // (a crash between the write that started the turn and the arming); a timer that did fire changes
    // nothing when it fires again.
    const rearm = settlement.message.code === 'time_up' ? armTurnTimer(deps, stored) : undefined;
    await Promise.all([tellSender(deps, outbox, move, by, settlement.message), rearm]);
    return 'done';
  }
  // In parallel: neither waits for the other, and neither can fail the settled move.
  const [connected] = await Promise.all([
    announce(deps, outbox, settlement.written, move, settlement.ack, by),
    armTurnTimer(deps, settlement.written),
  ]);
  // When the fan-out failed, who was connected is unknown, so only the mover counts as present: a
  // spare nudge beats a missed turn.
  const present = connected ?? new Set([move.userId]);
  await notifyAway(deps, stored.id, stored.match, settlement.written.match, present);
  await rateFinishedMatch(deps, settlement.written);
  return 'done';
}

/**
 * Answers the sender, best effort. The decision is made and nothing is left to redo: failing over
 * an undeliverable notice would only make the caller redo a settled move (and, on the fifo path,
 * stall every later move of the match until SQS redelivers), for a message the client can recover
 * with a resend (same id) or a `sync`.
 */
async function tellSender(
  deps: SettleDeps,
  outbox: Outbox,
  move: QueuedMove,
  by: SettledBy,
  message: ServerMessage,
): Promise<void> {
  try {
    await sendTo(outbox, move.connectionId, message);
  } catch (error) {
    deps.logger.error(`${by}.notice_failed`, {
      connectionId: move.connectionId,
      moveId: move.moveId,
      error: describeError(error),
    });
  }
}

/**
 * Tells everyone. The move is already stored, so a failing fan-out must not fail the move: a retry
 * would find it applied and only re-ack the mover. Clients that missed this state catch up with the
 * next one or a `sync`.
 */
async function announce(
  deps: SettleDeps,
  outbox: Outbox,
  written: StoredMatch,
  move: QueuedMove,
  ack: Ack,
  by: SettledBy,
): Promise<ReadonlySet<string> | undefined> {
  const game = gameOf(deps.games, written.match);
  try {
    return await broadcastState({ ...outbox, clock: deps.clock }, game, written, {
      connectionId: move.connectionId,
      userId: move.userId,
      ack,
    });
  } catch (error) {
    deps.logger.error(`${by}.fanout_failed`, {
      matchId: written.id,
      version: written.match.version,
      error: describeError(error),
    });
    return undefined;
  }
}
