import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerName } from '../../infra/handler-functions.js';
import { LOBBY_ROUTE_THROTTLES } from '../../infra/limits.js';
import { PONG_MESSAGE } from '../../src/protocol/index.js';
import { onlyOne, refersTo, resourcesOf, type Synthesized, synthTurngate } from './synth.js';

let synth: Synthesized;
beforeAll(() => {
  synth = synthTurngate();
});
afterAll(() => synth?.dispose());

const ROUTES: Record<string, HandlerName> = {
  $connect: 'connect',
  $disconnect: 'disconnect',
  $default: 'default',
  move: 'move',
  sync: 'sync',
};

const webSocketApiId = (): string =>
  onlyOne(
    Object.fromEntries(
      Object.entries(resourcesOf(synth.template, 'AWS::ApiGatewayV2::Api')).filter(
        ([, api]) => api.Properties.ProtocolType === 'WEBSOCKET',
      ),
    ),
    'WebSocket API',
  )[0];

describe('WebSocket API', () => {
  it('selects routes by the action field of a JSON frame', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.action',
    });
  });

  it('has exactly the five routes with a handler, each integrated with its own function, and ping', () => {
    const apiId = webSocketApiId();
    const all = Object.values(resourcesOf(synth.template, 'AWS::ApiGatewayV2::Route')).filter((route) =>
      refersTo(route.Properties.ApiId, apiId),
    );
    expect(all.map((route) => route.Properties.RouteKey).sort()).toEqual([...Object.keys(ROUTES), 'ping'].sort());
    const routes = all.filter((route) => route.Properties.RouteKey !== 'ping');

    const integrations = resourcesOf(synth.template, 'AWS::ApiGatewayV2::Integration');
    for (const route of routes) {
      const handler = ROUTES[route.Properties.RouteKey as string] as HandlerName;
      const [integrationId, integration] =
        Object.entries(integrations).find(([id]) => refersTo(route.Properties.Target, id)) ?? [];
      expect(integrationId, `integration of ${String(route.Properties.RouteKey)}`).toBeDefined();
      expect(integration?.Properties.IntegrationType).toBe('AWS_PROXY');
      expect(refersTo(integration?.Properties.IntegrationUri, synth.functionId(handler))).toBe(true);
      // Every other handler stays out of this integration.
      for (const other of Object.values(ROUTES).filter((name) => name !== handler)) {
        expect(refersTo(integration?.Properties.IntegrationUri, synth.functionId(other))).toBe(false);
      }
    }
  });

  it('answers ping itself: a MOCK integration and a route response that send the pong, no function', () => {
    const apiId = webSocketApiId();
    const [routeId, route] =
      Object.entries(resourcesOf(synth.template, 'AWS::ApiGatewayV2::Route')).find(
        ([, candidate]) => candidate.Properties.RouteKey === 'ping',
      ) ?? [];
    expect(route?.Properties.RouteResponseSelectionExpression).toBe('$default');
    const [integrationId, integration] =
      Object.entries(resourcesOf(synth.template, 'AWS::ApiGatewayV2::Integration')).find(([id]) =>
        refersTo(route?.Properties.Target, id),
      ) ?? [];
    expect(integration?.Properties).toMatchObject({
      ApiId: { Ref: apiId },
      IntegrationType: 'MOCK',
      RequestTemplates: { $default: '{"statusCode": 200}' },
    });
    const [, response] = onlyOne(
      resourcesOf(synth.template, 'AWS::ApiGatewayV2::IntegrationResponse'),
      'integration response',
    );
    expect(response.Properties).toMatchObject({
      IntegrationId: { Ref: integrationId },
      IntegrationResponseKey: '$default',
      ResponseTemplates: { $default: PONG_MESSAGE },
    });
    const [, routeResponse] = onlyOne(
      resourcesOf(synth.template, 'AWS::ApiGatewayV2::RouteResponse'),
      'route response',
    );
    expect(routeResponse.Properties).toMatchObject({ RouteId: { Ref: routeId }, RouteResponseKey: '$default' });
  });

  it('lets API Gateway invoke each route handler, scoped to this API', () => {
    const apiId = webSocketApiId();
    const permissions = Object.values(resourcesOf(synth.template, 'AWS::Lambda::Permission'));
    for (const handler of Object.values(ROUTES)) {
      const allowed = permissions.filter(
        (permission) =>
          refersTo(permission.Properties.FunctionName, synth.functionId(handler)) &&
          permission.Properties.Principal === 'apigateway.amazonaws.com' &&
          permission.Properties.Action === 'lambda:InvokeFunction' &&
          refersTo(permission.Properties.SourceArn, apiId),
      );
      expect(allowed, handler).toHaveLength(1);
    }
  });

  it('auto-deploys a named stage', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: webSocketApiId() },
      StageName: 'live',
      AutoDeploy: true,
    });
  });
});

