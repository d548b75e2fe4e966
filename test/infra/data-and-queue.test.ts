import { Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_NAMES } from '../../infra/handler-functions.js';
import { playTable } from '../../src/aws/play-table.js';
import { MOVES_VISIBILITY_TIMEOUT_SECONDS } from '../../src/aws/sqs-move-queue.js';
import { connectionsTable, gamesTable, moveLogTable, TIME_TO_LIVE_ATTRIBUTE } from '../../src/aws/tables.js';
import { movesOf, refersTo, resourcesOf, type Synthesized, synthTurngate } from './synth.js';

let synth: Synthesized;
beforeAll(() => {
  synth = synthTurngate();
});
afterAll(() => synth?.dispose());

const logicalId = (construct: IConstruct): string => synth.idOf(construct);

describe('connections table', () => {
  const table = () => synth.template.toJSON().Resources[logicalId(synth.stack.tables.connections)];

  it("is the seed's WebSocketConnectionDynamoDB: key, GSI ByGameSessionId INCLUDE UserId, on demand", () => {
    const properties = table().Properties;
    expect(properties.KeySchema).toEqual([{ AttributeName: 'ConnectionId', KeyType: 'HASH' }]);
    expect(properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'ConnectionId', AttributeType: 'S' },
        { AttributeName: 'GameSessionId', AttributeType: 'S' },
      ]),
    );
    expect(properties.AttributeDefinitions).toHaveLength(2);
    expect(properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'ByGameSessionId',
        KeySchema: [{ AttributeName: 'GameSessionId', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: expect.arrayContaining(['UserId']) },
      },
    ]);
    expect(properties.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('matches the definition the adapters are tested against (src/aws/tables.ts), projection included', () => {
    expect(asCreateTable(table().Properties)).toEqual(asCreateTable(connectionsTable('x')));
  });

  it('expires stale rows by TTL ($disconnect is best effort)', () => {
    expect(table().Properties.TimeToLiveSpecification).toEqual({
      AttributeName: TIME_TO_LIVE_ATTRIBUTE,
      Enabled: true,
    });
  });
});

