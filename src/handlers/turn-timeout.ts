import { type AnyGame, firstOverdue, playTimeout } from '../engine/index.js';
import { type MoveLogEntry, type StoredMatch, type TurnTimer, turnTimerSchema } from '../ports/index.js';
import { type QueuedTimeout, TIMEOUT_LOSS_MOVE, type TimeoutEvent, timeoutMoveId } from '../protocol/index.js';
import { armTurnTimer } from './arm-turn-timer.js';
import type { HandlerDeps } from './deps.js';
import { describeError } from './log-fields.js';
import { clockLowNotices } from './player-notices.js';
import { withRetries } from './retry.js';
import type { SettleDeps } from './settle-and-announce.js';
import { type StepDecision, settleStep } from './settle-step.js';

export type TimerDeps = SettleDeps & Pick<HandlerDeps, 'ordering' | 'queue'>;

/** A timeout on its way to being settled: from the timer itself (direct) or the FIFO queue (fifo). */
export type TimeoutRequest = Pick<QueuedTimeout, 'gameSessionId' | 'turn' | 'dueAt'>;

/**
 * A match's timer fired (the local timer loop calls this; on AWS, the scheduler's Lambda entry). The
 * timeout enters the match's own order: in `fifo` mode as a system message on the match's FIFO
 * group, settled by the queue consumer after every move queued before it; in `direct` mode settled
 * here with the version-conditioned write. Either way it times out only players whose own deadline
 * has passed by this handler's clock; otherwise nothing changes, so a timer that fires late, twice,
 * after a restart or after the game moved on is harmless. Throws when the timeout could not
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
 * A warning fired: each player whose clock runs low (clockLowNotices) and who is away (no live
 * connection) gets one `clock_low` notice. It writes nothing, so it needs no place in the match's
 * order, and it never throws: a notice is best effort, and a scheduler retrying it could only repeat it.
 */
async function warnClockLow(deps: TimerDeps, matchId: string, turn: number): Promise<void> {
  const { notifier } = deps;
  if (notifier === undefined) return;
  try {
    const stored = await deps.matches.get(matchId);
    const now = deps.clock.now();
    const notices = stored === undefined ? [] : clockLowNotices(matchId, stored.match, now);
    if (notices.length === 0) return;
    const connected = new Set((await deps.connections.listByGame(matchId, now)).map(({ userId }) => userId));
    const away = notices.filter((notice) => !connected.has(notice.userId));
    if (away.length > 0) await notifier.notify(away);
  } catch (error) {
    deps.logger.error('timer.clock_low_failed', { matchId, turn, error: describeError(error) });
  }
}

/**
 * Settles the timeouts due now and tells everyone: settleStep with playTimeout at the handler's clock.
 * Several players' time may have run out by now (everyone acting at once): one step each, until none
 * is due. A timer that fired before any deadline (a scheduler's clock ahead of ours) is armed again.
 * 'conflict' when the match kept changing for every attempt.
 */
export async function settleTimeout(
  deps: SettleDeps,
  timeout: TimeoutRequest,
  by: 'queue' | 'timer',
): Promise<'done' | 'conflict'> {
  const step = { matchId: timeout.gameSessionId, label: 'timeout' } as const;
  for (;;) {
    const settled = await settleStep(deps, step, timedOut, by === 'queue' ? 'queue' : 'direct');
    if (settled.kind === 'conflict') return 'conflict';
    if (settled.kind !== 'applied') return 'done';
    if (firstOverdue(settled.written.match.clock, deps.clock.now()) === undefined) return 'done';
  }

  function timedOut(game: AnyGame, stored: StoredMatch, now: number): StepDecision {
    const played = playTimeout(game, stored.match, { at: now });
    if (!played.ok) {
      const rearm = played.skip === 'not_due' ? (again: StoredMatch) => armTurnTimer(deps, again) : undefined;
      return { kind: 'skip', reason: played.skip, ...(rearm && { afterwards: rearm }) };
    }
    const { next, player, outcome } = played.value;
    const entry: MoveLogEntry = {
      version: next.version,
      player,
      seq: 0,
      moveId: timeoutMoveId(stored.match.turn),
      move: outcome.kind === 'move' ? outcome.move : TIMEOUT_LOSS_MOVE,
      args: outcome.kind === 'move' ? (outcome.args ?? null) : null,
      at: now,
    };
    const event: TimeoutEvent = { player, turn: stored.match.turn, outcome };
    return { kind: 'apply', next, entry, announce: { timeout: event } };
  }
}
