import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../infra/config.js';
import { DEFAULT_LIMITS, LOBBY_ROUTE_THROTTLES, WEBSOCKET_ROUTE_THROTTLES } from '../../infra/limits.js';
import { onlyOne, refersTo, resourcesOf, type Synthesized, synthTurngate } from './synth.js';

let synth: Synthesized;
let tuned: Synthesized;
beforeAll(() => {
  synth = synthTurngate();
  tuned = synthTurngate({
    context: {
      websocketRateLimit: '50',
      websocketBurstLimit: '80',
      lobbyRateLimit: '5',
      lobbyBurstLimit: '10',
      queueMaxConcurrency: '3',
      websocketMoveRateLimit: '700',
      lobbyListMatchesRateLimit: '40',
      lobbyListMatchesBurstLimit: '50',
      apiGatewayLogsRole: 'false',
    },
  });
});
afterAll(() => {
  synth?.dispose();
  tuned?.dispose();
});

const stages = (s: Synthesized) => {
  const apis = resourcesOf(s.template, 'AWS::ApiGatewayV2::Api');
  const protocolOf = (stage: { Properties: Record<string, unknown> }) =>
    apis[(stage.Properties.ApiId as { Ref: string }).Ref]?.Properties.ProtocolType as string;
  return Object.fromEntries(
    Object.entries(resourcesOf(s.template, 'AWS::ApiGatewayV2::Stage')).map(([id, stage]) => [
      protocolOf(stage),
      { id, ...stage },
    ]),
  ) as unknown as Record<
    'WEBSOCKET' | 'HTTP',
    { id: string; Properties: Record<string, unknown>; DependsOn?: string[] }
  >;
};

describe('stage throttling', () => {
  it('limits both APIs by default', () => {
    const { WEBSOCKET, HTTP } = stages(synth);
    expect(WEBSOCKET.Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: DEFAULT_LIMITS.websocket.rateLimit,
      ThrottlingBurstLimit: DEFAULT_LIMITS.websocket.burstLimit,
    });
    expect(HTTP.Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: DEFAULT_LIMITS.lobby.rateLimit,
      ThrottlingBurstLimit: DEFAULT_LIMITS.lobby.burstLimit,
    });
  });

  it('takes the limits from context', () => {
    const { WEBSOCKET, HTTP } = stages(tuned);
    expect(WEBSOCKET.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 80 });
    expect(HTTP.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 });
    const websocketRoutes = WEBSOCKET.Properties.RouteSettings as Record<string, unknown>;
    // A burst below the new rate is raised to it.
    expect(websocketRoutes.move).toEqual({ ThrottlingRateLimit: 700, ThrottlingBurstLimit: 4000 });
    expect((HTTP.Properties.RouteSettings as Record<string, unknown>)['GET /api/matches']).toEqual({
      ThrottlingRateLimit: 40,
      ThrottlingBurstLimit: 50,
    });
  });

  it('throttles each busy route on its own, sized for 10,000 players and 1,000 lobby viewers', () => {
    const { WEBSOCKET, HTTP } = stages(synth);
    const settings = (throttle: { rateLimit: number; burstLimit: number }) => ({
      ThrottlingRateLimit: throttle.rateLimit,
      ThrottlingBurstLimit: throttle.burstLimit,
    });
    expect(WEBSOCKET.Properties.RouteSettings).toEqual(
      Object.fromEntries(
        WEBSOCKET_ROUTE_THROTTLES.map((route) => [route, settings(DEFAULT_LIMITS.websocketRoutes[route])]),
      ),
    );
    expect(HTTP.Properties.RouteSettings).toEqual(
      Object.fromEntries(
        Object.entries(LOBBY_ROUTE_THROTTLES).map(([name, routeKey]) => [
          routeKey,
          settings(DEFAULT_LIMITS.lobbyRoutes[name as keyof typeof LOBBY_ROUTE_THROTTLES]),
        ]),
      ),
    );
    // Every throttled route exists on its API, and each stage waits for its routes.
    const routes = Object.entries(resourcesOf(synth.template, 'AWS::ApiGatewayV2::Route'));
    for (const [stage, keys] of [
      [WEBSOCKET, WEBSOCKET_ROUTE_THROTTLES],
      [HTTP, Object.values(LOBBY_ROUTE_THROTTLES)],
    ] as const) {
      for (const key of keys) {
        const [routeId] = routes.find(([, route]) => route.Properties.RouteKey === key) ?? [];
        expect(routeId, key).toBeDefined();
        expect(stage.DependsOn, key).toContain(routeId);
      }
    }
    // The busiest route has the most room: more than the stage's default for everything else.
    expect(DEFAULT_LIMITS.websocketRoutes.move.rateLimit).toBeGreaterThan(DEFAULT_LIMITS.websocket.rateLimit);
  });
});

