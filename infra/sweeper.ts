import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import type { RetentionSettings } from './config.js';
import { HandlerFunctions, type HandlerFunctionsProps, SWEEPER } from './handler-functions.js';

export interface SweeperProps extends Omit<HandlerFunctionsProps, 'names'> {
  readonly retention: RetentionSettings;
}

/**
 * The sweeper (src/handlers/sweeper.ts): one function an EventBridge rule invokes every minute, which
 * runs the retention sweeps of src/handlers/sweeps (and whatever sweep is added to that list later:
 * nothing here changes). A run that fails is not retried: the next minute's run is the retry, so the
 * schedule drops the event rather than piling up late runs (the function's Errors and
 * AsyncEventsDropped alarms see it, infra/alarms.ts).
 */
export class Sweeper extends Construct {
  readonly function: NodejsFunction;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: SweeperProps) {
    super(scope, id);
    const { retention, ...functions } = props;
    this.function = new HandlerFunctions(this, 'Functions', {
      ...functions,
      environment: {
        ...functions.environment,
        ABANDON_WAITING_AFTER: retention.abandonWaitingAfter,
        ABANDON_IDLE_AFTER: retention.abandonIdleAfter,
        KEEP_FINISHED_FOR: retention.keepFinishedFor,
      },
      names: [SWEEPER],
    }).get(SWEEPER);
    this.function.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(1) });
    this.rule = new Rule(this, 'EveryMinute', {
      description: 'turngate: run the retention sweeps',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(this.function, { retryAttempts: 0, maxEventAge: Duration.minutes(1) })],
    });
  }
}
