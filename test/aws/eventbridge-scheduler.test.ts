import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  atExpression,
  botTurnName,
  createEventBridgeScheduler,
  deadlineAfterWarningName,
  eventBridgeSchedulerFromEnv,
  scheduleName,
} from '../../src/aws/eventbridge-scheduler.js';
import { turnTimerConfig } from '../../src/aws/turn-timer-config.js';
import { SchedulerError } from '../../src/ports/index.js';
import { localClientConfig } from '../support/local-aws.js';

/**
 * EventBridge Scheduler has no local engine, so the adapter talks to a loopback server that records
 * every request exactly as the SDK sent it (method, path, query, JSON body) and answers as the
 * service does, errors included (`x-amzn-errortype`).
 */
interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: unknown;
}
type Answer = { status: number; body?: unknown; error?: string };

let server: Server;
let endpoint: string;
const requests: Recorded[] = [];
let answer: (request: Recorded) => Answer = () => ({ status: 200, body: {} });

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: Recorded = {
        method: request.method ?? '',
        path: decodeURIComponent(url.pathname),
        query: Object.fromEntries(url.searchParams),
        body: text ? JSON.parse(text) : undefined,
      };
      requests.push(recorded);
      const { status, body, error } = answer(recorded);
      response.writeHead(status, {
        'content-type': 'application/json',
        ...(error ? { 'x-amzn-errortype': error } : {}),
      });
      response.end(JSON.stringify(body ?? (error ? { Message: error } : {})));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests.length = 0;
  answer = () => ({ status: 200, body: {} });
});

const NOW = Date.UTC(2026, 10, 30, 14, 0, 20);
const options = () => ({
  client: new SchedulerClient({ ...localClientConfig(endpoint), maxAttempts: 1 }),
  groupName: 'turngate-turn-timers',
  targetArn: 'arn:aws:lambda:us-east-1:123456789012:function:turn-timer',
  roleArn: 'arn:aws:iam::123456789012:role/turn-timer-scheduler',
  clock: { now: () => NOW },
});

