import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import type { TokenVerifierConfig } from '../auth/jwt.js';
import { AUDIENCE_CLAIMS } from '../auth/token-claims.js';
import { ORDERING_MODES } from '../handlers/deps.js';
import { type RetentionPolicy, readRetentionPolicy } from '../ports/retention.js';
import {
  frameLimitSchema,
  IDLE_TIMEOUT_MS,
  MAX_CONNECTION_MS,
  MAX_MESSAGE_BYTES,
  type UiConfig,
} from '../protocol/index.js';
import { IN_MEMORY } from './sqlite/database.js';
import { WIRINGS } from './wiring.js';

const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((value) => value === true || value === 'true' || value === '1' || value === 'yes');
const positiveInt = z.coerce.number().int().positive();

/**
 * Every setting of the local runtime, its environment variable and its default. Flags are the same
 * names in kebab case (`--data-dir ./x` or `--data-dir=./x`); flags win over the environment.
 */
export const localConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(8787),
  host: z.string().min(1).default('127.0.0.1'),
  dataDir: z.string().min(1).default('./data'),
  /** The SQLite file; `:memory:` keeps everything in the process. Defaults to `<dataDir>/turngate.db`. */
  database: z.string().min(1).optional(),
  wiring: z.enum(WIRINGS).default('embedded'),
  /**
   * `direct` (the default, as on AWS): the move route settles each move itself, with the same
   * version-conditioned write and exactly-once ledger, and no queue write per move; `fifo`: moves go
   * through the wiring's FIFO queue to the queue function, as the seed's design has it.
   */
  orderingMode: z.enum(ORDERING_MODES).default('direct'),
  /** HS256 secret (at least 32 bytes). Generated and kept in `<dataDir>/token-secret` when not given. */
  tokenSecret: z.string().min(32).optional(),
  tokenIssuer: z.string().min(1).default('turngate-local'),
  /** The accepted audience, or several comma-separated. */
  tokenAudience: z.string().min(1).default('turngate'),
  /**
   * An OIDC provider's key set: tokens are then the provider's (issuer `tokenIssuer`), verified as on
   * AWS, the development sign-in is off and the web UI signs in with the provider (`oidcClientId`).
   */
  tokenJwksUrl: z.url().optional(),
  /** `aud` (ID tokens) or `client_id` (Cognito access tokens). */
  tokenAudienceClaim: z.enum(AUDIENCE_CLAIMS).default('aud'),
  tokenUserIdClaim: z.string().min(1).default('sub'),
  /** The web UI's OIDC client id; the first of `tokenAudience` when absent. */
  oidcClientId: z.string().min(1).optional(),
  /** The scopes the web UI asks for; `openid` and `offline_access` (for a refresh token) when absent. */
  oidcScopes: z.string().min(1).optional(),
  stage: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('local'),
  apiId: z
    .string()
    .regex(/^[a-z0-9]{10}$/)
    .default('tgatelocal'),
  idleTimeoutMs: positiveInt.default(IDLE_TIMEOUT_MS),
  maxConnectionMs: positiveInt.default(MAX_CONNECTION_MS),
  maxMessageBytes: positiveInt.default(MAX_MESSAGE_BYTES),
  devSignIn: flag.default(true),
  allowSpectators: flag.default(true),
  allowClientSeeds: flag.default(false),
  serveWeb: flag.default(true),
  sqliteSynchronous: z.enum(['full', 'normal']).default('full'),
  maxReceiveCount: z.coerce.number().int().min(1).default(5),
  redeliveryDelayMs: z.coerce.number().int().min(0).default(1_000),
  /** Each connection's frame budget, `<burst>/<perSecond>` (protocol `FRAME_LIMIT` when unset; README "Limits"). */
  frameLimit: z
    .union([frameLimitSchema, z.object({ burst: z.number().int().min(1), perSecond: z.number().int().min(1) })])
    .optional(),
  /** How long a graceful stop waits for queued moves. */
  drainTimeoutMs: z.coerce.number().int().min(0).default(10_000),
  /** Where "your turn" notices for players who are away are POSTed (src/notify); none when absent. */
  noticeWebhookUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** The notices' HMAC-SHA256 key (at least 32 bytes); required with the URL. */
  noticeWebhookSecret: z.string().min(32).optional(),
  /** A waiting match nobody filled ends as abandoned after this long (`24h`, `30m`, `2d`). */
  abandonWaitingAfter: z.string().trim().default('24h'),
  /** A running match nobody played ends as abandoned after this long. */
  abandonIdleAfter: z.string().trim().default('7d'),
  /** How long a finished match, its log and seats are kept: a duration, or `forever`. */
  keepFinishedFor: z.string().trim().default('7d'),
  /** How often the retention sweeps run (the sweeper's EventBridge schedule runs them every minute on AWS). */
  sweepEveryMs: positiveInt.default(60_000),
  /** aws-local: an already running DynamoDB Local or dynalite; otherwise dynalite starts in-process. */
  dynamodbEndpoint: z.url().optional(),
  /** aws-local: an already running SQS; otherwise local-aws-sqs starts in-process. */
  sqsEndpoint: z.url().optional(),
});

