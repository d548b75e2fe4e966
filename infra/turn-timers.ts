import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TURN_TIMER_ENV } from '../src/aws/turn-timer-config.js';
import { DEADLINE_SWEEP, HandlerFunctions, type HandlerFunctionsProps, TURN_TIMER } from './handler-functions.js';

/**
 * Turn timers on EventBridge Scheduler (docs/deploy.md, "Turn timers on AWS"): a schedule group that
 * holds one one-time schedule per timed turn, the `turn-timer` function those schedules invoke, and
 * the role the scheduler assumes to invoke it, which may invoke that one function and nothing else.
 * Functions that arm timers get `grantArming`: Create/DeleteSchedule on this group's schedules only,
 * and PassRole of that role only, to the scheduler only.
 *
 * What catches a timer that fails: the scheduler invokes the function asynchronously, so a function
 * error is retried by Lambda twice and then sent to `failures` (an on-failure destination, alarmed by
 * infra/alarms.ts), never silently dropped; and whatever happened to a timer, the `deadline-sweep`
 * function, run every minute by an EventBridge rule, settles a match whose deadline passed long ago
 * (src/handlers/overdue-timeouts.ts).
 */
export class TurnTimers extends Construct {
  readonly group: ScheduleGroup;
  readonly function: NodejsFunction;
  /** What EventBridge Scheduler assumes to invoke `function`. */
  readonly invokerRole: Role;
  /** Where a timer's event goes once Lambda gave up on it: inspect, and the sweep settles its turn. */
  readonly failures: Queue;
  /** The deadline sweep, every minute. */
  readonly sweep: NodejsFunction;

  constructor(scope: Construct, id: string, props: Omit<HandlerFunctionsProps, 'names'>) {
    super(scope, id);
    // Schedules delete themselves once fired; any left over belong to no live turn.
    this.group = new ScheduleGroup(this, 'Group', { removalPolicy: RemovalPolicy.DESTROY });
    const functions = new HandlerFunctions(this, 'Functions', { ...props, names: [TURN_TIMER, DEADLINE_SWEEP] });
    this.function = functions.get(TURN_TIMER);
    this.sweep = functions.get(DEADLINE_SWEEP);
    this.failures = new Queue(this, 'Failures', {
      // Long enough to read after a weekend; the sweep has settled their turns by then.
      retentionPeriod: Duration.days(4),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    // Lambda's defaults made explicit: two retries of a function error, an event kept up to six hours.
    this.function.configureAsyncInvoke({
      onFailure: new SqsDestination(this.failures),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    new Rule(this, 'SweepEveryMinute', {
      description: 'turngate: settle running matches whose turn timer was lost',
      schedule: Schedule.rate(Duration.minutes(1)),
      // A run that fails is simply the next minute's to redo: no retries piling up behind it.
      targets: [new LambdaFunction(this.sweep, { retryAttempts: 0 })],
    });
    this.invokerRole = new Role(this, 'InvokerRole', {
      // Only schedules of this account may assume it (the confused-deputy guard AWS recommends).
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'turngate: EventBridge Scheduler invokes the turn-timer function',
    });
    this.invokerRole.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }),
    );
  }

  /** The variables src/aws/turn-timer-config.ts reads; `withTarget` false for the turn-timer function itself. */
  environment(withTarget = true): Record<string, string> {
    return {
      [TURN_TIMER_ENV.group]: this.group.scheduleGroupName,
      ...(withTarget ? { [TURN_TIMER_ENV.functionArn]: this.function.functionArn } : {}),
      [TURN_TIMER_ENV.roleArn]: this.invokerRole.roleArn,
    };
  }

  /** Lets `fn` arm and disarm turn timers: this group's schedules, this role, nothing more. */
  grantArming(fn: IFunction): void {
    const schedules = `arn:${Aws.PARTITION}:scheduler:${Stack.of(this).region}:${Aws.ACCOUNT_ID}:schedule/${this.group.scheduleGroupName}/*`;
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
        resources: [schedules],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.invokerRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
  }
}
