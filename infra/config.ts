import type { Node } from 'constructs';
import { AUDIENCE_CLAIMS } from '../src/auth/token-claims.js';
import { ORDERING_MODES, type OrderingMode } from '../src/handlers/deps.js';
import { readRetentionPolicy } from '../src/ports/retention.js';
import { type CustomDomains, readCustomDomains } from './custom-domains.js';
import { type Limits, readLimits } from './limits.js';
import { type CognitoSettings, readCognitoSettings } from './user-pool.js';

/**
 * Deploy-time settings, read from CDK context (`cdk deploy -c key=value` or cdk.json). Everything has
 * an offline default, so `npm run synth` needs no account, no region and no lookups.
 */
export interface TurngateConfig {
  /** The WebSocket and HTTP API stage name: it appears in the wss:// URL and the management endpoint. */
  readonly stageName: string;
  readonly tokens: TokenSettings;
  /**
   * Browser origins allowed to call the lobby HTTP API (and, with a Cognito pool, to sign in) besides
   * the hosted web UI's own, which are always allowed: a laptop's `http://localhost:8080`, say.
   */
  readonly webOrigins: readonly string[];
  /** Where alarm notifications go, if anywhere. */
  readonly alarmEmail?: string;
  /**
   * How moves are ordered (context `orderingMode`, docs/deploy.md): `fifo` (the default) through an
   * SQS FIFO queue and a second function; `direct` in the `move` function itself, with no queue.
   */
  readonly orderingMode: OrderingMode;
  /** Custom domains for the web UI, the WebSocket API and the lobby API (each optional). */
  readonly domains: CustomDomains;
  /** Stage throttling and the queue consumer's maximum concurrency (infra/limits.ts). */
  readonly limits: Limits;
  /**
   * Whether the stack sets API Gateway's account-wide CloudWatch Logs role, without which a
   * WebSocket stage cannot write access logs (context `apiGatewayLogsRole`, default true).
   */
  readonly apiGatewayLogsRole: boolean;
  /**
   * Turn timers on EventBridge Scheduler (context `turnTimers=true`, infra/turn-timers.ts): off
   * unless asked for, since a deployment whose games declare no clocks has nothing to schedule.
   */
  readonly turnTimers: boolean;
  /**
   * Where "your turn" notices are POSTed (context `noticeWebhookUrl`, https only), and optionally the
   * secret holding their signing key (`noticeWebhookSecretArn`; otherwise the stack generates one).
   */
  readonly notices?: { readonly webhookUrl: string; readonly secretArn?: string };
  /** How long matches are kept and when one is abandoned (context, docs/deploy.md "Retention"). */
  readonly retention: RetentionSettings;
}

/**
 * The retention policy as the sweeper's environment carries it (src/aws/config.ts): context
 * `abandonWaitingAfter` (24h), `abandonIdleAfter` (7d), `keepFinishedFor` (7d, or `forever`),
 * checked at synth so a typo fails there, not at the sweeper's cold start.
 */
export interface RetentionSettings {
  readonly abandonWaitingAfter: string;
  readonly abandonIdleAfter: string;
  readonly keepFinishedFor: string;
}

/**
 * How handlers verify tokens. Either a JWKS URL (Cognito or any OIDC provider: nothing secret at all),
 * or an HS256 secret kept in Secrets Manager: the stack passes the secret's ARN, never its value.
 * Without `tokenSecretArn` the stack creates the secret and lets Secrets Manager generate its value.
 */
export type TokenSettings =
  | JwksTokenSettings
  | { readonly kind: 'secret'; readonly secretArn?: string; readonly issuer: string; readonly audience: string }
  | CognitoSettings;

/** A provider the deployer brings (Auth0, Clerk, Keycloak, an existing Cognito pool…): docs/sign-in.md. */
export interface JwksTokenSettings {
  readonly kind: 'jwks';
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  /** `aud` (the verifier's default) or `client_id` (Cognito access tokens): TOKEN_AUDIENCE_CLAIM. */
  readonly audienceClaim?: string;
  /** The claim that carries the user id (`sub` when absent): TOKEN_USER_ID_CLAIM. */
  readonly userIdClaim?: string;
  /** The web UI's public client at the provider; the audience when absent (right for ID tokens). */
  readonly webClientId?: string;
  /** The scopes the web UI asks for; the UI's default when absent. */
  readonly webScopes?: string;
  /** The token the UI presents: `access` with the `client_id` rule, else the UI's default (`id`) unless given. */
  readonly webTokenUse?: 'id' | 'access';
}

/** Reads one CDK context value as text; absent, null and empty all read as undefined. */
export type ContextText = (key: string) => string | undefined;

export const DEFAULT_STAGE_NAME = 'live';
export const DEFAULT_TOKEN_ISSUER = 'turngate';
export const DEFAULT_TOKEN_AUDIENCE = 'turngate';

