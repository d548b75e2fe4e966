import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../infra/config.js';
import { list, refersTo, resourcesOf, type Synthesized, statementsOf, synthTurngate } from './synth.js';

/**
 * Notices to players who are away on AWS (context `noticeWebhookUrl`, infra/notices.ts): the queue,
 * the `notify` function, the signing key's secret, and who may do what with them, in both modes.
 */
const URL = 'https://hooks.example.com/turngate';
const configFrom = (context: Record<string, unknown>) => readConfig(new App({ context }).node);
// In fifo mode the move route finishes a settled move's work too (answer-ahead.ts), notices included.
const SENDERS = { fifo: ['queue', 'http', 'move'], direct: ['move', 'http'] } as const;
const ALL = ['authorizer', 'connect', 'disconnect', 'sync', 'default', 'move', 'queue', 'http'] as const;

describe.each(['fifo', 'direct'] as const)('notices (%s)', (orderingMode) => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthTurngate({ context: { orderingMode, noticeWebhookUrl: URL } });
  });
  afterAll(() => synth?.dispose());
  const notices = () => {
    if (!synth.stack.notices) throw new Error('no notices in this stack');
    return synth.stack.notices;
  };
  const resources = () => synth.template.toJSON().Resources;
  const statementsOfFunction = (functionId: string) => {
    const roleId = resources()[functionId].Properties.Role['Fn::GetAtt'][0];
    return Object.values(resourcesOf(synth.template, 'AWS::IAM::Policy'))
      .filter((policy) => refersTo(policy.Properties.Roles, roleId))
      .flatMap((policy) => statementsOf(policy))
      .filter((statement) => !list(statement.Action).some((action) => action.startsWith('logs:')));
  };

  it('the notify function knows the URL and the secret by ARN, never its value, and consumes the queue', () => {
    const functionId = synth.idOf(notices().function);
    const props = resources()[functionId].Properties;
    expect(props.Timeout).toBe(30);
    expect(props.Environment.Variables.NOTICE_WEBHOOK_URL).toBe(URL);
    expect(refersTo(props.Environment.Variables.NOTICE_WEBHOOK_SECRET_ARN, synth.idOf(notices().secret))).toBe(true);
    const [mapping] = Object.values(resourcesOf(synth.template, 'AWS::Lambda::EventSourceMapping')).filter((m) =>
      refersTo(m.Properties.FunctionName, functionId),
    );
    expect(mapping?.Properties).toMatchObject({ BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    expect(refersTo(mapping?.Properties.EventSourceArn, synth.idOf(notices().queue))).toBe(true);
  });

  it('the notify function has an errors alarm like every handler', () => {
    const alarms = Object.values(resourcesOf(synth.template, 'AWS::CloudWatch::Alarm'));
    expect(alarms.some((alarm) => refersTo(alarm.Properties.Dimensions, synth.idOf(notices().function)))).toBe(true);
  });

  it('a notice parked in the dead-letter queue raises an alarm', () => {
    const depth = Object.values(resourcesOf(synth.template, 'AWS::CloudWatch::Alarm'))
      .map((alarm) => alarm.Properties)
      .filter(
        (alarm) =>
          alarm.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          refersTo(alarm.Dimensions, synth.idOf(notices().deadLetterQueue)),
      );
    expect(depth).toHaveLength(1);
    expect(depth[0]).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(depth[0]?.AlarmActions).toHaveLength(1);
  });

  it('the queue outlasts six runs of its consumer and parks a notice after five deliveries', () => {
    const queue = resources()[synth.idOf(notices().queue)].Properties;
    expect(queue.VisibilityTimeout).toBe(180);
    expect(queue.RedrivePolicy.maxReceiveCount).toBe(5);
    expect(queue.FifoQueue).toBeUndefined();
  });

  it('the notify function may read its key and use its queue, nothing else', () => {
    const grants = statementsOfFunction(synth.idOf(notices().function)).flatMap((statement) =>
      list(statement.Action).map((action) => {
        if (refersTo(statement.Resource, synth.idOf(notices().secret))) return `${action} on secret`;
        if (refersTo(statement.Resource, synth.idOf(notices().queue))) return `${action} on notices`;
        return `${action} on ${JSON.stringify(statement.Resource)}`;
      }),
    );
    expect(grants.sort()).toEqual([
      'secretsmanager:GetSecretValue on secret',
      'sqs:ChangeMessageVisibility on notices',
      'sqs:DeleteMessage on notices',
      'sqs:GetQueueAttributes on notices',
      'sqs:GetQueueUrl on notices',
      'sqs:ReceiveMessage on notices',
    ]);
  });

  it.each(ALL)('%s may send notices exactly when it settles moves or starts matches', (name) => {
    if (!synth.stack.handlers.has(name)) return;
    const functionId = synth.functionId(name);
    const sends = statementsOfFunction(functionId).filter((statement) =>
      refersTo(statement.Resource, synth.idOf(notices().queue)),
    );
    const expected = (SENDERS[orderingMode] as readonly string[]).includes(name);
    expect(sends.map((statement) => list(statement.Action))).toEqual(expected ? [['sqs:SendMessage']] : []);
    expect('NOTICE_QUEUE_URL' in resources()[functionId].Properties.Environment.Variables).toBe(expected);
  });
});

describe('notice configuration', () => {
  it('wants an https URL, and a secret ARN only with a URL; without a URL the stack has none of it', () => {
    expect(() => configFrom({ noticeWebhookUrl: 'http://hooks.example.com' })).toThrow(/https/);
    expect(() => configFrom({ noticeWebhookSecretArn: 'arn:aws:secretsmanager:x' })).toThrow(/noticeWebhookUrl/);
    expect(configFrom({ noticeWebhookUrl: URL, noticeWebhookSecretArn: 'arn:aws:secretsmanager:x' }).notices).toEqual({
      webhookUrl: URL,
      secretArn: 'arn:aws:secretsmanager:x',
    });
    const synth = synthTurngate({ context: { orderingMode: 'direct' } });
    try {
      expect(synth.stack.notices).toBeUndefined();
      expect(JSON.stringify(synth.template.toJSON())).not.toContain('NOTICE_');
    } finally {
      synth.dispose();
    }
  });
});
