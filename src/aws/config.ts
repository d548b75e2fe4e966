import * as z from 'zod';
import { JWKS_ALGORITHMS, type TokenVerifierConfig } from '../auth/jwt.js';
import { AUDIENCE_CLAIMS, type TokenClaimsConfig } from '../auth/token-claims.js';
import { ORDERING_MODES, type OrderingMode } from '../handlers/deps.js';
import type { ApiEndpoint } from '../ports/fanout.js';
import { type RetentionPolicy, readRetentionPolicy } from '../ports/retention.js';
import { FRAME_LIMIT, type FrameLimit, frameLimitSchema } from '../protocol/limits.js';

/**
 * The environment variables the AWS handlers read (the CDK stack sets them):
 *
 * | variable | meaning |
 * | --- | --- |
 * | CONNECTIONS_TABLE | connections table name |
 * | GAMES_TABLE | games table name |
 * | MOVE_LOG_TABLE | move-log table name |
 * | PLAY_TABLE | optional: the play table (ratings, quick-match pools; play-table.ts); without it no ratings and no quick match |
 * | ORDERING_MODE | `fifo` (default) or `direct`: how moves are ordered (docs/deploy.md) |
 * | MOVES_QUEUE_URL | the moves FIFO queue's URL; `fifo` only, and required there |
 * | TOKEN_ISSUER | the issuer every token must name (`iss`) |
 * | TOKEN_AUDIENCE | the accepted audience, or several comma-separated (any one will do) |
 * | TOKEN_AUDIENCE_CLAIM | where the audience is: `aud` (default; ID tokens) or `client_id` (Cognito access tokens) |
 * | TOKEN_USER_ID_CLAIM | the claim that carries the user id: `sub` (default) |
 * | TOKEN_JWKS_URL | the provider's JWKS (Cognito: `https://cognito-idp.{region}.amazonaws.com/{poolId}/.well-known/jwks.json`) |
 * | TOKEN_ALGORITHMS | optional, comma-separated; RS256 when absent |
 * | TOKEN_SECRET_ARN | instead of a JWKS: the Secrets Manager secret holding an HS256 key (what the CDK stack sets) |
 * | TOKEN_SECRET | instead of either: the HS256 key itself, at least 32 bytes (local runs and tests only) |
 * | ALLOW_SPECTATORS | `true` (default) or `false` |
 * | ALLOW_CLIENT_SEEDS | `false` (default) or `true` |
 * | WEBSOCKET_MANAGEMENT_ENDPOINT | the WebSocket stage's Management API: `https://{apiId}.execute-api.{region}.amazonaws.com/{stage}` (what the CDK stack sets) |
 * | WEBSOCKET_API_ID, WEBSOCKET_STAGE | instead of it: the API's id and stage, in Lambda's AWS_REGION |
 * | NOTICE_QUEUE_URL | optional: the standard queue "your turn" notices go to (src/aws/sqs-notice-queue.ts); none sent without it |
 * | FRAME_LIMIT | optional: each connection's frame budget, `<burst>/<perSecond>` (protocol `FRAME_LIMIT` when unset) |
 * | ABANDON_WAITING_AFTER | how long a match may wait for players before the sweeper ends it as abandoned: `24h` (default), `30m`, `2d` |
 * | ABANDON_IDLE_AFTER | how long a running match may go unplayed before it ends as abandoned: `7d` (default) |
 * | KEEP_FINISHED_FOR | how long a finished match, its log and seats are kept: `7d` (default), or `forever` |
 *
 * Every post to a connection (fan-out, replies, the lobby's pushes) goes to that one endpoint. It is
 * never built from an event's `requestContext.domainName`: behind a custom domain that is the custom
 * name, where PostToConnection is refused with 403, and the queue consumer has no event to read it
 * from at all.
 */

export class AwsConfigError extends Error {
  override name = 'AwsConfigError';
}

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((value) => (value === undefined ? fallback : value === 'true' || value === '1'));

