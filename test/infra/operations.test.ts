import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEADLINE_SWEEP, HANDLER_NAMES, SWEEPER, TURN_TIMER } from '../../infra/handler-functions.js';
import { LOGGED_FAILURES } from '../../infra/log-metrics.js';
import { movesOf, projectRoot, refersTo, resourcesOf, type Synthesized, synthTurngate } from './synth.js';

/**
 * Alarms, the metrics the handlers' logs feed them, and the dashboard (infra/alarms.ts,
 * infra/log-metrics.ts, infra/dashboard.ts): every failure issue 22 names has an alarm, every
 * function's log group counts the logged failures, and the one dashboard shows every alarm.
 */
let fifo: Synthesized;
let direct: Synthesized;
beforeAll(() => {
  fifo = synthTurngate({ context: { turnTimers: 'true' } });
  direct = synthTurngate({ context: { orderingMode: 'direct' } });
});
afterAll(() => {
  fifo?.dispose();
  direct?.dispose();
});

type Resource = { Properties: Record<string, unknown> };
const alarms = (synth: Synthesized) =>
  Object.values(resourcesOf(synth.template, 'AWS::CloudWatch::Alarm')) as Resource[];
const alarmOn = (synth: Synthesized, metricName: string, dimension?: [string, unknown]) =>
  alarms(synth).filter((alarm) => {
    const properties = alarm.Properties;
    const metrics = [
      properties,
      ...((properties.Metrics as Record<string, unknown>[] | undefined) ?? []).map(
        (m) => (m.MetricStat as { Metric?: Record<string, unknown> } | undefined)?.Metric ?? {},
      ),
    ];
    return metrics.some(
      (metric) =>
        metric.MetricName === metricName &&
        (dimension === undefined ||
          ((metric.Dimensions as { Name: string; Value: unknown }[] | undefined) ?? []).some(
            (entry) => entry.Name === dimension[0] && JSON.stringify(entry.Value) === JSON.stringify(dimension[1]),
          )),
    );
  });
const fn = (synth: Synthesized, name: Parameters<Synthesized['functionId']>[0]) => ({ Ref: synth.functionId(name) });

describe('alarms', () => {
  it.each(['SettleFailures', 'FanoutFailures', 'TimerArmFailures'])(
    '%s, from the handlers’ own log lines, at the first one',
    (metric) => {
      const [alarm] = alarmOn(fifo, metric);
      expect(alarm?.Properties).toMatchObject({
        Namespace: 'Turngate/Turngate',
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
      expect(alarm?.Properties.AlarmActions).toHaveLength(1);
    },
  );

  it.each([...HANDLER_NAMES, SWEEPER, TURN_TIMER, DEADLINE_SWEEP])(
    '%s: its errors and its Lambda throttles',
    (name) => {
      for (const metric of ['Errors', 'Throttles']) {
        expect(alarmOn(fifo, metric, ['FunctionName', fn(fifo, name)]), `${name} ${metric}`).toHaveLength(1);
      }
    },
  );

  it('sees an event Lambda dropped for the functions a schedule invokes: the sweeper, the turn timer, the deadline sweep', () => {
    const dropped = alarmOn(fifo, 'AsyncEventsDropped');
    expect(dropped).toHaveLength(3);
    for (const name of [SWEEPER, TURN_TIMER, DEADLINE_SWEEP] as const) {
      expect(alarmOn(fifo, 'AsyncEventsDropped', ['FunctionName', fn(fifo, name)])).toHaveLength(1);
    }
  });

  it('sees DynamoDB throttle every table and every index of the games table', () => {
    const { games, moveLog, play, connections } = fifo.stack.tables;
    for (const table of [games, moveLog, play, connections]) {
      const onTable = alarmOn(fifo, 'WriteThrottleEvents', ['TableName', { Ref: fifo.idOf(table) }]);
      expect(onTable).toHaveLength(1);
      expect(alarmOn(fifo, 'ReadThrottleEvents', ['TableName', { Ref: fifo.idOf(table) }])).toEqual(onTable);
    }
    for (const index of ['ByStatus', 'ByPlayer', 'ByPhase', 'Leaderboard']) {
      expect(alarmOn(fifo, 'WriteThrottleEvents', ['GlobalSecondaryIndexName', index]), index).toHaveLength(1);
    }
  });

  it('sees API Gateway fail: WebSocket execution and integration errors, the lobby’s 5xx', () => {
    const apiId = { Ref: fifo.idOf(fifo.stack.sockets.api) };
    expect(alarmOn(fifo, 'ExecutionError', ['ApiId', apiId])).toHaveLength(1);
    expect(alarmOn(fifo, 'IntegrationError', ['ApiId', apiId])).toHaveLength(1);
    expect(alarmOn(fifo, '5xx', ['ApiId', { Ref: fifo.idOf(fifo.stack.lobby.api) }])).toHaveLength(1);
  });

  it('in fifo, sees a move wait in the queue for over a minute, two minutes running; direct has no queue', () => {
    const [age] = alarmOn(fifo, 'ApproximateAgeOfOldestMessage');
    expect(age?.Properties).toMatchObject({ Statistic: 'Maximum', Period: 60, Threshold: 60, EvaluationPeriods: 2 });
    expect(refersTo(age?.Properties.Dimensions, fifo.idOf(movesOf(fifo).queue))).toBe(true);
    expect(alarmOn(direct, 'ApproximateAgeOfOldestMessage')).toEqual([]);
  });

  it('every alarm says what it means and notifies the one topic', () => {
    const topics = Object.keys(resourcesOf(fifo.template, 'AWS::SNS::Topic'));
    expect(topics).toHaveLength(1);
    for (const alarm of alarms(fifo)) {
      expect(String(alarm.Properties.AlarmDescription).length).toBeGreaterThan(30);
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topics[0] }]);
    }
  });
});

