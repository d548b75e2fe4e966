import { botOf } from '../bots/index.js';
import type { StoredMatch } from '../ports/index.js';
import type { QueuedMove, ServerMessage } from '../protocol/index.js';
import { afterWrite } from './after-write.js';
import { armAhead, armTurnTimer } from './arm-turn-timer.js';
import { continueBots } from './bot-turns.js';
import type { Mover } from './broadcast.js';
import { type Outbox, outboxFor, sendTo } from './delivery.js';
import type { HandlerDeps } from './deps.js';
import { describeError } from './log-fields.js';
import { errorMessage, gameOf } from './messages.js';
import { DIRECT_WRITE_RETRY, MAX_WRITE_ATTEMPTS, TRANSIENT_RETRY, withRetries } from './retry.js';
import { type Ack, type MoveSubmission, type Settlement, settleMove } from './settle-move.js';

/** What settling needs; `ordering` (the direct mode when absent) and `queue` say where a bot's turn goes (bot-turns.ts). */
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
> &
  Partial<Pick<HandlerDeps, 'ordering' | 'queue'>>;

/** Which function is settling, for its log lines: the fifo consumer or the `move` route itself. */
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

/**
 * One attempt: read, settle, write on the version read. 'conflict' means someone wrote in between.
 * A repeat of the move that made the match's current version finishes that move's work (afterWrite):
 * the settlement that wrote it may have died, or lost the write's answer and ended up here, before
 * telling everyone.
 */
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
  if (botOf(stored.match, move.userId) !== undefined) {
    // They left, and a bot plays their seat now: nothing of theirs is numbered any more.
    await tellSender(deps, outbox, move, by, errorMessage('player_left', 'A bot plays your seat now.', move.moveId));
    return 'done';
  }
  // Outside settleMove's guard: a game this deployment does not serve is a configuration error that
  // a fix (and a redelivery or a resend) can cure, so it fails the attempt.
  const game = gameOf(deps.games, stored.match);
  const settlement = settleMove(game, stored, submissionOf(move), deps.clock.now(), deps.logger);
  if (settlement.kind !== 'apply') return settleWithoutWrite(deps, outbox, move, by, stored, settlement);
  const { update, written, ack } = settlement;
  await armAhead(deps, stored.id, stored.match, update.next);
  if ((await deps.matches.update(stored, update)) === 'conflict') return 'conflict';
  await afterWrite(deps, { written, previous: stored.match, endpoint: move.endpoint, mover: moverOf(move, ack), by });
  // After the mover's ack and everyone's state: a bot to move plays now (direct) or is queued (fifo).
  await continueBots(deps, written);
  return 'done';
}

/**
 * A settlement that changes no match: a repeat answered from the ledger (or, when it is the move that
 * made the match's current version, that move's work finished again), or a refusal recorded in its
 * sender's ledger (no version bump). 'conflict' when the refusal's record moved on since the read.
 */
export async function settleWithoutWrite(
  deps: SettleDeps,
  outbox: Outbox,
  move: QueuedMove,
  by: SettledBy,
  stored: StoredMatch,
  settlement: Exclude<Settlement, { kind: 'apply' }>,
): Promise<'done' | 'conflict'> {
  if (settlement.kind === 'answer') {
    if (settlement.applied === stored.match.version && settlement.message.type === 'ack') {
      const { id, seq, version } = settlement.message;
      deps.logger.info(`${by}.finishing_settled`, { matchId: stored.id, moveId: move.moveId, version });
      await afterWrite(deps, {
        written: stored,
        endpoint: move.endpoint,
        mover: moverOf(move, { id, seq, version }),
        by,
      });
      await continueBots(deps, stored);
      return 'done';
    }
    // A repeat of an earlier state, or a frame out of sequence: answered from the ledger, nothing written.
    // A bot that may act is seen to as well: this may be the redelivery of a move whose bot turn was lost.
    await Promise.all([tellSender(deps, outbox, move, by, settlement.message), continueBots(deps, stored)]);
    return 'done';
  }
  if ((await deps.matches.settleRefusal(stored, settlement.refusal)) === 'conflict') return 'conflict';
  // Dropped: only the sender hears why (not their turn, an illegal move, ...). Too late for this
  // turn: its timer should have fired, so it is armed again in case it was lost; a timer that did
  // fire changes nothing when it fires again.
  const rearm = settlement.message.code === 'time_up' ? armTurnTimer(deps, stored) : undefined;
  await Promise.all([tellSender(deps, outbox, move, by, settlement.message), rearm]);
  await continueBots(deps, stored);
  return 'done';
}

export const submissionOf = (move: QueuedMove): MoveSubmission => ({
  player: move.userId,
  moveId: move.moveId,
  seq: move.seq,
  move: move.move,
  args: move.args,
});

const moverOf = (move: QueuedMove, ack: Ack): Mover => ({ connectionId: move.connectionId, userId: move.userId, ack });

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