export type LocalConfigInput = z.input<typeof localConfigSchema>;
export type LocalConfig = z.output<typeof localConfigSchema>;

const KEYS = Object.keys(localConfigSchema.shape) as (keyof LocalConfig)[];
const envName = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();
const flagName = (key: string) => key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** Settings from `process.env`-like variables (PORT, DATA_DIR, WIRING, …) and `--flags`, flags winning. */
export function configFromEnvironment(argv: readonly string[], env: NodeJS.ProcessEnv): LocalConfigInput {
  const input: Record<string, string> = {};
  for (const key of KEYS) {
    const value = env[envName(key)];
    if (value !== undefined && value !== '') input[key] = value;
  }
  for (let index = 0; index < argv.length; index++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[index] ?? '');
    const key = KEYS.find((candidate) => flagName(candidate) === match?.[1]);
    if (!match || !key) throw new Error(`unknown option ${argv[index]}; options: ${KEYS.map(flagName).join(', ')}`);
    const value = match[2] ?? argv[++index];
    if (value === undefined) throw new Error(`option --${match[1]} needs a value`);
    input[key] = value;
  }
  return input;
}

export function resolveConfig(input: LocalConfigInput = {}): LocalConfig {
  const parsed = localConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`bad configuration: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  return parsed.data;
}

/** The retention policy of these settings (ports/retention.ts), checked at start. */
export const retentionPolicyOf = (config: LocalConfig): RetentionPolicy =>
  readRetentionPolicy({
    abandonWaitingAfter: config.abandonWaitingAfter,
    abandonIdleAfter: config.abandonIdleAfter,
    keepFinishedFor: config.keepFinishedFor,
  });

export const databasePath = (config: LocalConfig): string => config.database ?? join(config.dataDir, 'turngate.db');

/**
 * The token secret: the configured one, else the one kept under the data directory (created on first
 * start, readable by its owner only), so tokens stay valid across restarts. An in-memory database gets
 * a throwaway secret and writes nothing to disk.
 */
export function tokenSecret(config: LocalConfig): string {
  if (config.tokenSecret) return config.tokenSecret;
  if (databasePath(config) === IN_MEMORY) return randomBytes(32).toString('base64url');
  const file = join(config.dataDir, 'token-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(config.dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

const audiencesOf = (config: LocalConfig): string[] =>
  config.tokenAudience
    .split(',')
    .map((audience) => audience.trim())
    .filter(Boolean);

/**
 * How the handlers verify tokens: the provider's key set in JWKS mode, else `secret` (from
 * `tokenSecret`, read once by the caller: an in-memory run's secret is new on every call).
 */
export function tokenVerifierConfig(config: LocalConfig, secret: string): TokenVerifierConfig {
  const audiences = audiencesOf(config);
  const claims = {
    issuer: config.tokenIssuer,
    audience: audiences.length === 1 ? (audiences[0] as string) : audiences,
    audienceClaim: config.tokenAudienceClaim,
    userIdClaim: config.tokenUserIdClaim,
  };
  return config.tokenJwksUrl ? { ...claims, jwksUrl: config.tokenJwksUrl } : { ...claims, secret };
}

/** The audience the dev sign-in writes into its tokens: the first accepted one. */
export const devTokenAudience = (config: LocalConfig): string => audiencesOf(config)[0] ?? config.tokenAudience;

/** The dev sign-in signs HS256 tokens, which a JWKS verifier rightly refuses: it is off in JWKS mode. */
export const devSignInEnabled = (config: LocalConfig): boolean => config.devSignIn && !config.tokenJwksUrl;

/**
 * `/config.json` for a page served from `host` (the request's Host header, so the URLs are the ones
 * the browser already reaches this server by, whatever name it used).
 */
export function uiConfigFor(config: LocalConfig, host: string): UiConfig {
  return {
    lobbyUrl: `http://${host}`,
    websocketUrl: `ws://${host}/${config.stage}`,
    auth: uiAuthFor(config),
    // The debug panel plays any seat by signing in as its player: it comes with the dev sign-in.
    ...(devSignInEnabled(config) && { devTools: true as const }),
  };
}

/** The provider's sign-in in JWKS mode, the development sign-in when it is on, else a pasted token. */
function uiAuthFor(config: LocalConfig): UiConfig['auth'] {
  if (config.tokenJwksUrl) {
    return {
      mode: 'oidc',
      issuer: config.tokenIssuer,
      clientId: config.oidcClientId ?? audiencesOf(config)[0] ?? '',
      ...(config.oidcScopes ? { scopes: config.oidcScopes } : {}),
      ...(config.tokenAudienceClaim === 'client_id' ? { tokenUse: 'access' as const } : {}),
    };
  }
  return config.devSignIn ? { mode: 'dev' } : { mode: 'token' };
}
