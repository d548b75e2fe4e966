import { createHash } from 'node:crypto';
import { CreateScheduleCommand, DeleteScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { type Clock, systemClock } from '../ports/clock.js';
import { SchedulerError } from '../ports/errors.js';
import type { Scheduler, TurnTimer } from '../ports/scheduler.js';
import { SDK_TIMEOUTS } from './sdk-clients.js';
import { isTransientAwsError } from './transient-errors.js';
import { turnTimerConfig } from './turn-timer-config.js';

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
 * schedule per timer (match, turn and deadline), deleted by the service once it has fired
 * (ActionAfterCompletion DELETE). Scheduler invokes a target within the minute its schedule names, never to the second,
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
     * Creates the timer's schedule; one armed already (ConflictException) is fine. The match's other
     * schedules stay: the handlers disarm the replaced timer by name once the write that replaced it
     * is stored (arm-turn-timer.ts). A turn with a warning that fits (warnsFirst) gets its warning as
     * the timer's one schedule instead, and the deadline is armed when the warning fires (`warned`):
     * no second schedule per move.
     */
    async schedule(timer) {
      const { matchId, turn, dueAt, warnAt } = timer;
      // A bot's turn (bot-turns.ts) beside the turn's deadline, under its own name: the deadline stays
      // armed, and the turn that follows the bot's move arms its own.
      if (timer.kind === 'bot') return create(botTurnName(timer), dueAt, { matchId, turn, dueAt, kind: 'bot' });
      const deadline: TurnTimer = { matchId, turn, dueAt };
      if (warnAt !== undefined && warnsFirst(warnAt, dueAt, clock.now())) {
        await create(scheduleName(timer), warnAt, { ...deadline, warnAt, kind: 'clock_low' });
      } else {
        await create(scheduleName(timer), dueAt, deadline);
      }
    },

    /**
     * The deadline after a warning, under its own name: the warning's schedule may still exist (it is
     * deleted once its invocation completes).
     */
    async warned({ matchId, turn, dueAt }) {
      await create(deadlineAfterWarningName({ matchId, turn, dueAt }), dueAt, { matchId, turn, dueAt });
    },

    /**
     * Deletes the timer's schedule and, should its warning have fired, the deadline armed after it
     * (usually not there: a DeleteSchedule that finds nothing is not billed and changes nothing).
     */
    async cancel(timer) {
      const removed = await Promise.allSettled([remove(scheduleName(timer)), remove(deadlineAfterWarningName(timer))]);
      const failed = removed.find((outcome) => outcome.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
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
 * `m-<id>.<turn>.<deadline's minute>` (both numbers base 36) when that fits in 62 characters of
 * `[0-9a-zA-Z-_.]` (an id of up to 43 URL-safe characters, what the lobby mints, and any turn below
 * 36^6, two billion), else `h-` and the SHA-256 of the three, base64url: 45 characters. Either way
 * `.d` still fits in a schedule name's 64. A timer is known by its match, turn and deadline
 * (ports/scheduler.ts), so two writes of one turn that raced with different deadlines arm two
 * schedules rather than one hiding the other; Scheduler fires by the minute, so the minute names the
 * deadline closely enough.
 */
export function scheduleName({ matchId, turn, dueAt }: Pick<TurnTimer, 'matchId' | 'turn' | 'dueAt'>): string {
  const minute = Math.floor(dueAt / MINUTE_MS);
  const plain = `m-${matchId}.${turn.toString(36)}.${minute.toString(36)}`;
  if (plain.length <= 62 && /^m-[0-9A-Za-z_-]+\.[0-9a-z]+\.[0-9a-z]+$/.test(plain)) return plain;
  return `h-${createHash('sha256').update(`${matchId}\u0000${turn}\u0000${minute}`).digest('base64url')}`;
}

/** A bot's turn to be played (a chain of bot moves going on): `<scheduleName>.b`, at most 64 characters. */
export function botTurnName(timer: Pick<TurnTimer, 'matchId' | 'turn' | 'dueAt'>): string {
  return `${scheduleName(timer)}.b`;
}

/** The deadline armed once a timer's warning fired: `<scheduleName>.d`, at most 64 characters. */
export function deadlineAfterWarningName(timer: Pick<TurnTimer, 'matchId' | 'turn' | 'dueAt'>): string {
  return `${scheduleName(timer)}.d`;
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