describe('play table', () => {
  const table = () => synth.template.toJSON().Resources[logicalId(synth.stack.tables.play)];

  it('is the definition the rating and pool adapters are tested against: PK/SK, the Leaderboard index', () => {
    expect(asCreateTable(table().Properties)).toEqual(asCreateTable(playTable('x')));
    expect(table().Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'Leaderboard',
        KeySchema: [
          { AttributeName: 'Board', KeyType: 'HASH' },
          { AttributeName: 'Score', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
  });

  it('keeps ratings (point-in-time recovery, retained) and expires idle pools by TTL', () => {
    const resource = table();
    expect(resource.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(resource.Properties.TimeToLiveSpecification).toEqual({
      AttributeName: TIME_TO_LIVE_ATTRIBUTE,
      Enabled: true,
    });
    expect(resource.DeletionPolicy).toBe('Retain');
  });
});

describe('games table', () => {
  const table = () => synth.template.toJSON().Resources[logicalId(synth.stack.tables.games)];

  it('is keyed by GameSessionId, on demand, with point-in-time recovery and TTL', () => {
    const properties = table().Properties;
    expect(properties.KeySchema).toEqual([{ AttributeName: 'GameSessionId', KeyType: 'HASH' }]);
    expect(properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(properties.TimeToLiveSpecification).toEqual({ AttributeName: TIME_TO_LIVE_ATTRIBUTE, Enabled: true });
  });

  it("has the indexes of src/aws/tables.ts (ByStatus and ByPhase for the lobby, ByPlayer for a player's matches, ByPhase for the sweeps), exactly", () => {
    expect(asCreateTable(table().Properties)).toEqual(asCreateTable(gamesTable('x')));
  });

  it('survives a tear-down (players data), unlike the connections table', () => {
    expect(table().DeletionPolicy).toBe('Retain');
    expect(synth.template.toJSON().Resources[logicalId(synth.stack.tables.connections)].DeletionPolicy).toBe('Delete');
  });
});

describe('move-log table', () => {
  const table = () => synth.template.toJSON().Resources[logicalId(synth.stack.tables.moveLog)];

  it('is the definition of src/aws/tables.ts: one item per move, keyed by match and version', () => {
    expect(asCreateTable(table().Properties)).toEqual(asCreateTable(moveLogTable('x')));
    expect(table().Properties.KeySchema).toEqual([
      { AttributeName: 'GameSessionId', KeyType: 'HASH' },
      { AttributeName: 'Version', KeyType: 'RANGE' },
    ]);
  });

  it('is players data too: point-in-time recovery, kept on tear-down', () => {
    expect(table().Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table().DeletionPolicy).toBe('Retain');
  });
});

/** The parts of a table both CloudFormation and CreateTable spell the same way, in a stable order. */
function asCreateTable(definition: object) {
  const table = definition as Record<string, unknown>;
  const byName = (a: { AttributeName?: string }, b: { AttributeName?: string }) =>
    String(a.AttributeName).localeCompare(String(b.AttributeName));
  const definitions = [...((table.AttributeDefinitions as { AttributeName?: string }[]) ?? [])].sort(byName);
  return {
    AttributeDefinitions: definitions,
    KeySchema: table.KeySchema,
    GlobalSecondaryIndexes: table.GlobalSecondaryIndexes,
    BillingMode: table.BillingMode,
  };
}

describe('moves queue', () => {
  const queueId = () => logicalId(movesOf(synth).queue);
  const deadLetterId = () => logicalId(movesOf(synth).deadLetterQueue);
  const queue = (id: string) => synth.template.toJSON().Resources[id].Properties;

  it('is FIFO with explicit deduplication ids, and so is its dead-letter queue', () => {
    expect(queue(queueId())).toMatchObject({ FifoQueue: true, ContentBasedDeduplication: false });
    expect(queue(deadLetterId())).toMatchObject({ FifoQueue: true });
    expect(Object.keys(resourcesOf(synth.template, 'AWS::SQS::Queue')).sort()).toEqual(
      [queueId(), deadLetterId()].sort(),
    );
  });

  it('redrives a move that keeps failing into the dead-letter queue', () => {
    const redrive = queue(queueId()).RedrivePolicy;
    expect(redrive.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': [deadLetterId(), 'Arn'] });
    expect(redrive.maxReceiveCount).toBeGreaterThanOrEqual(1);
    expect(redrive.maxReceiveCount).toBeLessThanOrEqual(10);
  });

  it("hides a received batch for at least one run of the consumer (Lambda's rule), and for seconds only", () => {
    const consumer = synth.template.toJSON().Resources[synth.functionId('queue')].Properties;
    const visibility = queue(queueId()).VisibilityTimeout;
    expect(consumer.Timeout).toBeGreaterThan(0);
    // Lambda refuses an SQS event source whose visibility timeout is shorter than the function's.
    expect(visibility).toBeGreaterThanOrEqual(consumer.Timeout);
    // It is how long a failed record stalls its match before SQS hands it back: not 6 x 30 s any more.
    expect(visibility).toBeLessThanOrEqual(30);
    expect(consumer.Timeout).toBeLessThanOrEqual(15);
    // The local runtime's queue and the SDK's confirm deadline are sized from this figure.
    expect(visibility).toBe(MOVES_VISIBILITY_TIMEOUT_SECONDS);
  });

  it('feeds the queue handler in batches of 10 that report their failed records', () => {
    const mappings = Object.values(resourcesOf(synth.template, 'AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]?.Properties ?? {};
    expect(refersTo(mapping.EventSourceArn, queueId())).toBe(true);
    expect(mapping.FunctionName).toEqual({ Ref: synth.functionId('queue') });
    expect(mapping.BatchSize).toBe(10);
    expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    // SQS FIFO event sources take no batching window.
    expect(mapping.MaximumBatchingWindowInSeconds).toBeUndefined();
  });

  it('refuses unencrypted transport', () => {
    synth.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId() }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('alarms', () => {
  const alarms = () => Object.values(resourcesOf(synth.template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties);

  it('watch the dead-letter queue depth', () => {
    const deadLetterId = logicalId(movesOf(synth).deadLetterQueue);
    const depth = alarms().filter(
      (alarm) =>
        alarm.MetricName === 'ApproximateNumberOfMessagesVisible' &&
        alarm.Namespace === 'AWS/SQS' &&
        refersTo(alarm.Dimensions, deadLetterId),
    );
    expect(depth).toHaveLength(1);
    expect(depth[0]).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(depth[0]?.AlarmActions).toHaveLength(1);
  });

  it("watch every handler's Errors", () => {
    for (const name of HANDLER_NAMES) {
      const errors = alarms().filter(
        (alarm) =>
          alarm.MetricName === 'Errors' &&
          alarm.Namespace === 'AWS/Lambda' &&
          refersTo(alarm.Dimensions, synth.functionId(name)),
      );
      expect(errors, name).toHaveLength(1);
      expect(errors[0]?.AlarmActions, name).toHaveLength(1);
    }
  });
});
