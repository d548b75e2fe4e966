import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface OperationsAlarmsProps {
  /** The moves queue's dead-letter queue; absent in the direct ordering mode, which has no queue. */
  readonly deadLetterQueue?: IQueue;
  /** The player notices' dead-letter queue; present when notices go to a webhook. */
  readonly noticeDeadLetterQueue?: IQueue;
  /** The turn-timer function's on-failure destination; present with turn timers. */
  readonly timerFailures?: IQueue;
  readonly functions: readonly (readonly [string, IFunction])[];
  /** Errors per 5 minutes that raise a handler's alarm; 1 unless listed. */
  readonly errorThresholds?: Readonly<Record<string, number>>;
  /** Subscribed to the alarm topic when given. */
  readonly email?: string;
}

/**
 * What should wake someone: a move parked in the dead-letter queue (a game is stuck or lost a move;
 * `fifo` mode only), a player notice the webhook kept refusing (players away were not told it is their
 * turn), a turn timer Lambda gave up on (its on-failure destination), and any handler error (handlers
 * turn bad input into typed replies, so an Error is a real fault).
 */
export class OperationsAlarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'turngate alarms' });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
    const action = new SnsAction(this.topic);

    if (props.deadLetterQueue) {
      this.deadLetterAlarm(
        'DeadLetters',
        'A move reached the dead-letter queue: its game may be stuck. Inspect and redrive.',
        props.deadLetterQueue,
        action,
      );
    }
    if (props.noticeDeadLetterQueue) {
      this.deadLetterAlarm(
        'NoticeDeadLetters',
        'A player notice failed every delivery to the webhook: see the notify log group, fix the receiver, redrive.',
        props.noticeDeadLetterQueue,
        action,
      );
    }

    if (props.timerFailures) {
      this.deadLetterAlarm(
        'TimerFailures',
        'A turn timer failed three times: Lambda gave up on it. The deadline sweep settles its turn; see the turn-timer log group for why, then purge the queue.',
        props.timerFailures,
        action,
      );
    }

    for (const [name, fn] of props.functions) {
      new Alarm(this, `${name}Errors`, {
        alarmDescription: `The ${name} handler threw: see its log group.`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: props.errorThresholds?.[name] ?? 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(action);
    }
  }

  private deadLetterAlarm(id: string, description: string, deadLetterQueue: IQueue, action: SnsAction): void {
    new Alarm(this, id, {
      alarmDescription: description,
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(action);
  }
}
