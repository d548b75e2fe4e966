import { Aws, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { TURN_TIMER_ENV } from '../src/aws/turn-timer-config.js';
import { HandlerFunctions, type HandlerFunctionsProps, TURN_TIMER } from './handler-functions.js';

/**
 * Turn timers on EventBridge Scheduler (docs/deploy.md, "Turn timers on AWS"): a schedule group that
 * holds one one-time schedule per timed turn, the `turn-timer` function those schedules invoke, and
 * the role the scheduler assumes to invoke it, which may invoke that one function and nothing else.
 * Functions that arm timers get `grantArming`: Create/DeleteSchedule on this group's schedules only,
 * and PassRole of that role only, to the scheduler only.
 */
export class TurnTimers extends Construct {
  readonly group: ScheduleGroup;
  readonly function: NodejsFunction;
  /** What EventBridge Scheduler assumes to invoke `function`. */
  readonly invokerRole: Role;

  constructor(scope: Construct, id: string, props: Omit<HandlerFunctionsProps, 'names'>) {
    super(scope, id);
    // Schedules delete themselves once fired; any left over belong to no live turn.
    this.group = new ScheduleGroup(this, 'Group', { removalPolicy: RemovalPolicy.DESTROY });
    this.function = new HandlerFunctions(this, 'Functions', { ...props, names: [TURN_TIMER] }).get(TURN_TIMER);
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
