import { RemovalPolicy } from 'aws-cdk-lib';
import { CfnAccount } from 'aws-cdk-lib/aws-apigateway';
import { CfnRoute, CfnStage, type IStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import type { ContextText } from './config.js';

/** Requests (lobby) or messages (WebSocket, every route) per second across a stage. */
export interface StageThrottle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** The WebSocket routes with a throttle of their own (route keys, as API Gateway names them). */
export const WEBSOCKET_ROUTE_THROTTLES = ['move', 'sync', '$connect', '$default', 'ping'] as const;
export type WebSocketRouteKey = (typeof WEBSOCKET_ROUTE_THROTTLES)[number];

/** The lobby routes with a throttle of their own (infra/lobby-api.ts declares each as a route). */
export const LOBBY_ROUTE_THROTTLES = {
  listMatches: 'GET /api/matches',
  listGames: 'GET /api/games',
  createMatch: 'POST /api/matches',
  joinMatch: 'POST /api/matches/{id}/join',
  quickMatch: 'POST /api/matchmaking',
  leaderboard: 'GET /api/leaderboard',
  myMatches: 'GET /api/me/matches',
} as const;
export type LobbyRouteName = keyof typeof LOBBY_ROUTE_THROTTLES;

export interface Limits {
  /** Every WebSocket route without a throttle of its own ($disconnect). */
  readonly websocket: StageThrottle;
  /** Every lobby route without a throttle of its own (a match, its log, start, me). */
  readonly lobby: StageThrottle;
  readonly websocketRoutes: Readonly<Record<WebSocketRouteKey, StageThrottle>>;
  readonly lobbyRoutes: Readonly<Record<LobbyRouteName, StageThrottle>>;
  /** Queue consumers running at once (`fifo` mode): Lambda's allowed range is 2 to 1000. */
  readonly queueMaxConcurrency: number;
}

/**
 * Throttles per route, sized for 10,000 players (about 5,000 two-player matches) and 1,000 people
 * looking at the lobby at once, with room for a burst twice the rate (docs/deploy.md, "Throttles",
 * has the arithmetic; raise them with context once real traffic says so). Far below API Gateway's
 * account quota (10,000 requests a second, burst 5,000, shared by every API in the Region), so one
 * route's flood cannot starve the others, nor run up the bill.
 *
 * - move: a move every 3 s in every match is about 1,700 a second;
 * - sync: one per (re)connect and, while a move is in doubt, one a second: the whole crowd coming
 *   back within half a minute after an outage is about 350 a second;
 * - $connect: the account's own quota is 500 new connections a second (raise it first);
 * - $default: nothing a correct client sends goes there;
 * - ping: one per idle connection per 9 minutes is under 20 a second (protocol/heartbeat.ts).
 * - the lobby list: 1,000 viewers polling every 15 s is about 70 a second, plus page turns; the game
 *   list is once per page load; create and join: a match every minute in every table of two is
 *   about 85 of each a second; quick match, the same crowd's other way in, as much again; the
 *   leaderboard and a player's own matches, on demand.
 *
 * The queue's consumers: at one move per invocation (a turn-based match has one move in flight) a
 * consumer settles about 20 moves a second, so 100 of them carry about 2,000 moves a second, the
 * move route's rate. They take from the account's Lambda concurrency (1,000 by default), which the
 * route handlers need too: see docs/deploy.md, "The fifo consumer's concurrency".
 */
export const DEFAULT_LIMITS: Limits = {
  websocket: { rateLimit: 100, burstLimit: 200 },
  lobby: { rateLimit: 100, burstLimit: 200 },
  websocketRoutes: {
    move: { rateLimit: 2000, burstLimit: 4000 },
    sync: { rateLimit: 500, burstLimit: 1000 },
    $connect: { rateLimit: 500, burstLimit: 1000 },
    $default: { rateLimit: 50, burstLimit: 100 },
    ping: { rateLimit: 100, burstLimit: 200 },
  },
  lobbyRoutes: {
    listMatches: { rateLimit: 200, burstLimit: 400 },
    listGames: { rateLimit: 50, burstLimit: 100 },
    createMatch: { rateLimit: 200, burstLimit: 400 },
    joinMatch: { rateLimit: 200, burstLimit: 400 },
    quickMatch: { rateLimit: 200, burstLimit: 400 },
    leaderboard: { rateLimit: 50, burstLimit: 100 },
    myMatches: { rateLimit: 100, burstLimit: 200 },
  },
  queueMaxConcurrency: 100,
};

/** The context key prefix of a WebSocket route's throttle: `websocketMoveRateLimit`, `websocketConnectBurstLimit`… */
const routePrefix = (route: WebSocketRouteKey): string =>
  `websocket${route.replace('$', '').charAt(0).toUpperCase()}${route.replace('$', '').slice(1)}`;
/** …and a lobby route's: `lobbyListMatchesRateLimit`. */
const lobbyPrefix = (route: LobbyRouteName): string => `lobby${route.charAt(0).toUpperCase()}${route.slice(1)}`;

export function readLimits(text: ContextText): Limits {
  const count = (key: string, fallback: number, min = 1, max = 1_000_000): number => {
    const value = text(key);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new Error(`context "${key}" must be a whole number from ${min} to ${max}`);
    }
    return parsed;
  };
  const throttle = (prefix: string, fallback: StageThrottle): StageThrottle => {
    const rateLimit = count(`${prefix}RateLimit`, fallback.rateLimit);
    const burstLimit = count(`${prefix}BurstLimit`, Math.max(fallback.burstLimit, rateLimit));
    if (burstLimit < rateLimit) throw new Error(`context "${prefix}BurstLimit" must be at least "${prefix}RateLimit"`);
    return { rateLimit, burstLimit };
  };
  const routes = <K extends string>(
    keys: readonly K[],
    prefix: (key: K) => string,
    fallback: Record<K, StageThrottle>,
  ) => Object.fromEntries(keys.map((key) => [key, throttle(prefix(key), fallback[key])])) as Record<K, StageThrottle>;
  return {
    websocket: throttle('websocket', DEFAULT_LIMITS.websocket),
    lobby: throttle('lobby', DEFAULT_LIMITS.lobby),
    websocketRoutes: routes(WEBSOCKET_ROUTE_THROTTLES, routePrefix, DEFAULT_LIMITS.websocketRoutes),
    lobbyRoutes: routes(
      Object.keys(LOBBY_ROUTE_THROTTLES) as LobbyRouteName[],
      lobbyPrefix,
      DEFAULT_LIMITS.lobbyRoutes,
    ),
    queueMaxConcurrency: count('queueMaxConcurrency', DEFAULT_LIMITS.queueMaxConcurrency, 2, 1000),
  };
}

