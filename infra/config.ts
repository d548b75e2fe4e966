import type { Node } from 'constructs';
import { ORDERING_MODES, type OrderingMode } from '../src/handlers/deps.js';

/**
 * Deploy-time settings, read from CDK context (`cdk deploy -c key=value` or cdk.json). Everything has
 * an offline default, so `npm run synth` needs no account, no region and no lookups.
 */
export interface TurngateConfig {
  /** The WebSocket and HTTP API stage name: it appears in the wss:// URL and the management endpoint. */
  readonly stageName: string;
  readonly tokens: TokenSettings;
  /** Browser origins allowed to call the lobby HTTP API. */
  readonly webOrigins: readonly string[];
  /** Where alarm notifications go, if anywhere. */
  readonly alarmEmail?: string;
  /**
   * How moves are ordered (context `orderingMode`, docs/deploy.md): `fifo` (the default) through an
   * SQS FIFO queue and a second function; `direct` in the `move` function itself, with no queue.
   */
  readonly orderingMode: OrderingMode;
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
}

/**
 * How handlers verify tokens. Either a JWKS URL (Cognito or any OIDC provider: nothing secret at all),
 * or an HS256 secret kept in Secrets Manager: the stack passes the secret's ARN, never its value.
 * Without `tokenSecretArn` the stack creates the secret and lets Secrets Manager generate its value.
 */
export type TokenSettings =
  | { readonly kind: 'jwks'; readonly jwksUrl: string; readonly issuer: string; readonly audience: string }
  | { readonly kind: 'secret'; readonly secretArn?: string; readonly issuer: string; readonly audience: string };

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
  const issuer = text('tokenIssuer') ?? DEFAULT_TOKEN_ISSUER;
  const audience = text('tokenAudience') ?? DEFAULT_TOKEN_AUDIENCE;
  const jwksUrl = text('jwksUrl');
  const secretArn = text('tokenSecretArn');
  if (jwksUrl && secretArn) throw new Error('set either context "jwksUrl" or "tokenSecretArn", not both');
  if (jwksUrl && !jwksUrl.startsWith('https://')) throw new Error('context "jwksUrl" must be an https:// URL');
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
  return {
    stageName: text('stageName') ?? DEFAULT_STAGE_NAME,
    tokens: jwksUrl
      ? { kind: 'jwks', jwksUrl, issuer, audience }
      : { kind: 'secret', ...(secretArn ? { secretArn } : {}), issuer, audience },
    webOrigins: (text('webOrigins') ?? '*').split(',').map((origin) => origin.trim()),
    ...(alarmEmail ? { alarmEmail } : {}),
    orderingMode: orderingMode as OrderingMode,
    turnTimers: text('turnTimers') === 'true',
    ...(noticeWebhookUrl
      ? { notices: { webhookUrl: noticeWebhookUrl, ...(noticeSecretArn ? { secretArn: noticeSecretArn } : {}) } }
      : {}),
  };
}
