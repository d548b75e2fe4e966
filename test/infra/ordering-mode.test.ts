import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_NAMES } from '../../infra/handler-functions.js';
import { readAwsConfig } from '../../src/aws/config.js';
import {
  DEPLOYED,
  deployedEnvironment,
  grantsOf,
  list,
  policies,
  resourcesOf,
  type Synthesized,
  statementsOf,
  synthTurngate,
} from './synth.js';

/**
 * `cdk deploy -c orderingMode=direct`: the move function settles moves itself, so the stack has no
 * queue, no dead-letter queue, no queue function and no event source mapping, grants nothing on
 * SQS, and watches no dead-letter queue. It is the default for a new deployment: a stack synthesized
 * with no ordering mode chosen is this one. The fifo stack is what the other infra tests check.
 */
let direct: Synthesized;
let fifo: Synthesized;
beforeAll(() => {
  // An empty value is no choice at all, as `cdk deploy` without `-c orderingMode` makes it.
  direct = synthTurngate({ context: { orderingMode: '' } });
  fifo = synthTurngate({ context: { orderingMode: 'fifo' } });
});
afterAll(() => {
  direct?.dispose();
  fifo?.dispose();
});

const handlerFunctionIds = (synth: Synthesized) =>
  HANDLER_NAMES.filter((name) => synth.stack.handlers.has(name)).map((name) => synth.functionId(name));

describe('ordering mode direct', () => {
  it('synthesizes no queue, no queue function and no event source mapping', () => {
    expect(direct.stack.moves).toBeUndefined();
    expect(resourcesOf(direct.template, 'AWS::SQS::Queue')).toEqual({});
    expect(resourcesOf(direct.template, 'AWS::SQS::QueuePolicy')).toEqual({});
    expect(resourcesOf(direct.template, 'AWS::Lambda::EventSourceMapping')).toEqual({});
    expect(direct.stack.handlers.has('queue')).toBe(false);
    expect(handlerFunctionIds(direct)).toHaveLength(HANDLER_NAMES.length - 1);
    expect(direct.template.toJSON().Outputs?.DeadLetterQueueUrl).toBeUndefined();
  });

  it('grants nothing on SQS to anyone', () => {
    const actions = policies(direct).flatMap(([, policy]) =>
      statementsOf(policy).flatMap((statement) => list(statement.Action)),
    );
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((action) => action.startsWith('sqs:'))).toEqual([]);
  });

  it('gives the move function what settling a move needs, as the fifo queue function has it', () => {
    const settling = grantsOf(fifo, 'queue').filter((grant) => !grant.startsWith('sqs:'));
    expect(grantsOf(direct, 'move')).toEqual(settling);
  });

  it('watches no dead-letter queue, and still every function', () => {
    const alarms = Object.values(resourcesOf(direct.template, 'AWS::CloudWatch::Alarm'));
    expect(alarms.filter((alarm) => alarm.Properties.Namespace === 'AWS/SQS')).toEqual([]);
    // Every function's errors and throttles, and the scheduled sweeper's dropped events.
    const errors = alarms.filter((alarm) => alarm.Properties.MetricName === 'Errors');
    expect(errors).toHaveLength(handlerFunctionIds(direct).length + 1);
  });

  it.each(HANDLER_NAMES.filter((name) => name !== 'queue'))('%s starts in the direct mode, with no queue', (name) => {
    const environment = deployedEnvironment(direct, name);
    expect(environment.ORDERING_MODE).toBe('direct');
    expect(environment.MOVES_QUEUE_URL).toBeUndefined();
    expect(readAwsConfig(environment)).toMatchObject({
      ordering: 'direct',
      connectionsTable: DEPLOYED.connectionsTable,
    });
  });
});

describe('ordering mode fifo (chosen with -c orderingMode=fifo)', () => {
  it('keeps the queue, its function and its mapping, and says so in every environment', () => {
    expect(resourcesOf(fifo.template, 'AWS::SQS::Queue')).not.toEqual({});
    expect(Object.keys(resourcesOf(fifo.template, 'AWS::Lambda::EventSourceMapping'))).toHaveLength(1);
    for (const name of HANDLER_NAMES) expect(deployedEnvironment(fifo, name).ORDERING_MODE).toBe('fifo');
  });
});
