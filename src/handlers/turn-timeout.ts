import { playTimeout } from '../engine/index.js';
import { type MoveLogEntry, type StoredMatch, type TurnTimer, turnTimerSchema } from '../ports/index.js';
import { type QueuedTimeout, TIMEOUT_LOSS_MOVE, type TimeoutEvent, timeoutMoveId } from '../protocol/index.js';
import { armTurnTimer } from './arm-turn-timer.js';
import { broadcastState } from './broadcast.js';
import { outboxFor } from './delivery.js';
import type { HandlerDeps } from './deps.js';
import { describeError } from './log-fields.js';
import { gameOf } from './messages.js';
import { notifyAway } from './notify-away.js';
import { clockLowNotice } from './player-notices.js';
import { rateFinishedMatch } from './ratings.js';
import { DIRECT_WRITE_RETRY, MAX_WRITE_ATTEMPTS, TRANSIENT_RETRY, withRetries } from './retry.js';
import type { SettleDeps } from './settle-and-announce.js';
import { ledgerOf } from './settle-move.js';

export type TimerDeps = SettleDeps & Pick<HandlerDeps, 'ordering' | 'queue'>;

/** A timeout on its way to being settled: from the timer itself (direct) or the FIFO queue (fifo). */
export type TimeoutRequest = Pick<QueuedTimeout, 'gameSessionId' | 'turn' | 'dueAt'>;

/**
 * A turn's timer fired (the local timer loop calls this; on AWS, the scheduler's Lambda entry). The
 * timeout enters the match's own order: in `fifo` mode as a system message on the match's FIFO
 * group, settled by the queue consumer after every move queued before it; in `direct` mode settled
 * here with the version-conditioned write. Either way it applies only if the match is still running
 * at `timer.turn` and its deadline has passed by this handler's clock; otherwise nothing changes, so
 * a timer that fires late, twice or after a restart is harmless. Throws when the timeout could not
 * be queued or settled, so that the scheduler fires it again. The warning firing of a timer (`kind:
 * 'clock_low'`) only nudges its player (warnClockLow).
 */
export async function fireTurnTimer(deps: TimerDeps, timer: TurnTimer): Promise<void> {
  const parsed = turnTimerSchema.safeParse(timer);
  if (!parsed.success) {
    // Only this server arms timers: a malformed one is a bug, and firing it again would not help.
    deps.logger.error('timer.malformed', { error: parsed.error.message });
    return;
  }
  const { matchId, turn, dueAt, kind } = parsed.data;
  if (kind === 'clock_low') return warnClockLow(deps, matchId, turn);
  if (deps.ordering === 'fifo') {
    const { queue } = deps;
    if (queue === undefined) throw new Error('ordering mode fifo needs a move queue for its timeouts');
    const message: QueuedTimeout = {
      system: 'turn_timeout',
      gameSessionId: matchId,
      turn,
      dueAt,
      firedAt: deps.clock.now(),
    };
    await withRetries(() => queue.send(message));
    return;
  }
  if ((await settleTimeout(deps, { gameSessionId: matchId, turn, dueAt }, 'timer')) === 'conflict') {
    throw new Error(`match ${matchId} kept changing under its turn ${turn} timeout`);
  }
}

/**
 * A turn's warning fired: its player, if still to move at that turn with time left and away (no live
 * connection), gets one `clock_low` notice. It writes nothing, so it needs no place in the match's
 * order, and it never throws: a notice is best effort, and a scheduler retrying it could only repeat it.
 */
async function warnClockLow(deps: TimerDeps, matchId: string, turn: number): Promise<void> {
  const { notifier } = deps;
  if (notifier === undefined) return;
  try {
    const stored = await deps.matches.get(matchId);
    const now = deps.clock.now();
    const notice = stored && clockLowNotice(matchId, stored.match, turn, now);
    if (notice === undefined) return;
    const connections = await deps.connections.listByGame(matchId, now);
    if (connections.some(({ userId }) => userId === notice.userId)) return;
    await notifier.notify([notice]);
  } catch (error) {
    deps.logger.error('timer.clock_low_failed', { matchId, turn, error: describeError(error) });
  }
}