const envSchema = z.object({
  CONNECTIONS_TABLE: z.string().min(1),
  GAMES_TABLE: z.string().min(1),
  MOVE_LOG_TABLE: z.string().min(1),
  PLAY_TABLE: z.string().min(1).optional(),
  ORDERING_MODE: z.enum(ORDERING_MODES).default('fifo'),
  MOVES_QUEUE_URL: z.url().optional(),
  TOKEN_ISSUER: z.string().min(1),
  TOKEN_AUDIENCE: z
    .string()
    .transform((value) => value.split(',').map((name) => name.trim()))
    .pipe(z.array(z.string().min(1)).min(1)),
  TOKEN_AUDIENCE_CLAIM: z.enum(AUDIENCE_CLAIMS).default('aud'),
  TOKEN_USER_ID_CLAIM: z.string().min(1).default('sub'),
  TOKEN_JWKS_URL: z.url().optional(),
  TOKEN_SECRET: z.string().min(32).optional(),
  TOKEN_SECRET_ARN: z.string().startsWith('arn:').optional(),
  TOKEN_ALGORITHMS: z
    .string()
    .optional()
    .transform((value) => value?.split(',').map((name) => name.trim()))
    .pipe(z.array(z.enum(JWKS_ALGORITHMS)).optional()),
  ALLOW_SPECTATORS: flag(true),
  ALLOW_CLIENT_SEEDS: flag(false),
  WEBSOCKET_MANAGEMENT_ENDPOINT: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ''))
    .refine((url) => /^\/[^/]+$/.test(new URL(url).pathname), 'must end with the stage: https://{host}/{stage}')
    .optional(),
  WEBSOCKET_API_ID: z
    .string()
    .regex(/^[a-z0-9]+$/, 'an API id such as a1b2c3d4e5')
    .optional(),
  WEBSOCKET_STAGE: z
    .string()
    .regex(/^[\w-]+$/, 'a stage name such as live')
    .optional(),
  AWS_REGION: z.string().min(1).optional(),
  NOTICE_QUEUE_URL: z.url().optional(),
  FRAME_LIMIT: frameLimitSchema.optional(),
  ABANDON_WAITING_AFTER: z.string().optional(),
  ABANDON_IDLE_AFTER: z.string().optional(),
  KEEP_FINISHED_FOR: z.string().optional(),
});

/** An HS256 key kept in Secrets Manager, fetched at cold start. */
export interface SecretArnTokenConfig extends TokenClaimsConfig {
  readonly secretArn: string;
}

export interface AwsConfig {
  readonly connectionsTable: string;
  readonly gamesTable: string;
  readonly moveLogTable: string;
  /** Ratings and quick-match pools; absent, the deployment offers neither. */
  readonly playTable?: string;
  readonly ordering: OrderingMode;
  /** Present exactly when `ordering` is `fifo`. */
  readonly movesQueueUrl?: string;
  readonly tokens: TokenVerifierConfig | SecretArnTokenConfig;
  readonly allowSpectators: boolean;
  readonly allowClientSeeds: boolean;
  /** Where every PostToConnection goes: the stage's `https://{apiId}.execute-api.{region}.amazonaws.com/{stage}`. */
  readonly managementEndpoint: string;
  /** The same stage as an ApiEndpoint: where the lobby pushes match changes. */
  readonly webSocketEndpoint: ApiEndpoint;
  /** Where notices to players who are away go; absent, nobody is notified. */
  readonly noticeQueueUrl?: string;
  /** Each connection's frame budget (protocol `FRAME_LIMIT` unless set). */
  readonly frameLimit: FrameLimit;
  /** How long matches are kept, and when one is given up as abandoned (the sweeper's). */
  readonly retention: RetentionPolicy;
}

/** API Gateway's own name for a stage's Management API: the only one PostToConnection accepts. */
export function managementEndpointUrl(apiId: string, region: string, stage: string): string {
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://${apiId}.execute-api.${region}.${suffix}/${stage}`;
}

