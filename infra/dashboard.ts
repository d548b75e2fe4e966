import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  type Alarm,
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LOGGED_FAILURES, type LoggedFailureName, type LogMetrics } from './log-metrics.js';

export interface OperationsDashboardProps {
  readonly functions: readonly (readonly [string, IFunction])[];
  readonly tables: readonly (readonly [string, ITable])[];
  readonly webSocket: { readonly apiId: string; readonly stage: string };
  readonly lobby: IHttpApi;
  readonly moves?: { readonly queue: IQueue; readonly deadLetterQueue: IQueue };
  readonly logMetrics: LogMetrics;
  readonly alarms: readonly Alarm[];
}

const MINUTE = Duration.minutes(1);

/**
 * One CloudWatch dashboard for the whole backend: what every alarm says now, then traffic, failures,
 * functions, tables, the APIs and (fifo) the queue, a minute per point. What to do when an alarm
 * fires is in docs/deploy.md, "When an alarm fires".
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const { functions, tables, logMetrics } = props;
    const perFunction = (metric: (fn: IFunction) => Metric) =>
      functions.map(([name, fn]) => metric(fn).with({ label: name }));
    const webSocket = (metricName: string, statistic = 'Sum') =>
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiId: props.webSocket.apiId, Stage: props.webSocket.stage },
        statistic,
        period: MINUTE,
      });
    const graph = (title: string, left: IMetric[], right: IMetric[] = []) =>
      new GraphWidget({ title, left, right, width: 12, height: 6 });

    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(3) });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: '# turngate\nAlarms first; what to do when one fires: docs/deploy.md, "When an alarm fires".',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24, height: 6 }),
    );
    this.dashboard.addWidgets(
      graph(
        'Players: WebSocket messages and new connections',
        [webSocket('MessageCount')],
        [webSocket('ConnectCount')],
      ),
      graph(
        'Failures the handlers logged',
        (Object.keys(LOGGED_FAILURES) as LoggedFailureName[]).map((kind) =>
          logMetrics.metric(kind, MINUTE).with({ label: LOGGED_FAILURES[kind].metric }),
        ),
      ),
    );
    this.dashboard.addWidgets(
      graph(
        'Lambda errors',
        perFunction((fn) => fn.metricErrors({ period: MINUTE, statistic: 'Sum' })),
      ),
      graph(
        'Lambda throttles',
        perFunction((fn) => fn.metricThrottles({ period: MINUTE, statistic: 'Sum' })),
      ),
    );
    this.dashboard.addWidgets(
      graph(
        'Lambda duration p99 (ms)',
        perFunction((fn) => fn.metricDuration({ period: MINUTE, statistic: 'p99' })),
      ),
      graph(
        'Lambda concurrent executions',
        perFunction((fn) => fn.metric('ConcurrentExecutions', { period: MINUTE, statistic: 'Maximum' })),
      ),
    );
    const tableMetric = (metricName: string, statistic = 'Sum') =>
      tables.map(([name, table]) => table.metric(metricName, { period: MINUTE, statistic }).with({ label: name }));
    this.dashboard.addWidgets(
      graph(
        'DynamoDB consumed units (read left, write right)',
        tableMetric('ConsumedReadCapacityUnits'),
        tableMetric('ConsumedWriteCapacityUnits'),
      ),
      graph(
        'DynamoDB throttle events (read left, write right)',
        tableMetric('ReadThrottleEvents'),
        tableMetric('WriteThrottleEvents'),
      ),
    );
    this.dashboard.addWidgets(
      graph('WebSocket integration and execution errors', [
        webSocket('IntegrationError'),
        webSocket('ExecutionError'),
        webSocket('ClientError'),
      ]),
      graph(
        'Lobby API: requests, 4xx, 5xx (left), latency p99 ms (right)',
        [
          props.lobby.metricCount({ period: MINUTE }),
          props.lobby.metricClientError({ period: MINUTE, statistic: 'Sum' }),
          props.lobby.metricServerError({ period: MINUTE, statistic: 'Sum' }),
        ],
        [props.lobby.metricLatency({ period: MINUTE, statistic: 'p99' })],
      ),
    );
    if (props.moves) {
      const { queue, deadLetterQueue } = props.moves;
      this.dashboard.addWidgets(
        graph(
          'Moves queue: age of the oldest move, s (left); waiting, dead-lettered (right)',
          [queue.metricApproximateAgeOfOldestMessage({ period: MINUTE, statistic: 'Maximum' })],
          [
            queue.metricApproximateNumberOfMessagesVisible({ period: MINUTE, statistic: 'Maximum' }),
            deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: MINUTE, statistic: 'Maximum' }),
          ],
        ),
      );
    }
  }
}
