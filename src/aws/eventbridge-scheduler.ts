import { createHash } from 'node:crypto';
import { CreateScheduleCommand, DeleteScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { type Clock, systemClock } from '../ports/clock.js';
import { SchedulerError } from '../ports/errors.js';
import type { Scheduler, TurnTimer } from '../ports/scheduler.js';
import { isTransientAwsError } from './transient-errors.js';
import { turnTimerConfig } from './turn-timer-config.js';
import { SDK_TIMEOUTS } from './wiring.js';

export { TURN_TIMER_ENV } from './turn-timer-config.js';

export interface EventBridgeSchedulerOptions {
  readonly client: SchedulerClient;
  /** The schedule group every turn timer lives in (infra/turn-timers.ts): IAM is scoped to it. */
  readonly groupName: string;
  /** The `turn-timer` function's ARN: each schedule invokes it with the TurnTimer as its event. */
  readonly targetArn: string;
  /** The role EventBridge Scheduler assumes to invoke it (it may invoke that function and nothing else). */
  readonly roleArn: string;
  readonly clock?: Clock;
}

const MINUTE_MS = 60_000;

/**
 * Turn timers on EventBridge Scheduler (docs/deploy.md, "Turn timers on AWS"): one one-time `at()`
 * schedule per match and turn, deleted by the service once it has fired (ActionAfterCompletion
 * DELETE). Scheduler invokes a target within the minute its schedule names, never to the second,
 * so the schedule names the deadline's minute and the turn-timer function waits out the rest
 * (src/aws/lambda/turn-timer.ts); a minute that has already begun is not armed (it may never come),
 * the next one is. At-least-once and late fires are safe: a timeout applies only at its turn.
 * A turn's `clock_low` warning rides on its one schedule when it fits (warnsFirst); the deadline is
 * then armed when the warning fires (`warned`, called by the turn-timer function).
 */
export function createEventBridgeScheduler(options: EventBridgeSchedulerOptions): Scheduler {
  const { client, groupName: GroupName } = options;
  const clock = options.clock ?? systemClock;

  /** Deletes one schedule; one that fired (and deleted itself) or never existed is fine. */
  async function remove(Name: string): Promise<void> {
    try {
      await client.send(new DeleteScheduleCommand({ Name, GroupName }));
    } catch (error) {
      if (named(error, 'ResourceNotFoundException')) return;
      throw schedulerError('DeleteSchedule', error);
    }
  }

  /** Creates one self-deleting schedule that invokes the turn-timer function with `input`; one armed already is fine. */
  async function create(Name: string, firesAt: number, input: TurnTimer): Promise<void> {
    try {
      await client.send(
        new CreateScheduleCommand({
          Name,
          GroupName,
          ScheduleExpression: atExpression(firesAt, clock.now()),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: options.targetArn,
            RoleArn: options.roleArn,
            Input: JSON.stringify(input),
            // A throttled or failing invoke is retried with backoff for up to an hour: a late timeout still applies.
            RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 3_600 },
          },
        }),
      );
    } catch (error) {
      if (!named(error, 'ConflictException')) throw schedulerError('CreateSchedule', error);
    }
  }

  return {
    /**
     * Arms the new turn before disarming the old: a failure in between leaves two timers, of which
     * the stale one changes nothing, rather than none. Arming the same turn twice is a no-op. A turn
     * with a warning that fits (warnsFirst) gets its warning as the turn's one schedule instead,
     * and the deadline is armed when the warning fires (`warned`): no second schedule per move.
     */
    async schedule(timer) {
      const { matchId, turn, dueAt, warnAt } = timer;
      // A bot's turn (bot-turns.ts) beside the turn's deadline, under its own name: the deadline stays
      // armed, and the turn that follows the bot's move arms its own.
      if (timer.kind === 'bot') return create(botTurnName(matchId, turn), dueAt, { matchId, turn, dueAt, kind: 'bot' });
      const deadline: TurnTimer = { matchId, turn, dueAt };
      if (warnAt !== undefined && warnsFirst(warnAt, dueAt, clock.now())) {
        await create(scheduleName(matchId, turn), warnAt, { ...deadline, warnAt, kind: 'clock_low' });
      } else {
        await create(scheduleName(matchId, turn), dueAt, deadline);
      }
      if (turn > 0) await remove(scheduleName(matchId, turn - 1));
    },

    /**
     * The deadline after a warning, under its own name: the warning's schedule may still exist (it is
     * deleted once its invocation completes). The next turn deletes only the turn's first schedule,
     * so this one, when the turn ends before it, fires once into a turn that has passed (a no-op):
     * a cost per warned turn, never per move.
     */
    async warned({ matchId, turn, dueAt }) {
      await create(deadlineAfterWarningName(matchId, turn), dueAt, { matchId, turn, dueAt });
    },

    /**
     * Deletes the turn's schedule. Without the turn there is nothing to name: finding a match's
     * schedules would take ListSchedules, which IAM grants only on every resource of the account, so
     * the timer is left to fire into a turn that has passed (a no-op) and delete itself.
     */
    async cancel(matchId, turn) {
      if (turn !== undefined) await remove(scheduleName(matchId, turn));
    },
  };
}