/**
 * What one access log line says, as JSON so Logs Insights can query its fields. Never the path's
 * query string or a header: a browser's token travels in `?token=` on $connect and in
 * `Authorization` on the lobby, and neither belongs in a log.
 */
const WEBSOCKET_LOG_FORMAT = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  eventType: '$context.eventType',
  routeKey: '$context.routeKey',
  connectionId: '$context.connectionId',
  status: '$context.status',
  integrationLatency: '$context.integrationLatency',
  error: '$context.error.message',
  authorizerError: '$context.authorizer.error',
};
const HTTP_LOG_FORMAT = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
};

export interface ApiLimitsProps {
  readonly websocketStage: IStage;
  /** Where the WebSocket API's routes are: the stage's route throttles wait for them to exist. */
  readonly websocketApi: IConstruct;
  readonly lobbyStage: IStage;
  readonly lobbyApi: IConstruct;
  readonly limits: Limits;
  /** Set API Gateway's account-wide CloudWatch Logs role (see `ApiGatewayLogsRole`). */
  readonly accountLogsRole: boolean;
}

/** Stage-level throttling and access logs (one log group per API, kept a month) on both APIs. */
export class ApiLimits extends Construct {
  readonly websocketLogs: LogGroup;
  readonly lobbyLogs: LogGroup;

