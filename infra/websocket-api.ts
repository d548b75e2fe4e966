import {
  CfnIntegration,
  CfnIntegrationResponse,
  CfnRoute,
  CfnRouteResponse,
  WebSocketApi,
  WebSocketStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { GAME_QUERY_PARAMETER } from '../src/protocol/connection-params.js';
import { MOCK_ROUTES, ROUTES, type Route } from '../src/protocol/index.js';

/**
 * What API Gateway checks before it calls the authorizer. It answers 401 WITHOUT calling the
 * authorizer when any listed source is missing or empty, so a token source cannot be listed here:
 * Node clients send the token in the `Auth` header (as in the seed), browsers (which cannot set
 * headers on a WebSocket) in the `token` query parameter, and listing either would lock the other out.
 * Every client sends `?game=<matchId>`, so that is the one source: a connection without a game is
 * refused at the edge for free, and the authorizer itself reads the token from header or query.
 * WebSocket authorizers have no result cache, so the sources do not act as a cache key either.
 */
export const AUTHORIZER_IDENTITY_SOURCES = [`route.request.querystring.${GAME_QUERY_PARAMETER}`];

/**
 * Custom routes are selected by the `action` field of a JSON frame (anything else goes to `$default`).
 * They are the protocol's own list (src/protocol ROUTES): a new client action fails to compile here
 * until it has a handler function.
 */
export const ROUTE_SELECTION_EXPRESSION = '$request.body.action';

export interface GameSocketApiProps {
  readonly stageName: string;
  readonly authorizer: IFunction;
  readonly connect: IFunction;
  readonly disconnect: IFunction;
  readonly defaultRoute: IFunction;
  readonly routes: Readonly<Record<Route, IFunction>>;
}

/** The players' WebSocket API: one Lambda integration per route, the REQUEST authorizer on $connect. */
export class GameSocketApi extends Construct {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;

  constructor(scope: Construct, id: string, props: GameSocketApiProps) {
    super(scope, id);
    // The L2 authorizer also adds the Lambda permission for API Gateway to invoke it, scoped to this
    // authorizer's ARN: the seed's commented-out MyWebSocketPermission. No IAM role is needed for that.
    const authorizer = new WebSocketLambdaAuthorizer('Authorizer', props.authorizer, {
      authorizerName: 'turngate-token',
      identitySource: AUTHORIZER_IDENTITY_SOURCES,
    });
    this.api = new WebSocketApi(this, 'Api', {
      description: 'turngate: turn-based games over WebSockets',
      routeSelectionExpression: ROUTE_SELECTION_EXPRESSION,
      connectRouteOptions: { integration: integration('Connect', props.connect), authorizer },
      disconnectRouteOptions: { integration: integration('Disconnect', props.disconnect) },
      defaultRouteOptions: { integration: integration('Default', props.defaultRoute) },
    });
    for (const route of ROUTES) {
      this.api.addRoute(route, { integration: integration(route, props.routes[route]) });
    }
    for (const [routeKey, answer] of Object.entries(MOCK_ROUTES)) this.mockRoute(routeKey, answer);
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: props.stageName,
      autoDeploy: true,
    });
  }

  /**
   * A route API Gateway answers itself (the heartbeat's `ping`: protocol/heartbeat.ts): a MOCK
   * integration whose request template only says 200, and a route response that sends `answer` back
   * on the socket. No function runs, so a ping costs its two messages and nothing else. L1 resources:
   * the L2 mock integration has no integration response, and without one nothing is sent back.
   */
  private mockRoute(routeKey: string, answer: string): void {
    const id = `${routeKey.charAt(0).toUpperCase()}${routeKey.slice(1)}Mock`;
    const mock = new CfnIntegration(this, `${id}Integration`, {
      apiId: this.api.apiId,
      integrationType: 'MOCK',
      templateSelectionExpression: '\\$default',
      requestTemplates: { $default: '{"statusCode": 200}' },
    });
    new CfnIntegrationResponse(this, `${id}IntegrationResponse`, {
      apiId: this.api.apiId,
      integrationId: mock.ref,
      integrationResponseKey: '$default',
      templateSelectionExpression: '\\$default',
      responseTemplates: { $default: answer },
    });
    const route = new CfnRoute(this, `${id}Route`, {
      apiId: this.api.apiId,
      routeKey,
      target: `integrations/${mock.ref}`,
      routeResponseSelectionExpression: '$default',
    });
    new CfnRouteResponse(this, `${id}RouteResponse`, {
      apiId: this.api.apiId,
      routeId: route.ref,
      routeResponseKey: '$default',
    });
  }

  /**
   * The ARN pattern of PostToConnection on this stage only: the one Management API call the handlers
   * make. Connection ids are unknown until runtime, so the last segment is the narrowest it can be.
   */
  postToConnectionArn(): string {
    return this.api.arnForExecuteApiV2(`POST/@connections/*`, this.stage.stageName);
  }
}

const integration = (name: string, handler: IFunction): WebSocketLambdaIntegration =>
  new WebSocketLambdaIntegration(`${name}Integration`, handler);