/**
 * Settles one timeout and tells everyone: read, playTimeout at the handler's clock, write on the
 * version read (retrying a lost race as a move does), then fan out the new state with the timeout
 * event and arm the next turn's timer, and last nudge the players who are away (the turn passed to
 * one, or the match ended). 'conflict' when the match kept changing for every attempt.
 */
export async function settleTimeout(
  deps: SettleDeps,
  timeout: TimeoutRequest,
  by: 'queue' | 'timer',
): Promise<'done' | 'conflict'> {
  const where = { matchId: timeout.gameSessionId, turn: timeout.turn };
  return withRetries(() => settleTimeoutOnce(deps, timeout), {
    policy: by === 'queue' ? { ...TRANSIENT_RETRY, maxAttempts: MAX_WRITE_ATTEMPTS } : DIRECT_WRITE_RETRY,
    retryIf: (result) => result === 'conflict',
    onRetry: ({ attempt, delayMs, reason }) =>
      reason === 'conflict'
        ? deps.logger.warn('timeout.version_conflict', { ...where, attempt, delayMs })
        : deps.logger.warn('timeout.transient_failure', { ...where, attempt, delayMs, error: describeError(reason) }),
  });
}

async function settleTimeoutOnce(deps: SettleDeps, timeout: TimeoutRequest): Promise<'done' | 'conflict'> {
  const stored = await deps.matches.get(timeout.gameSessionId);
  if (stored === undefined) {
    deps.logger.warn('timeout.unknown_match', { matchId: timeout.gameSessionId });
    return 'done';
  }
  const game = gameOf(deps.games, stored.match);
  const now = deps.clock.now();
  const played = playTimeout(game, stored.match, { turn: timeout.turn, at: now });
  if (!played.ok) {
    deps.logger.info('timeout.skipped', { matchId: stored.id, turn: timeout.turn, reason: played.skip });
    // Fired before the deadline (a scheduler's clock ahead of ours): armed again, or it would be lost.
    if (played.skip === 'not_due') await armTurnTimer(deps, stored);
    return 'done';
  }
  const { next, player, outcome } = played.value;
  const entry: MoveLogEntry = {
    version: next.version,
    player,
    seq: 0,
    moveId: timeoutMoveId(timeout.turn),
    move: outcome.kind === 'move' ? outcome.move : TIMEOUT_LOSS_MOVE,
    args: outcome.kind === 'move' ? (outcome.args ?? null) : null,
    at: now,
  };
  // The player's ledger is written unchanged: a timeout is no move of theirs, but the log entry rides on it.
  const settled = { player, ledger: ledgerOf(stored, player), entry };
  if ((await deps.matches.update(stored, { next, now, settled })) === 'conflict') return 'conflict';
  deps.logger.info('timeout.applied', { matchId: stored.id, turn: timeout.turn, player, outcome: outcome.kind });

  const written: StoredMatch = { ...stored, match: next, lastMove: entry, updatedAt: now };
  const event: TimeoutEvent = { player, turn: timeout.turn, outcome };
  const [connected] = await Promise.all([announceTimeout(deps, written, event), armTurnTimer(deps, written)]);
  // Nobody moved: when the fan-out failed, nobody counts as present (a spare nudge beats a missed turn).
  await notifyAway(deps, stored.id, stored.match, next, connected ?? new Set());
  await rateFinishedMatch(deps, written);
  return 'done';
}

/**
 * Everyone in the match hears the new state with the timeout on it. Best effort, as for a move.
 * Answers who had a live connection; `undefined` when that is unknown (no endpoint, or a failure).
 */
async function announceTimeout(
  deps: SettleDeps,
  written: StoredMatch,
  timeout: TimeoutEvent,
): Promise<ReadonlySet<string> | undefined> {
  const endpoint = deps.webSocketEndpoint;
  if (endpoint === undefined) {
    deps.logger.warn('timeout.no_endpoint', { matchId: written.id });
    return undefined;
  }
  try {
    const outbox = { ...outboxFor(deps, endpoint), clock: deps.clock };
    return await broadcastState(outbox, gameOf(deps.games, written.match), written, undefined, { timeout });
  } catch (error) {
    deps.logger.error('timeout.fanout_failed', { matchId: written.id, error: describeError(error) });
    return undefined;
  }
}