describe('EventBridge Scheduler turn timers', () => {
  it('arms one self-deleting at() schedule per timer (match, turn, deadline), leaving the others alone', async () => {
    const scheduler = createEventBridgeScheduler(options());
    const timer = { matchId: 'Xy_9-abc', turn: 7, dueAt: Date.UTC(2026, 10, 30, 14, 5, 42, 500) };
    await scheduler.schedule(timer);
    expect(requests).toEqual([
      {
        method: 'POST',
        path: '/schedules/m-Xy_9-abc.7.htlbh',
        query: {},
        body: {
          GroupName: 'turngate-turn-timers',
          ScheduleExpression: 'at(2026-11-30T14:05:00)',
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          ClientToken: expect.any(String),
          Target: {
            Arn: 'arn:aws:lambda:us-east-1:123456789012:function:turn-timer',
            RoleArn: 'arn:aws:iam::123456789012:role/turn-timer-scheduler',
            Input: JSON.stringify(timer),
            RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 3600 },
          },
        },
      },
    ]);
  });

  it('treats an armed turn (Conflict) and a fired or missing schedule (NotFound) as done', async () => {
    answer = ({ method }) =>
      method === 'POST'
        ? { status: 409, error: 'ConflictException' }
        : { status: 404, error: 'ResourceNotFoundException' };
    const scheduler = createEventBridgeScheduler(options());
    await expect(scheduler.schedule({ matchId: 'm1', turn: 3, dueAt: NOW + 90_000 })).resolves.toBeUndefined();
    await expect(scheduler.cancel({ matchId: 'm1', turn: 2, dueAt: NOW })).resolves.toBeUndefined();
    expect(requests.map(({ method, path }) => `${method} ${path}`)).toEqual([
      'POST /schedules/m-m1.3.htlbd',
      'DELETE /schedules/m-m1.2.htlbc',
      'DELETE /schedules/m-m1.2.htlbc.d',
    ]);
  });

  it('a turn with a warning: its one schedule is the warning; the deadline is armed once it fired', async () => {
    const scheduler = createEventBridgeScheduler(options());
    const deadline = { matchId: 'm1', turn: 4, dueAt: Date.UTC(2026, 10, 30, 14, 10, 30) };
    const warnAt = Date.UTC(2026, 10, 30, 14, 8, 30);
    await scheduler.schedule({ ...deadline, warnAt });
    await scheduler.warned?.({ ...deadline, warnAt, kind: 'clock_low' });
    expect(requests.map(({ method, path, body }) => [method, path, body && expressionAndInput(body)])).toEqual([
      [
        'POST',
        '/schedules/m-m1.4.htlbm',
        ['at(2026-11-30T14:08:00)', JSON.stringify({ ...deadline, warnAt, kind: 'clock_low' })],
      ],
      ['POST', '/schedules/m-m1.4.htlbm.d', ['at(2026-11-30T14:10:00)', JSON.stringify(deadline)]],
    ]);
  });

  it('a bot’s turn is a schedule of its own beside the turn’s deadline, at the next minute, dropping nothing', async () => {
    const scheduler = createEventBridgeScheduler(options());
    const timer = { matchId: 'm1', turn: 9, dueAt: NOW, kind: 'bot' as const };
    await scheduler.schedule(timer);
    expect(requests.map(({ method, path, body }) => [method, path, body && expressionAndInput(body)])).toEqual([
      ['POST', `/schedules/${botTurnName(timer)}`, ['at(2026-11-30T14:01:00)', JSON.stringify(timer)]],
    ]);
    expect(botTurnName(timer)).toBe(`${scheduleName(timer)}.b`);
  });

  it("a warning that does not fit before the deadline's minute is skipped: the deadline comes first", async () => {
    const scheduler = createEventBridgeScheduler(options());
    const deadline = { matchId: 'm1', turn: 4, dueAt: Date.UTC(2026, 10, 30, 14, 10, 30) };
    await scheduler.schedule({ ...deadline, warnAt: Date.UTC(2026, 10, 30, 14, 10, 5) }); // the deadline's minute
    await scheduler.schedule({ ...deadline, warnAt: NOW + 1_000 }); // a minute already begun
    const expected = ['at(2026-11-30T14:10:00)', JSON.stringify(deadline)];
    expect(requests.filter(({ method }) => method === 'POST').map(({ body }) => expressionAndInput(body))).toEqual([
      expected,
      expected,
    ]);
  });

  it("cancels the timer's schedule and the deadline its warning armed, tolerating ones that fired meanwhile", async () => {
    answer = () => ({ status: 404, error: 'ResourceNotFoundException' });
    const scheduler = createEventBridgeScheduler(options());
    await scheduler.cancel({ matchId: 'm1', turn: 9, dueAt: NOW });
    const query = { groupName: 'turngate-turn-timers', clientToken: expect.any(String) };
    expect(requests.map(({ method, path, query }) => [method, path, query])).toEqual([
      ['DELETE', '/schedules/m-m1.9.htlbc', query],
      ['DELETE', '/schedules/m-m1.9.htlbc.d', query],
    ]);
  });

  it('reports other failures as a SchedulerError, transient when a retry may help', async () => {
    const scheduler = createEventBridgeScheduler(options());
    answer = () => ({ status: 400, error: 'ValidationException' });
    const invalid = await scheduler.schedule({ matchId: 'm1', turn: 1, dueAt: NOW }).catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(SchedulerError);
    expect(invalid).toMatchObject({ transient: false, message: expect.stringContaining('ValidationException') });
    answer = () => ({ status: 429, error: 'ThrottlingException' });
    const throttled = await scheduler.cancel({ matchId: 'm1', turn: 1, dueAt: NOW }).catch((error: unknown) => error);
    expect(throttled).toMatchObject({ name: 'SchedulerError', transient: true });
  });
});

/** What a CreateSchedule request arms: when, and the event it invokes the function with. */
function expressionAndInput(body: unknown): [unknown, unknown] {
  const { ScheduleExpression, Target } = body as { ScheduleExpression?: unknown; Target?: { Input?: unknown } };
  return [ScheduleExpression, Target?.Input];
}