describe('metrics from the handlers’ log lines', () => {
  it('counts every logged failure kind in every function’s log group', () => {
    const filters = Object.values(resourcesOf(fifo.template, 'AWS::Logs::MetricFilter')) as Resource[];
    const functions = [...HANDLER_NAMES, SWEEPER, TURN_TIMER, DEADLINE_SWEEP];
    expect(filters).toHaveLength(functions.length * Object.keys(LOGGED_FAILURES).length);
    for (const name of functions) {
      const logGroup = (
        fifo.template.toJSON().Resources[fifo.functionId(name)].Properties.LoggingConfig as { LogGroup: unknown }
      ).LogGroup;
      const mine = filters.filter(
        (filter) => JSON.stringify(filter.Properties.LogGroupName) === JSON.stringify(logGroup),
      );
      expect(
        mine
          .map((filter) => (filter.Properties.MetricTransformations as { MetricName: string }[])[0]?.MetricName)
          .sort(),
      ).toEqual(
        Object.values(LOGGED_FAILURES)
          .map((failure) => failure.metric)
          .sort(),
      );
    }
  });

  it('counts events the code really logs, so a renamed event cannot silently stop an alarm', () => {
    const source = readTree(path.join(projectRoot, 'src'));
    const exact = ['move.settle_failed', 'queue.record_failed', 'timer.arm_failed', 'sweep.failed'];
    for (const event of exact) expect(source, event).toContain(`'${event}'`);
    // `${by}.fanout_failed` (settle-and-announce.ts) and 'timeout.fanout_failed' end as the pattern expects.
    expect(source).toMatch(/fanout_failed[`']/);
    const pattern = /fanout_failed$/;
    for (const event of ['move.fanout_failed', 'queue.fanout_failed', 'timeout.fanout_failed'])
      expect(event).toMatch(pattern);
    expect('fanout_failed_twice').not.toMatch(pattern);
  });
});

describe('the dashboard', () => {
  it('is one, and opens with the state of every alarm', () => {
    const dashboards = Object.values(resourcesOf(fifo.template, 'AWS::CloudWatch::Dashboard')) as Resource[];
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);
    for (const id of Object.keys(resourcesOf(fifo.template, 'AWS::CloudWatch::Alarm'))) {
      expect(body, id).toContain(id);
    }
    for (const shown of [
      'MessageCount',
      'SettleFailures',
      'ConsumedWriteCapacityUnits',
      'ApproximateAgeOfOldestMessage',
      'IntegrationError',
    ]) {
      expect(body).toContain(shown);
    }
  });
});

function readTree(directory: string): string {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}
