import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { exampleGames } from '../../games/index.js';
import { createTokenVerifier } from '../auth/jwt.js';
import type { AnyGame } from '../engine/index.js';
import { gameRegistry, type HandlerDeps } from '../handlers/deps.js';
import { createFrameLimiter } from '../handlers/frame-limit.js';
import {
  type Clock,
  jsonLogger,
  type Logger,
  type Scheduler,
  systemClock,
  type TokenVerifier,
} from '../ports/index.js';
import { type ApiGatewayFanoutOptions, createApiGatewayFanout } from './api-gateway-fanout.js';
import { type AwsConfig, readAwsConfig } from './config.js';
import { createDynamoStores } from './dynamo-stores.js';
import type { CapacityListener } from './dynamo-support.js';
import { eventBridgeSchedulerFromEnv } from './eventbridge-scheduler.js';
import { createSecretsManagerTokenVerifier } from './secret-token-verifier.js';
import { createSqsMoveQueue } from './sqs-move-queue.js';
import { createSqsNoticeQueue } from './sqs-notice-queue.js';

/** The SDK clients the adapters share. Injectable, so the benchmark can add counting middleware. */
export interface AwsClients {
  readonly dynamodb: DynamoDBClient;
  /** Only used (and only created) in the `fifo` ordering mode. */
  readonly sqs: SQSClient;
  /** Only used (and only created) when the token key is a TOKEN_SECRET_ARN. */
  readonly secretsManager: SecretsManagerClient;
}

export interface AwsWiringOptions {
  /** Defaults to `process.env`; see src/aws/config.ts for the variables. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Clients to use instead of creating them (tests, the local aws wiring, the benchmark). */
  readonly clients?: Partial<AwsClients>;
  /**
   * Endpoints for clients created here: the local runtime and tests point them at loopback engines.
   * On Lambda they are absent and the SDK resolves the Region's endpoints.
   */
  readonly endpoints?: { readonly dynamodb?: string; readonly sqs?: string; readonly secretsManager?: string };
  /** Extra configuration for clients created here (region, credentials for local engines…). */
  readonly clientConfig?: {
    readonly region?: string;
    readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  };
  /**
   * Fan-out options: an injected client factory, a concurrency. Not the endpoint: that is always the
   * configured WEBSOCKET_MANAGEMENT_ENDPOINT (or WEBSOCKET_API_ID), whatever a handler's event says.
   */
  readonly fanout?: Omit<ApiGatewayFanoutOptions, 'endpointUrl'>;
  /** Receives every DynamoDB operation's consumed capacity (the benchmark's cost counter). */
  readonly onCapacity?: CapacityListener;
  /** The games to serve; the Lambda entries of this repository pass its example games (`awsDeps`). */
  readonly games: readonly AnyGame[];
  /** A verifier to use instead of the one the token variables describe. */
  readonly tokens?: TokenVerifier;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Arms turn timers; defaults to EventBridge Scheduler when the TURN_TIMER_* variables are set. */
  readonly scheduler?: Scheduler;
  readonly newId?: () => string;
}

/**
 * How the SDK clients created here retry, per call, before a failure reaches an adapter: the
 * 'standard' mode's exponential backoff with full jitter (up to 1 s, then 2 s, after a throttle;
 * tens of ms after a 5xx or a timeout), within a retry quota that stops retry storms during an
 * outage. Not 'adaptive': its client-side rate limiter is per client, and one DynamoDB client serves
 * both tables, so a throttled connections table would slow moves too (AWS recommends 'standard'
 * unless a client talks to one resource only). Three attempts keep a throttled call's waiting under
 * 3 s; the handlers' own jittered retries (src/handlers/retry.ts) take over after that, and the
 * queue function's timeout is sized for both (infra/handler-functions.ts).
 *
 * PostToConnection gets two attempts: a LimitExceeded there is one slow client's full buffer, and
 * waiting seconds on it would hold up every other player's message and the match's next move.
 */
export const SDK_RETRIES = {
  dynamodb: { retryMode: 'standard', maxAttempts: 3 },
  sqs: { retryMode: 'standard', maxAttempts: 3 },
  secretsManager: { retryMode: 'standard', maxAttempts: 3 },
  managementApi: { retryMode: 'standard', maxAttempts: 2 },
} as const;

/**
 * Without a request timeout a stalled connection holds a call until the Lambda times out, and
 * "timeouts" never become the quick, retryable failure they should be. DynamoDB, SQS and
 * PostToConnection answer in milliseconds; 3 s means something is wrong, and TimeoutError is retried.
 */
