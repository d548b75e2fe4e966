import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEADLINE_SWEEP, TURN_TIMER } from '../../infra/handler-functions.js';
import { TURN_TIMER_ENV } from '../../src/aws/turn-timer-config.js';
import type { OrderingMode } from '../../src/handlers/deps.js';
import { grantsOf, list, refersTo, resourcesOf, type Synthesized, statementsOf, synthTurngate } from './synth.js';

/**
 * The turn-timer half of the stack (context `turnTimers=true`, infra/turn-timers.ts), in both
 * ordering modes: what exists, and that every grant is the least that works.
 */
const SETTLE = [
  'dynamodb:DeleteItem on connections',
  'dynamodb:GetItem on connections',
  'dynamodb:GetItem on games',
  'dynamodb:PutItem on moveLog',
  // A timeout that ends the match rates it: the ratings read, then put in the rating transaction.
  'dynamodb:BatchGetItem on play',
  'dynamodb:PutItem on play',
  'dynamodb:Query on connections/index/ByGameSessionId',
  'dynamodb:UpdateItem on games',
  'execute-api:ManageConnections on @connections',
];
const ARMING = [
  'iam:PassRole on schedulerRole',
  'scheduler:CreateSchedule on turn timer schedules',
  'scheduler:DeleteSchedule on turn timer schedules',
];
/** Lambda, as the function's on-failure destination, sends the events it gave up on there. */
const FAILURES = [
  'sqs:GetQueueAttributes on timerFailures',
  'sqs:GetQueueUrl on timerFailures',
  'sqs:SendMessage on timerFailures',
];

const CASES: Record<
  OrderingMode,
  { arming: readonly string[]; turnTimer: readonly string[]; sweep: readonly string[] }
> = {
  // The timeout joins the match's FIFO group; the consumer settles it and arms the next turn. A
  // clock_low warning reads the match and its connections, and then arms the turn's deadline. The
  // move route arms too: it finishes a settled move's work, and re-arms a turn a late move met.
  // The sweep reads the deadline index and the matches it offers, defers one not due, and queues
  // the timeout of one whose timer was lost.
  fifo: {
    arming: ['queue', 'http', 'move', TURN_TIMER],
    turnTimer: [
      'dynamodb:GetItem on connections',
      'dynamodb:GetItem on games',
      'dynamodb:Query on connections/index/ByGameSessionId',
      'sqs:SendMessage on moves',
      ...ARMING,
      ...FAILURES,
    ],
    sweep: [
      'dynamodb:GetItem on games',
      'dynamodb:UpdateItem on games',
      'dynamodb:Query on games/index/ByDeadline',
      'sqs:SendMessage on moves',
    ],
  },
  // A sync that finds a bot that should be moving arms a bot's turn (handlers/bot-turns.ts).
  direct: {
    arming: ['move', 'http', TURN_TIMER, DEADLINE_SWEEP, 'sync'],
    turnTimer: [...SETTLE, ...ARMING, ...FAILURES],
    sweep: [...SETTLE, 'dynamodb:Query on games/index/ByDeadline', ...ARMING],
  },
};

