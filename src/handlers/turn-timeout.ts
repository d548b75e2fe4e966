import { botOf, chooseBotMove } from '../bots/index.js';
import { type AnyGame, firstOverdue, type Match, type PlayerId, playTimeout } from '../engine/index.js';
import { type MoveLogEntry, type StoredMatch, sameTimer, type TurnTimer, turnTimerSchema } from '../ports/index.js';
import {
  botTimeoutMoveId,
  isTimeoutEntry,
  type QueuedTimeout,
  TIMEOUT_LOSS_MOVE,
  type TimeoutEvent,
  timeoutMoveId,
} from '../protocol/index.js';
import { armTurnTimer, timerFor } from './arm-turn-timer.js';
import { continueBots } from './bot-turns.js';
import type { HandlerDeps } from './deps.js';
import { describeError } from './log-fields.js';
import { clockLowNotices } from './player-notices.js';
import { withRetries } from './retry.js';
import type { SettleDeps } from './settle-and-announce.js';
import { isLatestStep, type StepDecision, settleStep } from './settle-step.js';

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
 * be queued or settled. Who tries again then: the local timer loop, a second later; on AWS nobody at
 * EventBridge Scheduler (its retry policy covers only an Invoke call that failed, and this invocation
 * is asynchronous), but Lambda's asynchronous invocation retries a function error twice, then hands
 * the event to the function's on-failure destination (infra/turn-timers.ts, alarmed). Whatever
 * happens to a timer, the deadline sweep (sweeps/overdue-timeouts.ts) settles a turn whose deadline
 * has long passed. The warning firing of a timer (`kind: 'clock_low'`) only nudges its player
 * (warnClockLow).
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
  if (kind === 'bot') return botTimerFired(deps, matchId);
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
 * How long a fired timer should wait before it fires, read from the match, not from the timer: a
 * scheduler that fires by the minute (EventBridge Scheduler) may fire up to a minute early, and only
 * the match knows whether its deadline still stands. 'stale' when nothing is due within `horizonMs`:
 * the match is over, no clock runs, or a later deadline replaced this timer's (that one's own timer
 * is armed again, in case, and fires then); else the milliseconds to wait, 0 when due now. A warning
 * (`kind: 'clock_low'`) waits for its `warnAt`, and only while its turn still runs; a bot's turn
 * (`kind: 'bot'`) for its own `dueAt`. One read, none for a bot's turn.
 */
export async function whenDue(deps: TimerDeps, timer: TurnTimer, horizonMs: number): Promise<number | 'stale'> {
  // A bot's turn (bot-turns.ts) is due when it was asked for: the match decides, once it fires, whether a bot may act.
  if (timer.kind === 'bot') return Math.max(0, timer.dueAt - deps.clock.now());
  const stored = await deps.matches.get(timer.matchId);
  const now = deps.clock.now();
  const current = stored && timerFor(stored.id, stored.match, now);
  if (stored === undefined || current === undefined) return 'stale';
  if (timer.kind === 'clock_low') return sameTimer(current, timer) ? Math.max(0, (timer.warnAt ?? 0) - now) : 'stale';
  const wait = current.dueAt - now;
  if (wait <= horizonMs) return Math.max(0, wait);
  if (!sameTimer(current, timer)) await armTurnTimer(deps, stored);
  return 'stale';
}

/**
 * A chain of bot moves goes on (bot-turns.ts): this timer replaced the turn's own, so the turn's
 * deadline is armed again first, then the bots play on (each move arms the next turn's).
 */
async function botTimerFired(deps: TimerDeps, matchId: string): Promise<void> {
  const stored = await deps.matches.get(matchId);
  if (stored === undefined) return;
  await armTurnTimer(deps, stored);
  await continueBots(deps, stored);
}

/**
 * A warning fired: each player whose clock runs low (clockLowNotices) and who is away (no live
 * connection) gets one `clock_low` notice. It writes nothing, so it needs no place in the match's
 * order, and it never throws: a notice is best effort, and a retry could only repeat it.
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
    if (settled.kind === 'unknown') return 'done';
    const now = deps.clock.now();
    if (settled.kind === 'skipped' || firstOverdue(settled.written.match.clock, now) === undefined) {
      await continueBots(deps, settled.written);
      return 'done';
    }
  }

  function timedOut(game: AnyGame, stored: StoredMatch, now: number): StepDecision {
    const choose = (player: PlayerId) => botChoice(deps, game, stored.match, player);
    const played = playTimeout(game, stored.match, { at: now, choose });
    if (!played.ok) {
      if (isLatestStep(stored, isTimeoutEntry))
        return { kind: 'finish', announce: { timeout: timeoutEventOf(stored) } };
      const rearm = played.skip === 'not_due' ? (again: StoredMatch) => armTurnTimer(deps, again) : undefined;
      return { kind: 'skip', reason: played.skip, ...(rearm && { afterwards: rearm }) };
    }
    const { next, player, outcome, chosenByCaller } = played.value;
    const entry: MoveLogEntry = {
      version: next.version,
      player,
      seq: 0,
      // A bot's choice is logged as such: a replay plays it as logged, not the game's own onTimeout.
      moveId: (chosenByCaller ? botTimeoutMoveId : timeoutMoveId)(stored.match.turn),
      move: outcome.kind === 'move' ? outcome.move : TIMEOUT_LOSS_MOVE,
      args: outcome.kind === 'move' ? (outcome.args ?? null) : null,
      at: now,
    };
    const event: TimeoutEvent = { player, turn: stored.match.turn, outcome };
    return { kind: 'apply', next, entry, announce: { timeout: event } };
  }
}

/** The `timeout` a state message carries, for the timeout that is the match's latest step (its log entry). */
function timeoutEventOf(stored: StoredMatch): TimeoutEvent {
  const entry = stored.lastMove as MoveLogEntry;
  const outcome: TimeoutEvent['outcome'] =
    entry.move === TIMEOUT_LOSS_MOVE ? { kind: 'lost' } : { kind: 'move', move: entry.move, args: entry.args };
  // The step bumped the turn it was taken at.
  return { player: entry.player, turn: stored.match.turn - 1, outcome };
}

/**
 * The move a bot makes for a player whose time ran out: the seat's own bot when a bot plays it (its
 * turn was never played: a lost trigger), else the match's timeout bot; none, and the game's own rule
 * decides. A bot that fails is logged and the game's own rule decides.
 */
function botChoice(deps: Pick<SettleDeps, 'logger'>, game: AnyGame, match: Match, player: PlayerId) {
  const bot = botOf(match, player) ?? match.bots?.onTimeout;
  if (bot === undefined) return undefined;
  try {
    return chooseBotMove(game, match, player, bot);
  } catch (error) {
    deps.logger.error('bot.choice_threw', { player, bot, turn: match.turn, error: describeError(error) });
    return undefined;
  }
}