export const SDK_TIMEOUTS = { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true } as const;

/** Creates the SDK clients, once; Lambda reuses them across invocations of a warm container. */
export function createAwsClients(options: Pick<AwsWiringOptions, 'clients' | 'endpoints' | 'clientConfig'> = {}) {
  const config = (endpoint: string | undefined, retries: (typeof SDK_RETRIES)[keyof typeof SDK_RETRIES]) => ({
    ...retries,
    requestHandler: { ...SDK_TIMEOUTS },
    ...(options.clientConfig?.region ? { region: options.clientConfig.region } : {}),
    ...(options.clientConfig?.credentials ? { credentials: { ...options.clientConfig.credentials } } : {}),
    ...(endpoint ? { endpoint } : {}),
  });
  let secretsManager = options.clients?.secretsManager;
  let sqs = options.clients?.sqs;
  return {
    dynamodb:
      options.clients?.dynamodb ?? new DynamoDBClient(config(options.endpoints?.dynamodb, SDK_RETRIES.dynamodb)),
    // Created on first use: a direct-mode deployment never sends to a queue.
    get sqs() {
      sqs ??= new SQSClient(config(options.endpoints?.sqs, SDK_RETRIES.sqs));
      return sqs;
    },
    get secretsManager() {
      secretsManager ??= new SecretsManagerClient(
        config(options.endpoints?.secretsManager, SDK_RETRIES.secretsManager),
      );
      return secretsManager;
    },
  } satisfies AwsClients;
}

/**
 * The AWS composition root: HandlerDeps from environment variables and SDK clients. A missing or
 * malformed variable throws at cold start, naming the variable, rather than failing a request later.
 */
export function createAwsDeps(options: AwsWiringOptions): HandlerDeps {
  const config = readAwsConfig(options.env ?? process.env);
  const clients = createAwsClients(options);
  const { onCapacity } = options;
  const logger = options.logger ?? jsonLogger();
  // Only the functions that arm turn timers get the scheduler's settings (infra/turn-timers.ts).
  const scheduler = options.scheduler ?? eventBridgeSchedulerFromEnv(options.env ?? process.env);
  return {
    games: gameRegistry(options.games),
    ...createDynamoStores({
      client: clients.dynamodb,
      gamesTable: config.gamesTable,
      connectionsTable: config.connectionsTable,
      moveLogTable: config.moveLogTable,
      ...(config.playTable === undefined ? {} : { playTable: config.playTable }),
      onCapacity,
    }),
    fanout: createApiGatewayFanout({
      ...options.fanout,
      endpointUrl: config.managementEndpoint,
      clientConfig: {
        ...SDK_RETRIES.managementApi,
        requestHandler: { ...SDK_TIMEOUTS },
        ...options.clientConfig,
        ...options.fanout?.clientConfig,
      },
    }),
    ordering: config.ordering,
    ...(config.movesQueueUrl === undefined
      ? {}
      : { queue: createSqsMoveQueue({ client: clients.sqs, queueUrl: config.movesQueueUrl }) }),
    tokens: options.tokens ?? tokenVerifier(config.tokens, clients),
    clock: options.clock ?? systemClock,
    logger,
    ...(config.noticeQueueUrl === undefined
      ? {}
      : { notifier: createSqsNoticeQueue({ client: clients.sqs, queueUrl: config.noticeQueueUrl, logger }) }),
    ...(scheduler === undefined ? {} : { scheduler }),
    newId: options.newId ?? (() => randomBytes(12).toString('base64url')),
    allowSpectators: config.allowSpectators,
    allowClientSeeds: config.allowClientSeeds,
    webSocketEndpoint: config.webSocketEndpoint,
    frames: createFrameLimiter(config.frameLimit),
    retentionPolicy: config.retention,
  };
}

function tokenVerifier(tokens: AwsConfig['tokens'], clients: AwsClients) {
  return 'secretArn' in tokens
    ? createSecretsManagerTokenVerifier({ client: clients.secretsManager, ...tokens })
    : createTokenVerifier(tokens);
}

let containerDeps: HandlerDeps | undefined;

/** The Lambda entry points' deps: built on first use, then shared for the container's life. */
export function awsDeps(): HandlerDeps {
  // Only these entries name the example games, so a developer's bundle (turngate/aws) never holds them.
  containerDeps ??= createAwsDeps({ games: exampleGames });
  return containerDeps;
}