describe('the queue consumer', () => {
  it('has a maximum concurrency on its event source', () => {
    const [, mapping] = onlyOne(resourcesOf(synth.template, 'AWS::Lambda::EventSourceMapping'), 'event source');
    expect(mapping.Properties.ScalingConfig).toEqual({ MaximumConcurrency: DEFAULT_LIMITS.queueMaxConcurrency });
    const [, tunedMapping] = onlyOne(resourcesOf(tuned.template, 'AWS::Lambda::EventSourceMapping'), 'event source');
    expect(tunedMapping.Properties.ScalingConfig).toEqual({ MaximumConcurrency: 3 });
  });
});

describe('access logs', () => {
  it('both APIs log to their own log group, kept a month, as JSON without tokens', () => {
    const logGroups = resourcesOf(synth.template, 'AWS::Logs::LogGroup');
    const used = new Set<string>();
    for (const stage of Object.values(stages(synth))) {
      const settings = stage.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };
      const [groupId, group] = Object.entries(logGroups).find(([id]) => refersTo(settings.DestinationArn, id)) ?? [];
      expect(group?.Properties.RetentionInDays).toBe(30);
      used.add(groupId as string);
      const format = JSON.parse(settings.Format) as Record<string, string>;
      expect(format.requestId).toBe('$context.requestId');
      expect(format.status).toBe('$context.status');
      // A browser's token rides in the $connect query string and the lobby's Authorization header.
      expect(settings.Format).not.toMatch(/querystring|header|authorization/i);
    }
    expect(used.size).toBe(2);
  });

  it('sets the account-wide API Gateway logs role (needed for WebSocket access logs) and keeps it on tear-down', () => {
    const [accountId, account] = onlyOne(resourcesOf(synth.template, 'AWS::ApiGateway::Account'), 'account');
    expect(account.DeletionPolicy).toBe('Retain');
    const roles = resourcesOf(synth.template, 'AWS::IAM::Role');
    const roleId = Object.keys(roles).find((id) => refersTo(account.Properties.CloudWatchRoleArn, id)) as string;
    expect(roles[roleId]?.DeletionPolicy).toBe('Retain');
    expect(JSON.stringify(roles[roleId]?.Properties.ManagedPolicyArns)).toContain(
      'AmazonAPIGatewayPushToCloudWatchLogs',
    );
    expect(stages(synth).WEBSOCKET.DependsOn).toContain(accountId);
  });

  it('leaves the account setting alone when told to', () => {
    expect(resourcesOf(tuned.template, 'AWS::ApiGateway::Account')).toEqual({});
    expect(stages(tuned).WEBSOCKET.Properties.AccessLogSettings).toBeDefined();
  });
});

describe('limits context', () => {
  const configFrom = (context: Record<string, unknown>) => readConfig(new App({ context }).node);

  it('accepts JSON numbers and booleans from cdk.json', () => {
    const config = configFrom({ lobbyRateLimit: 20, queueMaxConcurrency: 50, apiGatewayLogsRole: false });
    expect(config.limits).toEqual({
      ...DEFAULT_LIMITS,
      lobby: { rateLimit: 20, burstLimit: DEFAULT_LIMITS.lobby.burstLimit },
      queueMaxConcurrency: 50,
    });
    expect(config.apiGatewayLogsRole).toBe(false);
  });

  it.each([
    [{ queueMaxConcurrency: '1' }, /from 2 to 1000/],
    [{ queueMaxConcurrency: 1001 }, /from 2 to 1000/],
    [{ lobbyRateLimit: '1.5' }, /whole number/],
    [{ websocketRateLimit: '100', websocketBurstLimit: '10' }, /at least/],
    [{ apiGatewayLogsRole: 'yes' }, /true or false/],
  ])('refuses %j', (context, message) => {
    expect(() => configFrom(context)).toThrow(message);
  });
});
