import { Duration, Stack } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, type IFilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * Failures the handlers log but do not throw, so no Lambda `Errors` metric counts them: a direct
 * move whose settlement failed answers its sender (and API Gateway) a 500, the fifo consumer reports
 * a failed record instead of throwing, fan-out and timer arming are best effort after a write that
 * stands. Each is a JSON log line with an `event` field (src/ports/logger.ts), so a CloudWatch Logs
 * metric filter on every function's log group turns it into a metric, one per failure kind, which
 * infra/alarms.ts alarms on and infra/dashboard.ts shows.
 *
 * Why metric filters and not Powertools for AWS Lambda's Metrics (EMF): the handlers already write
 * exactly these structured lines, and several of them belong to code other work is changing; filters
 * need no code in any handler, add nothing to any bundle (Powertools' logger and metrics would add to
 * every function and reach into the handlers), cost nothing per event, and keep working for any new
 * writer of the same events (the fan-out pattern is a regular expression: `move.`, `queue.`,
 * `timeout.`, and whoever comes next).
 */
export interface LoggedFailure {
  /** The CloudWatch metric's name. */
  readonly metric: string;
  /** What the line's `event` is: exact names, or a pattern. */
  readonly pattern: IFilterPattern;
  /** The events it counts, as an alarm names them for whoever looks them up in Logs Insights. */
  readonly events: string;
  readonly meaning: string;
}

const eventIs = (...names: string[]) =>
  FilterPattern.any(...names.map((name) => FilterPattern.stringValue('$.event', '=', name)));

export const LOGGED_FAILURES = {
  settle: {
    metric: 'SettleFailures',
    pattern: eventIs('move.settle_failed', 'queue.record_failed'),
    events: 'move.settle_failed, queue.record_failed',
    meaning:
      'a move could not be settled: the direct route answered internal, or the fifo consumer handed a record back',
  },
  fanout: {
    metric: 'FanoutFailures',
    pattern: FilterPattern.regexValue('$.event', '=', 'fanout_failed$'),
    events: '*.fanout_failed',
    meaning: 'a settled move or timeout was not announced: its players hold an old state until they sync',
  },
  timerArm: {
    metric: 'TimerArmFailures',
    pattern: eventIs('timer.arm_failed'),
    events: 'timer.arm_failed',
    meaning: 'a turn started without its deadline armed: that turn may never time out',
  },
  sweep: {
    metric: 'SweepFailures',
    pattern: eventIs('sweep.failed'),
    events: 'sweep.failed',
    meaning: 'a retention sweep failed (the sweeper function errors too)',
  },
} as const satisfies Record<string, LoggedFailure>;

export type LoggedFailureName = keyof typeof LOGGED_FAILURES;

/** The metric filters of every function's log group, and the metrics they feed. */
export class LogMetrics extends Construct {
  /** Where the metrics go: one namespace per stack, so two stacks in one account never add up. */
  readonly namespace: string;

  constructor(
    scope: Construct,
    id: string,
    props: { readonly functions: readonly (readonly [string, LambdaFunction])[] },
  ) {
    super(scope, id);
    this.namespace = `Turngate/${Stack.of(this).stackName}`;
    for (const [name, fn] of props.functions) {
      for (const [kind, failure] of Object.entries(LOGGED_FAILURES)) {
        new MetricFilter(this, `${name}-${kind}`, {
          logGroup: fn.logGroup,
          filterPattern: failure.pattern,
          metricNamespace: this.namespace,
          metricName: failure.metric,
          metricValue: '1',
        });
      }
    }
  }

  /** Failures of one kind across every function, per `period`. */
  metric(kind: LoggedFailureName, period: Duration = Duration.minutes(5)): Metric {
    return new Metric({
      namespace: this.namespace,
      metricName: LOGGED_FAILURES[kind].metric,
      statistic: 'Sum',
      period,
    });
  }
}
