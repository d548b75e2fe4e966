import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SWEEPER } from '../../infra/handler-functions.js';
import { readAwsConfig } from '../../src/aws/config.js';
import { TIME_TO_LIVE_ATTRIBUTE } from '../../src/aws/tables.js';
import { deployedEnvironment, resourcesOf, type Synthesized, synthTurngate } from './synth.js';

/**
 * Retention in the stack: the sweeper and its schedule (src/handlers/sweeps run there), its policy
 * from context, and the tables it keeps in check: every table that grows has an end, and the tables
 * that hold players' data cannot be deleted by accident.
 */
let synth: Synthesized;
let kept: Synthesized;
beforeAll(() => {
  synth = synthTurngate();
  kept = synthTurngate({ context: { keepFinishedFor: 'forever', abandonWaitingAfter: '2h', abandonIdleAfter: '30d' } });
});
afterAll(() => {
  synth?.dispose();
  kept?.dispose();
});

const resources = (of: Synthesized) =>
  of.template.toJSON().Resources as Record<
    string,
    { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }
  >;

describe('the sweeper', () => {
  it('runs every minute, invoked by an EventBridge rule, and a failed run is not retried (the next minute is)', () => {
    const rules = Object.values(resourcesOf(synth.template, 'AWS::Events::Rule'));
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Properties).toMatchObject({
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [
        {
          Arn: { 'Fn::GetAtt': [synth.functionId(SWEEPER), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
        },
      ],
    });
    const invokeConfigs = Object.values(resourcesOf(synth.template, 'AWS::Lambda::EventInvokeConfig'));
    expect(invokeConfigs).toContainEqual(
      expect.objectContaining({
        Properties: expect.objectContaining({
          FunctionName: { Ref: synth.functionId(SWEEPER) },
          MaximumRetryAttempts: 0,
          MaximumEventAgeInSeconds: 60,
        }),
      }),
    );
    // EventBridge may invoke it, and only this rule.
    const permissions = Object.values(resourcesOf(synth.template, 'AWS::Lambda::Permission')).filter(
      (permission) => permission.Properties.Principal === 'events.amazonaws.com',
    );
    expect(permissions).toHaveLength(1);
    expect(permissions[0]?.Properties.FunctionName).toEqual({ 'Fn::GetAtt': [synth.functionId(SWEEPER), 'Arn'] });
  });

  it('takes its policy from context: defaults, or what the deployer chose, checked at synth', () => {
    expect(readAwsConfig(deployedEnvironment(synth, SWEEPER)).retention).toEqual({
      waitingMs: 24 * 3_600_000,
      idleMs: 7 * 86_400_000,
      finishedMs: 7 * 86_400_000,
    });
    expect(readAwsConfig(deployedEnvironment(kept, SWEEPER)).retention).toEqual({
      waitingMs: 2 * 3_600_000,
      idleMs: 30 * 86_400_000,
      finishedMs: null,
    });
    expect(() => synthTurngate({ context: { keepFinishedFor: 'a week' } })).toThrow(/keepFinishedFor/);
  });
});

describe('tables', () => {
  const table = (of: Synthesized, name: 'games' | 'moveLog' | 'play' | 'connections') =>
    resources(of)[of.idOf(of.stack.tables[name])];

  it.each(['games', 'moveLog', 'play', 'connections'] as const)(
    '%s has an expiry attribute: nothing grows forever by accident',
    (name) => {
      expect(table(synth, name)?.Properties.TimeToLiveSpecification).toEqual({
        AttributeName: TIME_TO_LIVE_ATTRIBUTE,
        Enabled: true,
      });
    },
  );

  it.each(['games', 'moveLog', 'play'] as const)(
    '%s holds players’ data: retained on tear-down and protected from deletion',
    (name) => {
      expect(table(synth, name)?.DeletionPolicy).toBe('Retain');
      expect(table(synth, name)?.Properties.DeletionProtectionEnabled).toBe(true);
      expect(table(synth, name)?.Properties.PointInTimeRecoverySpecification).toEqual({
        PointInTimeRecoveryEnabled: true,
      });
    },
  );

  it('leaves the connections table deletable: nothing in it outlives a connection', () => {
    expect(table(synth, 'connections')?.DeletionPolicy).toBe('Delete');
    expect(table(synth, 'connections')?.Properties.DeletionProtectionEnabled).toBeUndefined();
  });
});
