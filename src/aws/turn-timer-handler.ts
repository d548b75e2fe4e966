import type { Context } from 'aws-lambda';
import { fireTurnTimer, type HandlerDeps } from '../handlers/index.js';
import { jsonLogger } from '../ports/logger.js';
import { turnTimerSchema } from '../ports/scheduler.js';
import { TURN_TIMER_ENV } from './turn-timer-config.js';

/**
 * The function EventBridge Scheduler invokes when a turn's time runs out, with the TurnTimer it was
 * armed with as its event (eventbridge-scheduler.ts). Scheduler fires within the deadline's minute, so
 * an early invocation waits out the rest (at most a minute; the function's timeout allows for it): a
 * timeout never lands before its deadline. A late, repeated or stale fire is harmless: the timeout
 * applies only if the match is still at that turn. A turn's `clock_low` warning comes the same way,
 * and this function then arms the turn's deadline (`Scheduler.warned`).
 */
export function createTurnTimerHandler(deps: () => HandlerDeps) {
  const logger = jsonLogger();
  return async (event: unknown, context: Context): Promise<void> => {
    const timer = turnTimerSchema.safeParse(event);
    if (!timer.success) {
      // Nothing a retry could fix: logged and dropped, never thrown (Scheduler would retry it for an hour).
      logger.error('turn_timer.bad_event', { issue: timer.error.issues[0]?.message });
      return;
    }
    // Arming the next turn's timer targets this very function, whose ARN its stack cannot name (infra/turn-timers.ts).
    process.env[TURN_TIMER_ENV.functionArn] ??= unqualified(context.invokedFunctionArn);
    const shared = deps();
    // A turn's clock_low warning (eventbridge-scheduler.ts) waits for its own time, not the deadline's.
    const { dueAt, warnAt, kind } = timer.data;
    const early = (kind === 'clock_low' ? (warnAt ?? dueAt) : dueAt) - shared.clock.now();
    if (early > 0) await new Promise((resolve) => setTimeout(resolve, early));
    await fireTurnTimer(shared, timer.data);
    // The warning's schedule was the turn's only one: now the deadline. A throw makes Scheduler retry
    // this invocation (the warning may repeat; the deadline is never lost).
    if (kind !== 'clock_low') return;
    const { scheduler } = shared;
    if (scheduler?.warned === undefined) {
      // A stack that armed a warning but gave this function no scheduler: only a late move re-arms the turn.
      logger.error('turn_timer.deadline_not_armed', { matchId: timer.data.matchId, turn: timer.data.turn });
      return;
    }
    await scheduler.warned(timer.data);
  };
}

/** `arn:aws:lambda:region:account:function:name`, without a version or alias. */
const unqualified = (arn: string): string => arn.split(':').slice(0, 7).join(':');
