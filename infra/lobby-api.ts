import { Duration } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { IDEMPOTENCY_KEY_HEADER } from '../src/protocol/lobby.js';
import { LOBBY_ROUTE_THROTTLES } from './limits.js';

/** Every lobby endpoint lives under /api (list, create, join, start, view, move log). */
export const LOBBY_ROUTE_PATH = '/api/{proxy+}';

export interface LobbyApiProps {
  readonly handler: IFunction;
  readonly webOrigins: readonly string[];
}

/**
 * The lobby's HTTP API, served by the same `http` handler as the local runtime. Payload format 2.0
 * (the integration's default) is the APIGatewayProxyEventV2 the handler takes. Its `$default` stage
 * auto-deploys and puts no stage name in the URL, so paths read exactly as they do locally.
 * Tokens arrive as `Authorization: Bearer`, which the handler verifies itself (some routes are public).
 */
export class LobbyApi extends Construct {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: LobbyApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description: 'turngate lobby: list, create and join matches',
      createDefaultStage: true,
      // The web UI may be served from another origin (a laptop, a CDN); tokens travel in a header,
      // never in cookies, so credentials stay off.
      corsPreflight: {
        allowOrigins: [...props.webOrigins],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type', 'if-none-match', IDEMPOTENCY_KEY_HEADER.toLowerCase()],
        // The SDK revalidates lobby pages with their ETag (If-None-Match); a page on another origin reads it.
        exposeHeaders: ['etag'],
        maxAge: Duration.hours(1),
      },
    });
    const integration = new HttpLambdaIntegration('LobbyIntegration', props.handler);
    this.api.addRoutes({ path: LOBBY_ROUTE_PATH, methods: [HttpMethod.GET, HttpMethod.POST], integration });
    // The routes with a throttle of their own (infra/limits.ts): the same function, a route key each,
    // since API Gateway throttles by route key and the one above would lump them all together.
    for (const routeKey of Object.values(LOBBY_ROUTE_THROTTLES)) {
      const [method, path] = routeKey.split(' ') as [keyof typeof HttpMethod, string];
      this.api.addRoutes({ path, methods: [HttpMethod[method]], integration });
    }
  }

  /** The base URL (ends with `/`); endpoints are `${url}api/...`. */
  get url(): string {
    const url = this.api.url;
    if (!url) throw new Error('the lobby API has no default stage');
    return url;
  }
}