export function readConfig(node: Node): TurngateConfig {
  const text = (key: string): string | undefined => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw new Error(`context "${key}" must be a string`);
    return value;
  };
  // Numbers and switches may come from cdk.json as JSON numbers and booleans, or from -c as text.
  const scalar = (key: string): string | undefined => {
    const value: unknown = node.tryGetContext(key);
    return typeof value === 'number' || typeof value === 'boolean' ? String(value) : text(key);
  };
  const alarmEmail = text('alarmEmail');
  const noticeWebhookUrl = text('noticeWebhookUrl');
  const noticeSecretArn = text('noticeWebhookSecretArn');
  if (noticeWebhookUrl && !noticeWebhookUrl.startsWith('https://')) {
    throw new Error('context "noticeWebhookUrl" must be an https:// URL');
  }
  if (noticeSecretArn && !noticeWebhookUrl)
    throw new Error('context "noticeWebhookSecretArn" needs "noticeWebhookUrl"');
  // direct is the default for a new deployment: measured cheaper and faster per move (docs/deploy.md).
  const orderingMode = text('orderingMode') ?? 'direct';
  if (!(ORDERING_MODES as readonly string[]).includes(orderingMode)) {
    throw new Error(`context "orderingMode" must be one of ${ORDERING_MODES.join(', ')}`);
  }
  const logsRole = scalar('apiGatewayLogsRole') ?? 'true';
  if (logsRole !== 'true' && logsRole !== 'false')
    throw new Error('context "apiGatewayLogsRole" must be true or false');
  return {
    stageName: text('stageName') ?? DEFAULT_STAGE_NAME,
    tokens: readTokenSettings(text),
    webOrigins: (text('webOrigins') ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
    ...(alarmEmail ? { alarmEmail } : {}),
    orderingMode: orderingMode as OrderingMode,
    domains: readCustomDomains(text),
    limits: readLimits(scalar),
    apiGatewayLogsRole: logsRole === 'true',
    turnTimers: text('turnTimers') === 'true',
    retention: readRetentionSettings(text),
    ...(noticeWebhookUrl
      ? { notices: { webhookUrl: noticeWebhookUrl, ...(noticeSecretArn ? { secretArn: noticeSecretArn } : {}) } }
      : {}),
  };
}

function readRetentionSettings(text: ContextText): RetentionSettings {
  const settings = {
    abandonWaitingAfter: text('abandonWaitingAfter') ?? '24h',
    abandonIdleAfter: text('abandonIdleAfter') ?? '7d',
    keepFinishedFor: text('keepFinishedFor') ?? '7d',
  };
  try {
    readRetentionPolicy(settings);
  } catch (error) {
    throw new Error(`context "${error instanceof Error ? error.message : String(error)}`.replace(':', '":'));
  }
  return settings;
}

/** Exactly one token source: a Cognito pool the stack creates, a provider's JWKS, or an HS256 secret. */
function readTokenSettings(text: ContextText): TokenSettings {
  const jwksUrl = text('jwksUrl');
  const secretArn = text('tokenSecretArn');
  if (jwksUrl && secretArn) throw new Error('set either context "jwksUrl" or "tokenSecretArn", not both');
  const cognito = readCognitoSettings(text);
  if (cognito) {
    // The pool is the issuer and its app client the audience: nothing else may claim to be either.
    const clash = [
      'jwksUrl',
      'tokenSecretArn',
      'tokenIssuer',
      'tokenAudience',
      'tokenAudienceClaim',
      'webClientId',
      'webTokenUse',
    ].filter((key) => text(key) !== undefined);
    if (clash.length > 0) {
      throw new Error(
        `context "cognitoDomainPrefix" creates the issuer; drop ${clash.map((k) => `"${k}"`).join(', ')}`,
      );
    }
    return cognito;
  }
  const issuer = text('tokenIssuer') ?? DEFAULT_TOKEN_ISSUER;
  const audience = text('tokenAudience') ?? DEFAULT_TOKEN_AUDIENCE;
  if (!jwksUrl) return { kind: 'secret', ...(secretArn ? { secretArn } : {}), issuer, audience };
  if (!jwksUrl.startsWith('https://')) throw new Error('context "jwksUrl" must be an https:// URL');
  const audienceClaim = text('tokenAudienceClaim');
  // The verifier knows these two (src/aws/config.ts); refusing others here beats a cold start that fails.
  if (audienceClaim !== undefined && !(AUDIENCE_CLAIMS as readonly string[]).includes(audienceClaim)) {
    throw new Error(`context "tokenAudienceClaim" must be one of ${AUDIENCE_CLAIMS.join(', ')}`);
  }
  // A token whose audience is in client_id is a Cognito access token: the UI must present that one.
  const webTokenUse = text('webTokenUse') ?? (audienceClaim === 'client_id' ? 'access' : undefined);
  if (webTokenUse !== undefined && webTokenUse !== 'id' && webTokenUse !== 'access') {
    throw new Error('context "webTokenUse" must be id or access');
  }
  const optional = (key: string, name: keyof JwksTokenSettings) => {
    const value = text(key);
    return value === undefined ? {} : { [name]: value };
  };
  return {
    kind: 'jwks',
    jwksUrl,
    issuer,
    audience,
    ...optional('tokenAudienceClaim', 'audienceClaim'),
    ...optional('tokenUserIdClaim', 'userIdClaim'),
    ...optional('webClientId', 'webClientId'),
    ...optional('webScopes', 'webScopes'),
    ...(webTokenUse ? { webTokenUse } : {}),
  };
}