describe('schedule names and times', () => {
  it('fits any timer into 64 characters of [0-9a-zA-Z-_.], one name per match, turn and deadline minute', () => {
    const long = 'x'.repeat(128);
    const odd = 'match with spaces/and#marks';
    const at = (matchId: string, turn: number, dueAt = NOW) => ({ matchId, turn, dueAt });
    for (const id of [long, odd, 'a', 'A'.repeat(43), 'dotted.id']) {
      for (const turn of [0, 1, Number.MAX_SAFE_INTEGER]) {
        for (const name of [scheduleName(at(id, turn)), deadlineAfterWarningName(at(id, turn))]) {
          expect(name.length).toBeLessThanOrEqual(64);
          expect(name).toMatch(/^[0-9a-zA-Z_.-]+$/);
        }
      }
    }
    expect(deadlineAfterWarningName(at('a', 1))).not.toBe(scheduleName(at('a', 1)));
    expect(scheduleName(at(long, 1))).not.toBe(scheduleName(at(`${long}y`, 1)));
    expect(scheduleName(at('a', 1))).not.toBe(scheduleName(at('a', 1, NOW + 60_000)));
    expect(scheduleName(at('a', 1))).toBe(scheduleName(at('a', 1, NOW + 1_000)));
    expect(scheduleName(at('a', 12))).not.toBe(scheduleName(at('a', 1)));
  });

  it("names the deadline's minute, never one already begun", () => {
    expect(atExpression(Date.UTC(2026, 0, 2, 3, 4, 59), Date.UTC(2026, 0, 2, 3, 0, 0))).toBe('at(2026-01-02T03:04:00)');
    // Due within the running minute: the next minute is the first that can still fire.
    expect(atExpression(Date.UTC(2026, 0, 2, 3, 4, 50), Date.UTC(2026, 0, 2, 3, 4, 10))).toBe(
      'at(2026-01-02T03:05:00)',
    );
    expect(atExpression(0, Date.UTC(2026, 0, 2, 3, 4, 10))).toBe('at(2026-01-02T03:05:00)');
  });
});

describe('turn timer configuration', () => {
  const env = {
    TURN_TIMER_GROUP: 'turngate-turn-timers',
    TURN_TIMER_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:turn-timer',
    TURN_TIMER_ROLE_ARN: 'arn:aws:iam::123456789012:role/turn-timer-scheduler',
  };

  it('is off without the variables, whole with all three, and a deployment mistake with some', () => {
    expect(turnTimerConfig({})).toBeUndefined();
    expect(eventBridgeSchedulerFromEnv({})).toBeUndefined();
    expect(turnTimerConfig(env)).toEqual({
      groupName: env.TURN_TIMER_GROUP,
      targetArn: env.TURN_TIMER_FUNCTION_ARN,
      roleArn: env.TURN_TIMER_ROLE_ARN,
    });
    expect(() => turnTimerConfig({ ...env, TURN_TIMER_ROLE_ARN: undefined })).toThrow(/TURN_TIMER_ROLE_ARN/);
    expect(() => turnTimerConfig({ ...env, TURN_TIMER_FUNCTION_ARN: 'turn-timer' })).toThrow(/ARNs/);
  });

  it('builds a scheduler that sends to the configured group, target and role', async () => {
    const client = new SchedulerClient({ ...localClientConfig(endpoint), maxAttempts: 1 });
    const scheduler = eventBridgeSchedulerFromEnv(env, client);
    const dueAt = Date.now() + 600_000;
    await scheduler?.schedule({ matchId: 'm9', turn: 0, dueAt });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      path: `/schedules/m-m9.0.${Math.floor(dueAt / 60_000).toString(36)}`,
      body: {
        GroupName: env.TURN_TIMER_GROUP,
        Target: { Arn: env.TURN_TIMER_FUNCTION_ARN, RoleArn: env.TURN_TIMER_ROLE_ARN },
      },
    });
  });
});
