import { RemovalPolicy } from 'aws-cdk-lib';
import { CfnAccount } from 'aws-cdk-lib/aws-apigateway';
import { CfnStage, type IStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ContextText } from './config.js';

/** Requests (lobby) or messages (WebSocket, every route) per second across a stage. */
export interface StageThrottle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export interface Limits {
  readonly websocket: StageThrottle;
  readonly lobby: StageThrottle;
  /** Queue consumers running at once (`fifo` mode): Lambda's allowed range is 2 to 1000. */
  readonly queueMaxConcurrency: number;
}

/**
 * Ceilings that stop one busy (or hostile) period from running up the bill or starving the account,
 * far below API Gateway's account defaults (10,000 per second, burst 5,000). 1,000 incoming messages
 * a second is 3.6 million an hour ($3.60 at $1.00 per million, plus the messages they fan out); a
 * lobby sees a few calls per match, so 100 a second is thousands of new matches a minute. The queue's 10 consumers leave the rest of the
 * account's 1,000 concurrent executions to the route handlers and to anything else in the account.
 * Raise them with context (docs/deploy.md) once real traffic says so.
 */
export const DEFAULT_LIMITS: Limits = {
  websocket: { rateLimit: 1000, burstLimit: 2000 },
  lobby: { rateLimit: 100, burstLimit: 200 },
  queueMaxConcurrency: 10,
};

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
  return {
    websocket: throttle('websocket', DEFAULT_LIMITS.websocket),
    lobby: throttle('lobby', DEFAULT_LIMITS.lobby),
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
  readonly lobbyStage: IStage;
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
      this.websocketLogs,
      WEBSOCKET_LOG_FORMAT,
    );
    limitStage(props.lobbyStage, props.limits.lobby, this.lobbyLogs, HTTP_LOG_FORMAT);
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
  logGroup: LogGroup,
  format: Readonly<Record<string, string>>,
): CfnStage {
  const resource = stage.node.defaultChild;
  if (!(resource instanceof CfnStage)) throw new Error(`${stage.node.path} is not an API Gateway v2 stage`);
  resource.defaultRouteSettings = {
    throttlingRateLimit: throttle.rateLimit,
    throttlingBurstLimit: throttle.burstLimit,
  };
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