  constructor(scope: Construct, id: string, props: ApiLimitsProps) {
    super(scope, id);
    this.websocketLogs = accessLogGroup(this, 'WebSocketAccessLogs');
    this.lobbyLogs = accessLogGroup(this, 'LobbyAccessLogs');
    const websocket = limitStage(
      props.websocketStage,
      props.limits.websocket,
      props.limits.websocketRoutes,
      props.websocketApi,
      this.websocketLogs,
      WEBSOCKET_LOG_FORMAT,
    );
    const lobbyRoutes = Object.fromEntries(
      Object.entries(props.limits.lobbyRoutes).map(([name, throttle]) => [
        LOBBY_ROUTE_THROTTLES[name as LobbyRouteName],
        throttle,
      ]),
    );
    limitStage(props.lobbyStage, props.limits.lobby, lobbyRoutes, props.lobbyApi, this.lobbyLogs, HTTP_LOG_FORMAT);
    if (props.accountLogsRole) websocket.node.addDependency(new ApiGatewayLogsRole(this, 'AccountLogsRole').account);
  }
}

const accessLogGroup = (scope: Construct, id: string): LogGroup =>
  new LogGroup(scope, id, { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });

/**
 * Sets the stage's default route throttling and access log on its CloudFormation resource. Done here
 * rather than through each API's stage props, so the API constructs stay about routes, and the
 * limits that protect the bill are in one file.
 */
function limitStage(
  stage: IStage,
  throttle: StageThrottle,
  routes: Readonly<Record<string, StageThrottle>>,
  api: IConstruct,
  logGroup: LogGroup,
  format: Readonly<Record<string, string>>,
): CfnStage {
  const resource = stage.node.defaultChild;
  if (!(resource instanceof CfnStage)) throw new Error(`${stage.node.path} is not an API Gateway v2 stage`);
  const settings = ({ rateLimit, burstLimit }: StageThrottle) => ({
    throttlingRateLimit: rateLimit,
    throttlingBurstLimit: burstLimit,
  });
  resource.defaultRouteSettings = settings(throttle);
  // By route key; each route must exist before the stage names it, or the stage fails to deploy.
  // The property is a free-form map to CDK, so it is written as CloudFormation spells it.
  resource.routeSettings = Object.fromEntries(
    Object.entries(routes).map(([routeKey, { rateLimit, burstLimit }]) => [
      routeKey,
      { ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit },
    ]),
  );
  for (const route of api.node.findAll().filter((child): child is CfnRoute => child instanceof CfnRoute)) {
    if (route.routeKey in routes) resource.node.addDependency(route);
  }
  resource.accessLogSettings = { destinationArn: logGroup.logGroupArn, format: JSON.stringify(format) };
  return resource;
}

/**
 * A WebSocket stage writes its access log with the Region's account-wide API Gateway role (HTTP APIs
 * do not need one); a stage that asks for logs in an account without the role fails to deploy
 * ("CloudWatch Logs role ARN must be set in account settings"). The setting is one per account and
 * Region, so the role is retained when the stack goes: other APIs may log through it by then. An
 * account that already has the role can skip this with `-c apiGatewayLogsRole=false`.
 */
export class ApiGatewayLogsRole extends Construct {
  readonly account: CfnAccount;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
      description: 'API Gateway writes access and execution logs to CloudWatch Logs (account setting)',
      // AWS's own policy for exactly this role: log groups are created by name per API and stage.
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs')],
    });
    role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.account = new CfnAccount(this, 'Account', { cloudWatchRoleArn: role.roleArn });
    this.account.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}