describe('the $connect authorizer', () => {
  const authorizer = () => onlyOne(resourcesOf(synth.template, 'AWS::ApiGatewayV2::Authorizer'), 'authorizer');

  it('is a REQUEST Lambda authorizer backed by the authorizer handler', () => {
    const [, resource] = authorizer();
    expect(resource.Properties.AuthorizerType).toBe('REQUEST');
    expect(refersTo(resource.Properties.ApiId, webSocketApiId())).toBe(true);
    expect(refersTo(resource.Properties.AuthorizerUri, synth.functionId('authorizer'))).toBe(true);
  });

  it('lists only the game query parameter as identity source, so header and query-token clients both reach it', () => {
    // API Gateway answers 401 without calling the authorizer when ANY listed source is missing: a
    // token source here (Auth header, token parameter) would lock out browsers or Node clients.
    const [, resource] = authorizer();
    expect(resource.Properties.IdentitySource).toEqual(['route.request.querystring.game']);
  });

  it('guards $connect and only $connect (WebSocket authorizers run on $connect alone)', () => {
    const [authorizerId] = authorizer();
    const routes = Object.values(resourcesOf(synth.template, 'AWS::ApiGatewayV2::Route'));
    for (const route of routes) {
      const guarded = route.Properties.RouteKey === '$connect';
      expect(route.Properties.AuthorizationType ?? 'NONE', String(route.Properties.RouteKey)).toBe(
        guarded ? 'CUSTOM' : 'NONE',
      );
      if (guarded) expect(route.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
    }
  });

  it("has the Lambda permission for API Gateway to invoke it (the seed's MyWebSocketPermission)", () => {
    const [authorizerId] = authorizer();
    synth.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [synth.functionId('authorizer'), 'Arn'] },
      SourceArn: {
        'Fn::Join': ['', Match.arrayWith([{ Ref: webSocketApiId() }, '/authorizers/', { Ref: authorizerId }])],
      },
    });
  });
});

describe('lobby HTTP API', () => {
  const httpApiId = (): string =>
    onlyOne(
      Object.fromEntries(
        Object.entries(resourcesOf(synth.template, 'AWS::ApiGatewayV2::Api')).filter(
          ([, api]) => api.Properties.ProtocolType === 'HTTP',
        ),
      ),
      'HTTP API',
    )[0];

  it('routes GET and POST under /api/ to the http handler with payload format 2.0', () => {
    const apiId = httpApiId();
    const routes = Object.values(resourcesOf(synth.template, 'AWS::ApiGatewayV2::Route')).filter((route) =>
      refersTo(route.Properties.ApiId, apiId),
    );
    // The catch-all, and the routes throttled on their own (infra/limits.ts), all one integration.
    expect(routes.map((route) => route.Properties.RouteKey).sort()).toEqual(
      ['GET /api/{proxy+}', 'POST /api/{proxy+}', ...Object.values(LOBBY_ROUTE_THROTTLES)].sort(),
    );
    expect(new Set(routes.map((route) => JSON.stringify(route.Properties.Target))).size).toBe(1);
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      ApiId: { Ref: apiId },
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [synth.functionId('http'), 'Arn'] },
    });
  });

  it('auto-deploys its $default stage and answers CORS preflights', () => {
    const apiId = httpApiId();
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: apiId },
      StageName: '$default',
      AutoDeploy: true,
    });
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({
        AllowHeaders: ['authorization', 'content-type', 'if-none-match', 'idempotency-key'],
        ExposeHeaders: ['etag'],
      }),
    });
  });
});

describe('outputs', () => {
  const output = (name: string): unknown => synth.template.findOutputs(name)[name]?.Value;
  const host = (apiId: string) => [
    { Ref: apiId },
    '.execute-api.',
    { Ref: 'AWS::Region' },
    '.',
    { Ref: 'AWS::URLSuffix' },
  ];

  it('give the wss:// URL and the https:// management endpoint of the stage', () => {
    const apiId = webSocketApiId();
    expect(output('WebSocketUrl')).toEqual({ 'Fn::Join': ['', ['wss://', ...host(apiId), '/live']] });
    expect(output('ManagementEndpoint')).toEqual({ 'Fn::Join': ['', ['https://', ...host(apiId), '/live']] });
  });

  it('give the lobby URL', () => {
    expect(JSON.stringify(output('HttpApiUrl'))).toMatch(
      /^\{"Fn::Join":\["",\["https:\/\/",\{"Ref":"[^"]+"\},"\.execute-api\./,
    );
  });
});