/**
 * The Scheduler of a function that arms turn timers, from its environment (turn-timer-config.ts);
 * `undefined` in a stack without turn timers. The client is created once, like every SDK client here.
 */
export function eventBridgeSchedulerFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  client?: SchedulerClient,
): Scheduler | undefined {
  const config = turnTimerConfig(env);
  if (config === undefined) return undefined;
  return createEventBridgeScheduler({
    ...config,
    client:
      client ?? new SchedulerClient({ retryMode: 'standard', maxAttempts: 3, requestHandler: { ...SDK_TIMEOUTS } }),
  });
}

/**
 * `m-<id>.<turn>` for an id of up to 43 URL-safe characters (what the lobby mints), else
 * `h-<sha256 of the id, base64url>.<turn>`: at most 2 + 43 + 1 + 16 = 62 characters, inside the 64
 * of a schedule name and its `[0-9a-zA-Z-_.]` alphabet. The `.` ends the match's part, so one
 * match's prefix is never another's.
 */
export function scheduleName(matchId: string, turn: number): string {
  return `${matchKey(matchId)}.${turn}`;
}

/** A bot's turn to be played (a chain of bot moves going on): `<scheduleName>.b`, at most 64 characters. */
export function botTurnName(matchId: string, turn: number): string {
  return `${scheduleName(matchId, turn)}.b`;
}

/** The deadline armed once a turn's warning fired: `<scheduleName>.d`, at most 64 characters. */
export function deadlineAfterWarningName(matchId: string, turn: number): string {
  return `${scheduleName(matchId, turn)}.d`;
}

/**
 * Whether a turn's warning can go first: Scheduler fires within a minute, never to the second, so the
 * warning's minute must not have begun (it would slip to the next) and must come before the
 * deadline's (arming the deadline once the warning fired would otherwise slip it a minute late). A
 * warning that does not fit is skipped on AWS: the deadline's precision comes first.
 */
export function warnsFirst(warnAt: number, dueAt: number, now: number): boolean {
  const minute = (at: number) => Math.floor(at / MINUTE_MS);
  return minute(warnAt) > minute(now) && minute(warnAt) < minute(dueAt);
}

function matchKey(matchId: string): string {
  if (/^[0-9A-Za-z_-]{1,43}$/.test(matchId)) return `m-${matchId}`;
  return `h-${createHash('sha256').update(matchId).digest('base64url')}`;
}

/** `at(yyyy-mm-ddThh:mm:00)` in UTC: the deadline's minute, or the next one to begin after `now`. */
export function atExpression(dueAt: number, now: number): string {
  const minute = Math.max(Math.floor(dueAt / MINUTE_MS), Math.floor(now / MINUTE_MS) + 1) * MINUTE_MS;
  return `at(${new Date(minute).toISOString().slice(0, 16)}:00)`;
}

function named(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}

function schedulerError(operation: string, error: unknown): SchedulerError {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new SchedulerError(`EventBridge Scheduler ${operation} failed (${reason})`, {
    cause: error,
    transient: isTransientAwsError(error),
  });
}