export function readAwsConfig(env: Readonly<Record<string, string | undefined>>): AwsConfig {
  // Empty variables count as unset: CloudFormation and shells often leave them empty.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  // Parsed once per container: zod's compiled fast path would cost more to build (about 2 ms of
  // every cold start) than it could ever save.
  const parsed = envSchema.safeParse(present, { jitless: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new AwsConfigError(`invalid AWS handler environment: ${problems.join('; ')}`);
  }
  const vars = parsed.data;
  const claims: TokenClaimsConfig = {
    issuer: vars.TOKEN_ISSUER,
    // One audience stays a string, as it always was; several are a list.
    audience: vars.TOKEN_AUDIENCE.length === 1 ? (vars.TOKEN_AUDIENCE[0] as string) : vars.TOKEN_AUDIENCE,
    audienceClaim: vars.TOKEN_AUDIENCE_CLAIM,
    userIdClaim: vars.TOKEN_USER_ID_CLAIM,
  };
  const sources = [vars.TOKEN_JWKS_URL, vars.TOKEN_SECRET_ARN, vars.TOKEN_SECRET].filter(Boolean);
  if (sources.length !== 1) {
    throw new AwsConfigError(
      'set exactly one of TOKEN_JWKS_URL (an OIDC provider such as Cognito), TOKEN_SECRET_ARN or TOKEN_SECRET (HS256)',
    );
  }
  let tokens: AwsConfig['tokens'];
  if (vars.TOKEN_JWKS_URL) {
    tokens = {
      ...claims,
      jwksUrl: vars.TOKEN_JWKS_URL,
      ...(vars.TOKEN_ALGORITHMS ? { algorithms: vars.TOKEN_ALGORITHMS } : {}),
    };
  } else if (vars.TOKEN_SECRET_ARN) {
    tokens = { ...claims, secretArn: vars.TOKEN_SECRET_ARN };
  } else {
    tokens = { ...claims, secret: vars.TOKEN_SECRET ?? '' };
  }
  if (vars.ORDERING_MODE === 'fifo' && !vars.MOVES_QUEUE_URL) {
    throw new AwsConfigError('ORDERING_MODE fifo needs MOVES_QUEUE_URL (or set ORDERING_MODE=direct)');
  }
  let retention: RetentionPolicy;
  try {
    retention = readRetentionPolicy({
      abandonWaitingAfter: vars.ABANDON_WAITING_AFTER,
      abandonIdleAfter: vars.ABANDON_IDLE_AFTER,
      keepFinishedFor: vars.KEEP_FINISHED_FOR,
    });
  } catch (error) {
    throw new AwsConfigError(`invalid AWS handler environment: ${error instanceof Error ? error.message : error}`);
  }
  const managementEndpoint = managementEndpointOf(vars);
  const { host, pathname } = new URL(managementEndpoint);
  return {
    connectionsTable: vars.CONNECTIONS_TABLE,
    gamesTable: vars.GAMES_TABLE,
    moveLogTable: vars.MOVE_LOG_TABLE,
    ...(vars.PLAY_TABLE ? { playTable: vars.PLAY_TABLE } : {}),
    ordering: vars.ORDERING_MODE,
    // A direct deployment ignores a stray queue URL: nothing may send moves around the route.
    ...(vars.ORDERING_MODE === 'fifo' ? { movesQueueUrl: vars.MOVES_QUEUE_URL } : {}),
    tokens,
    allowSpectators: vars.ALLOW_SPECTATORS,
    allowClientSeeds: vars.ALLOW_CLIENT_SEEDS,
    managementEndpoint,
    webSocketEndpoint: { domainName: host, stage: pathname.slice(1) },
    ...(vars.NOTICE_QUEUE_URL ? { noticeQueueUrl: vars.NOTICE_QUEUE_URL } : {}),
    frameLimit: vars.FRAME_LIMIT ?? FRAME_LIMIT,
    retention,
  };
}

function managementEndpointOf(vars: z.infer<typeof envSchema>): string {
  const { WEBSOCKET_MANAGEMENT_ENDPOINT: endpoint, WEBSOCKET_API_ID: apiId, WEBSOCKET_STAGE: stage } = vars;
  if (endpoint && (apiId || stage)) {
    throw new AwsConfigError('set WEBSOCKET_MANAGEMENT_ENDPOINT, or WEBSOCKET_API_ID and WEBSOCKET_STAGE, not both');
  }
  if (endpoint) return endpoint;
  if (!apiId && !stage) {
    throw new AwsConfigError(
      'set WEBSOCKET_MANAGEMENT_ENDPOINT (https://{apiId}.execute-api.{region}.amazonaws.com/{stage}), or WEBSOCKET_API_ID and WEBSOCKET_STAGE',
    );
  }
  if (!apiId || !stage) throw new AwsConfigError('set both WEBSOCKET_API_ID and WEBSOCKET_STAGE');
  if (!vars.AWS_REGION) throw new AwsConfigError('WEBSOCKET_API_ID needs AWS_REGION (Lambda sets it)');
  return managementEndpointUrl(apiId, vars.AWS_REGION, stage);
}
