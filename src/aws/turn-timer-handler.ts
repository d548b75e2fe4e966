import type { Context } from 'aws-lambda';
import { fireTurnTimer, type TimerDeps, whenDue } from '../handlers/index.js';
import { jsonLogger } from '../ports/logger.js';
import { turnTimerSchema } from '../ports/scheduler.js';
import { TURN_TIMER_ENV } from './turn-timer-config.js';

/**
 * How far ahead of a deadline a fire may come and still wait for it: Scheduler fires within the
 * deadline's minute, so at most 60 s early, and the function's timeout (infra/handler-functions.ts,
 * 90 s) leaves room for the wait and the settling after it.
 */
export const MAX_EARLY_MS = 65_000;

/**
 * The function EventBridge Scheduler invokes when a turn's time runs out, with the TurnTimer it was
 * armed with as its event (eventbridge-scheduler.ts). It reads the match first (`whenDue`): a stale
 * fire (the match moved on, or ended) costs one read and returns at once; one that came within the
 * deadline's minute but early waits out the rest, so a timeout never lands before its deadline. A
 * late or repeated fire is harmless: only a deadline that has passed is settled. A turn's
 * `clock_low` warning comes the same way, and this function then arms the turn's deadline
 * (`Scheduler.warned`).
 *
 * A throw fails the invocation. EventBridge Scheduler does not retry that (its retry policy covers
 * only an Invoke call that failed; this one is asynchronous and succeeded): Lambda's asynchronous
 * invocation retries a function error twice and then sends the event to the on-failure destination
 * (a queue with an alarm, infra/turn-timers.ts). The deadline sweep settles the turn regardless.
 */
export function createTurnTimerHandler(deps: () => TimerDeps) {
  const logger = jsonLogger();
  return async (event: unknown, context: Context): Promise<void> => {
    const timer = turnTimerSchema.safeParse(event);
    if (!timer.success) {
      // Nothing a retry could fix: logged and dropped, never thrown (it would only be retried and parked).
      logger.error('turn_timer.bad_event', { issue: timer.error.issues[0]?.message });
      return;
    }
    // Arming the next turn's timer targets this very function, whose ARN its stack cannot name (infra/turn-timers.ts).
    process.env[TURN_TIMER_ENV.functionArn] ??= unqualified(context.invokedFunctionArn);
    const shared = deps();
    const wait = await whenDue(shared, timer.data, MAX_EARLY_MS);
    if (wait === 'stale') {
      logger.info('turn_timer.stale', { matchId: timer.data.matchId, turn: timer.data.turn });
      return;
    }
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await fireTurnTimer(shared, timer.data);
    // The warning's schedule was the turn's only one: now the deadline. A throw fails this invocation,
    // which Lambda retries (the warning may repeat; the deadline sweep covers a deadline never armed).
    if (timer.data.kind !== 'clock_low') return;
    const { scheduler } = shared;
    if (scheduler?.warned === undefined) {
      // A stack that armed a warning but gave this function no scheduler: the deadline sweep settles the turn.
      logger.error('turn_timer.deadline_not_armed', { matchId: timer.data.matchId, turn: timer.data.turn });
      return;
    }
    await scheduler.warned(timer.data);
  };
}

/** `arn:aws:lambda:region:account:function:name`, without a version or alias. */
const unqualified = (arn: string): string => arn.split(':').slice(0, 7).join(':');