describe.each(['fifo', 'direct'] as const)('turn timers (%s)', (orderingMode) => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthTurngate({ context: { orderingMode, turnTimers: 'true' } });
  });
  afterAll(() => synth?.dispose());
  const { arming, turnTimer, sweep } = CASES[orderingMode];
  const timers = () => {
    const found = synth.stack.turnTimers;
    if (!found) throw new Error('no turn timers in this stack');
    return found;
  };
  const functionProps = (name: string) =>
    synth.template.toJSON().Resources[synth.functionId(name as typeof TURN_TIMER)].Properties;

  it('has one schedule group and a turn-timer function with room to wait out its minute', () => {
    expect(Object.keys(resourcesOf(synth.template, 'AWS::Scheduler::ScheduleGroup'))).toHaveLength(1);
    expect(functionProps(TURN_TIMER)).toMatchObject({ Handler: 'index.handler', Timeout: 90, MemorySize: 256 });
  });

  it('lets EventBridge Scheduler, for this account only, invoke the turn-timer function and nothing else', () => {
    const roleId = synth.idOf(timers().invokerRole);
    const role = synth.template.toJSON().Resources[roleId];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    const statements = Object.values(resourcesOf(synth.template, 'AWS::IAM::Policy'))
      .filter((policy) => refersTo(policy.Properties.Roles, roleId))
      .flatMap((policy) => statementsOf(policy));
    expect(statements).toHaveLength(1);
    expect(list(statements[0]?.Action)).toEqual(['lambda:InvokeFunction']);
    expect(refersTo(statements[0]?.Resource, synth.functionId(TURN_TIMER))).toBe(true);
  });

  it.each(arming)('%s may arm timers: its group only, the invoker role only, passed to the scheduler only', (name) => {
    const grants = grantsOf(synth, name as typeof TURN_TIMER);
    expect(grants.filter((grant) => /^(scheduler|iam):/.test(grant))).toEqual(ARMING);
    const passRole = Object.values(resourcesOf(synth.template, 'AWS::IAM::Policy'))
      .flatMap((policy) => statementsOf(policy))
      .filter((statement) => list(statement.Action).includes('iam:PassRole'));
    for (const statement of passRole) {
      expect((statement as { Condition?: unknown }).Condition).toEqual({
        StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
      });
    }
    const variables = functionProps(name).Environment.Variables as Record<string, unknown>;
    expect(Object.keys(variables)).toEqual(expect.arrayContaining([TURN_TIMER_ENV.group, TURN_TIMER_ENV.roleArn]));
    // The turn-timer function reads its own ARN from its invocation: naming it would be a cycle.
    expect(TURN_TIMER_ENV.functionArn in variables).toBe(name !== TURN_TIMER);
  });

  it('no other function may touch the scheduler or pass a role', () => {
    for (const name of [
      'authorizer',
      'connect',
      'disconnect',
      'sync',
      'default',
      'move',
      'queue',
      'http',
      TURN_TIMER,
      DEADLINE_SWEEP,
    ]) {
      if (arming.includes(name) || (orderingMode === 'direct' && name === 'queue')) continue;
      expect(grantsOf(synth, name as typeof TURN_TIMER).filter((grant) => /^(scheduler|iam):/.test(grant))).toEqual([]);
    }
  });

  it('the turn-timer function may do exactly what settling a timeout takes in this mode', () => {
    expect(grantsOf(synth, TURN_TIMER)).toEqual([...turnTimer].sort());
  });

  it('the deadline sweep may do exactly what finding and settling a lost timer takes in this mode', () => {
    expect(grantsOf(synth, DEADLINE_SWEEP)).toEqual([...sweep].sort());
  });

  it("a timer Lambda gave up on goes to an encrypted on-failure queue, after Lambda's two retries", () => {
    // The retention sweeper has one too (infra/sweeper.ts): the turn timer's is the one naming it.
    const configs = Object.values(resourcesOf(synth.template, 'AWS::Lambda::EventInvokeConfig')).filter((config) =>
      refersTo(config.Properties.FunctionName, synth.functionId(TURN_TIMER)),
    );
    expect(configs).toHaveLength(1);
    const config = configs[0]?.Properties as {
      FunctionName: unknown;
      MaximumRetryAttempts: number;
      DestinationConfig: { OnFailure: { Destination: unknown } };
    };
    expect(refersTo(config.FunctionName, synth.functionId(TURN_TIMER))).toBe(true);
    expect(config.MaximumRetryAttempts).toBe(2);
    expect(refersTo(config.DestinationConfig.OnFailure.Destination, synth.idOf(timers().failures))).toBe(true);
    expect(synth.template.toJSON().Resources[synth.idOf(timers().failures)].Properties).toMatchObject({
      SqsManagedSseEnabled: true,
    });
  });

  it('alarms on the first timer event in the on-failure queue', () => {
    const alarms = Object.values(resourcesOf(synth.template, 'AWS::CloudWatch::Alarm')).filter((alarm) =>
      refersTo(alarm.Properties.Dimensions, synth.idOf(timers().failures)),
    );
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [expect.anything()],
    });
  });

  it('runs the deadline sweep every minute, without retries, with a minute to finish', () => {
    // The retention sweeper runs on a rule of its own (infra/sweeper.ts): this is the one targeting the sweep.
    const rules = Object.values(resourcesOf(synth.template, 'AWS::Events::Rule')).filter((rule) =>
      refersTo(rule.Properties.Targets, synth.functionId(DEADLINE_SWEEP)),
    );
    expect(rules).toHaveLength(1);
    const rule = rules[0]?.Properties as {
      ScheduleExpression: string;
      Targets: { Arn: unknown; RetryPolicy?: unknown }[];
    };
    expect(rule.ScheduleExpression).toBe('rate(1 minute)');
    expect(rule.Targets).toHaveLength(1);
    expect(refersTo(rule.Targets[0]?.Arn, synth.functionId(DEADLINE_SWEEP))).toBe(true);
    expect(rule.Targets[0]?.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 0 });
    expect(functionProps(DEADLINE_SWEEP)).toMatchObject({ Timeout: 60 });
    // Its errors alarm like every function's.
    const alarms = Object.values(resourcesOf(synth.template, 'AWS::CloudWatch::Alarm')).filter((alarm) =>
      refersTo(alarm.Properties.Dimensions, synth.functionId(DEADLINE_SWEEP)),
    );
    expect(alarms.map((alarm) => alarm.Properties.MetricName)).toContain('Errors');
  });
});

describe('a stack without turn timers', () => {
  it('has no schedule group, no turn-timer function, and no scheduler grant', () => {
    const synth = synthTurngate({ context: { orderingMode: 'direct' } });
    try {
      expect(synth.stack.turnTimers).toBeUndefined();
      expect(resourcesOf(synth.template, 'AWS::Scheduler::ScheduleGroup')).toEqual({});
      expect(JSON.stringify(synth.template.toJSON())).not.toContain('scheduler:');
    } finally {
      synth.dispose();
    }
  });
});
