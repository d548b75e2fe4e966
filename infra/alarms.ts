import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LOGGED_FAILURES, type LoggedFailureName, type LogMetrics } from './log-metrics.js';

export interface OperationsAlarmsProps {
  /** The moves queue and its dead-letter queue; absent in the direct ordering mode, which has no queue. */
  readonly moves?: { readonly queue: IQueue; readonly deadLetterQueue: IQueue };
  /** The player notices' dead-letter queue; present when notices go to a webhook. */
  readonly noticeDeadLetterQueue?: IQueue;
  /** The turn-timer function's on-failure destination; present with turn timers. */
  readonly timerFailures?: IQueue;
  readonly functions: readonly (readonly [string, IFunction])[];
  /** Functions invoked asynchronously (a schedule): an event Lambda gives up on is lost work. */
  readonly asyncFunctions: readonly (readonly [string, IFunction])[];
  /** Errors per 5 minutes that raise a handler's alarm; 1 unless listed. */
  readonly errorThresholds?: Readonly<Record<string, number>>;
  readonly logMetrics: LogMetrics;
  readonly tables: readonly (readonly [string, ITable, readonly string[]])[];
  readonly webSocket: { readonly apiId: string; readonly stage: string };
  readonly lobby: IHttpApi;
  /** Subscribed to the alarm topic when given. */
  readonly email?: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * What should wake someone, each alarm saying what it means and where to look (docs/deploy.md,
 * "When an alarm fires", says what to do):
 * - failures the handlers log without throwing (infra/log-metrics.ts): settle, fan-out, timer arming;
 * - any handler error (handlers turn bad input into typed replies, so an Error is a real fault),
 *   any Lambda throttle, and an asynchronous event (the sweeper's schedule, a turn timer) dropped;
 * - a turn timer Lambda gave up on (its on-failure destination: the deadline sweep settles its turn);
 * - DynamoDB throttles on any table or index;
 * - API Gateway: WebSocket integration failures, the lobby's 5xx;
 * - fifo mode: a move waiting too long in the queue, or parked in its dead-letter queue;
 * - a player notice the webhook kept refusing.
 */
export class OperationsAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly #action: SnsAction;

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'turngate alarms' });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
    this.#action = new SnsAction(this.topic);

    for (const kind of ['settle', 'fanout', 'timerArm'] as const satisfies readonly LoggedFailureName[]) {
      const failure = LOGGED_FAILURES[kind];
      const description = `${failure.meaning}. Find the log lines (event ${failure.events}) in Logs Insights.`;
      this.#alarm(failure.metric, props.logMetrics.metric(kind), 1, description);
    }

    if (props.timerFailures) {
      this.#deadLetterAlarm(
        'TimerFailures',
        'A turn timer failed three times: Lambda gave up on it. The deadline sweep settles its turn; see the turn-timer log group for why, then purge the queue.',
        props.timerFailures,
      );
    }

    for (const [name, fn] of props.functions) {
      this.#alarm(
        `${name}Errors`,
        fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        props.errorThresholds?.[name] ?? 1,
        `The ${name} handler threw: see its log group.`,
      );
      this.#alarm(
        `${name}Throttles`,
        fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        1,
        `Lambda throttled the ${name} function: the account's concurrency (or its reserved share) is spent. Raise the quota or lower the stage throttles.`,
      );
    }
    for (const [name, fn] of props.asyncFunctions) {
      this.#alarm(
        `${name}AsyncEventsDropped`,
        fn.metric('AsyncEventsDropped', { period: FIVE_MINUTES, statistic: 'Sum' }),
        1,
        `Lambda gave up on an event for the ${name} function (errors or throttles past its retries): its work did not happen.`,
      );
    }

    for (const [name, table, indexes] of props.tables) {
      const throttles = (metricName: string, index?: string) =>
        table.metric(metricName, {
          period: FIVE_MINUTES,
          statistic: 'Sum',
          ...(index ? { dimensionsMap: { TableName: table.tableName, GlobalSecondaryIndexName: index } } : {}),
        });
      const metrics: Record<string, IMetric> = {
        read: throttles('ReadThrottleEvents'),
        write: throttles('WriteThrottleEvents'),
      };
      indexes.forEach((index, at) => {
        metrics[`index${at}`] = throttles('WriteThrottleEvents', index);
      });
      this.#alarm(
        `${name}Throttles`,
        new MathExpression({
          expression: Object.keys(metrics).join(' + '),
          usingMetrics: metrics,
          period: FIVE_MINUTES,
        }),
        1,
        `DynamoDB throttled the ${name} table or one of its indexes: a hot key, or on-demand's ceiling. See its CloudWatch Contributor Insights.`,
      );
    }

    const webSocket = (metricName: string) =>
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiId: props.webSocket.apiId, Stage: props.webSocket.stage },
        statistic: 'Sum',
        period: FIVE_MINUTES,
      });
    this.#alarm(
      'WebSocketExecutionErrors',
      webSocket('ExecutionError'),
      1,
      'API Gateway could not call a WebSocket integration (a Lambda error, timeout or throttle): players got "Internal server error".',
    );
    this.#alarm(
      'WebSocketIntegrationErrors',
      webSocket('IntegrationError'),
      25,
      'WebSocket integrations answered errors: a steady trickle is $connect refusing bad links; a burst is a fault. See the access log.',
    );
    this.#alarm(
      'LobbyServerErrors',
      props.lobby.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
      5,
      'The lobby API answered 5xx: see the http function log group and the lobby access log.',
    );

    if (props.moves) {
      this.#alarm(
        'MoveQueueAge',
        props.moves.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' }),
        60,
        'A move has waited over a minute in the FIFO queue: its match is stalled behind it (a failing record) or the consumer is short of concurrency.',
        2,
      );
      this.#deadLetterAlarm(
        'DeadLetters',
        'A move reached the dead-letter queue: its game may be stuck. Inspect and redrive.',
        props.moves.deadLetterQueue,
      );
    }
    if (props.noticeDeadLetterQueue) {
      this.#deadLetterAlarm(
        'NoticeDeadLetters',
        'A player notice failed every delivery to the webhook: see the notify log group, fix the receiver, redrive.',
        props.noticeDeadLetterQueue,
      );
    }
  }

  #alarm(id: string, metric: IMetric, threshold: number, description: string, evaluationPeriods = 1): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.#action);
    this.alarms.push(alarm);
    return alarm;
  }

  #deadLetterAlarm(id: string, description: string, deadLetterQueue: IQueue): void {
    this.#alarm(
      id,
      deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      1,
      description,
    );
  }
}
