import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
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
import { type AwsConfig, AwsConfigError, readAwsConfig } from './config.js';
import { createDynamoConnectionStore } from './dynamo-connection-store.js';
import { createDynamoMatchPools } from './dynamo-match-pools.js';
import { createDynamoRatingStore } from './dynamo-rating-store.js';
import { createMatchStores, createSweepStores } from './dynamo-stores.js';
import type { CapacityListener } from './dynamo-support.js';
import { eventBridgeSchedulerFromEnv } from './eventbridge-scheduler.js';
import {
  type AwsClientOptions,
  dynamodbClient,
  SDK_RETRIES,
  SDK_TIMEOUTS,
  secretsManagerClient,
  sqsClient,
} from './sdk-clients.js';
import { createSecretsManagerTokenVerifier } from './secret-token-verifier.js';
import { createSqsMoveQueue } from './sqs-move-queue.js';
import { createSqsNoticeQueue } from './sqs-notice-queue.js';
import { TURN_TIMER_ENV, turnTimerConfig } from './turn-timer-config.js';

export {
  type AwsClientOptions,
  type AwsClients,
  createAwsClients,
  SDK_RETRIES,
  SDK_TIMEOUTS,
} from './sdk-clients.js';

export interface AwsWiringOptions extends AwsClientOptions {
  /** Defaults to `process.env`; see src/aws/config.ts for the variables. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Fan-out options: an injected client factory, a concurrency. Not the endpoint: that is always the
   * configured WEBSOCKET_MANAGEMENT_ENDPOINT (or WEBSOCKET_API_ID), whatever a handler's event says.
   */
  readonly fanout?: Omit<ApiGatewayFanoutOptions, 'endpointUrl'>;
  /** Receives every DynamoDB operation's consumed capacity (the benchmark's cost counter). */
  readonly onCapacity?: CapacityListener;
  /** The games to serve; the Lambda entries of this repository pass its example games. */
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
 * What every part of the composition root reads, made once per container: the options, the
 * environment's configuration (a missing or malformed variable throws here, at cold start, naming
 * it) and the SDK clients, each created by the first part that uses it.
 */
export interface AwsSetting {
  readonly options: AwsWiringOptions;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly config: AwsConfig;
  readonly logger: Logger;
  /** One client per service for the container, made by `create` on first use. */
  client<K extends keyof ClientOf>(service: K, create: (options: AwsClientOptions) => ClientOf[K]): ClientOf[K];
}

/** The clients several parts share (Secrets Manager serves the token verifier alone). */
interface ClientOf {
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
}

export function awsSetting(options: AwsWiringOptions): AwsSetting {
  const env = options.env ?? process.env;
  const clients: { -readonly [K in keyof ClientOf]?: ClientOf[K] } = {};
  return {
    options,
    env,
    config: readAwsConfig(env),
    logger: options.logger ?? jsonLogger(),
    client: <K extends keyof ClientOf>(service: K, create: (options: AwsClientOptions) => ClientOf[K]) => {
      const made = clients[service] ?? create(options);
      clients[service] = made;
      return made;
    },
  };
}

// The parts: each builds some ports from the setting, and references only the adapters and SDK
// clients those ports need, so a bundle of one function (src/aws/lambda-functions.ts) holds no more.

/** The ports no AWS service stands behind: games, clock, ids, the deployment's settings. */
export function settingPorts(s: AwsSetting) {
  const { options, config } = s;
  return {
    games: gameRegistry(options.games),
    ordering: config.ordering,
    clock: options.clock ?? systemClock,
    logger: s.logger,
    newId: options.newId ?? (() => randomBytes(12).toString('base64url')),
    allowSpectators: config.allowSpectators,
    allowClientSeeds: config.allowClientSeeds,
    webSocketEndpoint: config.webSocketEndpoint,
    frames: createFrameLimiter(config.frameLimit),
    retentionPolicy: config.retention,
  } satisfies Partial<HandlerDeps>;
}

const tables = (s: AwsSetting) => ({
  client: s.client('dynamodb', dynamodbClient),
  gamesTable: s.config.gamesTable,
  connectionsTable: s.config.connectionsTable,
  moveLogTable: s.config.moveLogTable,
  onCapacity: s.options.onCapacity,
});

/** The match and connection stores, sharing what catches up with the connections index's lag. */
export const matchStores = (s: AwsSetting): Pick<HandlerDeps, 'matches' | 'connections'> =>
  createMatchStores(tables(s));

/** The connection store alone, for a function that never reads or writes a match. */
export function connectionStore(s: AwsSetting): Pick<HandlerDeps, 'connections'> {
  const { client, connectionsTable, gamesTable, onCapacity } = tables(s);
  return {
    connections: createDynamoConnectionStore({
      client,
      tableName: connectionsTable,
      gamesTableName: gamesTable,
      onCapacity,
    }),
  };
}

/** Ratings, with the play table (play-table.ts); without it matches are not rated. */
export function ratingStore(s: AwsSetting): Pick<HandlerDeps, 'ratings'> {
  const { client, gamesTable, onCapacity } = tables(s);
  const { playTable } = s.config;
  if (playTable === undefined) return {};
  return { ratings: createDynamoRatingStore({ client, tableName: playTable, gamesTableName: gamesTable, onCapacity }) };
}

/** Quick match's pools, with the play table; without it `POST /api/matchmaking` is not offered. */
export function matchPools(s: AwsSetting): Pick<HandlerDeps, 'pools'> {
  const { playTable } = s.config;
  if (playTable === undefined) return {};
  return {
    pools: createDynamoMatchPools({
      client: s.client('dynamodb', dynamodbClient),
      tableName: playTable,
      onCapacity: s.options.onCapacity,
    }),
  };
}

/** What the sweeps read: the retention store and the deadline index. */
export const sweepStores = (s: AwsSetting): Pick<HandlerDeps, 'retention' | 'deadlines'> =>
  createSweepStores(tables(s));

/** Posts to connections through the stage's Management API. */
export function fanoutPort(s: AwsSetting): Pick<HandlerDeps, 'fanout'> {
  const { options } = s;
  return {
    fanout: createApiGatewayFanout({
      ...options.fanout,
      endpointUrl: s.config.managementEndpoint,
      clientConfig: {
        ...SDK_RETRIES.managementApi,
        requestHandler: { ...SDK_TIMEOUTS },
        ...options.clientConfig,
        ...options.fanout?.clientConfig,
      },
    }),
  };
}

/** Checks players' tokens: a JWKS, an HS256 key, or one kept in Secrets Manager. */
export function tokenPort(s: AwsSetting): Pick<HandlerDeps, 'tokens'> {
  if (s.options.tokens) return { tokens: s.options.tokens };
  const { tokens } = s.config;
  return {
    tokens:
      'secretArn' in tokens
        ? createSecretsManagerTokenVerifier({ client: secretsManagerClient(s.options), ...tokens })
        : createTokenVerifier(tokens),
  };
}

/*
 * The SQS clients and EventBridge Scheduler are what a stack may leave out of a function's bundle:
 * infra/handler-functions.ts defines `process.env.TURNGATE_BUNDLE_*` as 'omitted' at bundle time
 * for a function the stack gives no moves queue, notice queue or turn timers, so esbuild drops the
 * branch and the client behind it. Unbundled, or bundled by anyone else, they are unset at run time
 * and everything is in. The checks stay in this file: esbuild drops an import only when the constant
 * is folded in the module that uses it.
 */

/** Where the `move` route sends moves in `fifo` mode. */
export function moveQueuePort(s: AwsSetting): Pick<HandlerDeps, 'queue'> {
  const queueUrl = s.config.movesQueueUrl;
  if (queueUrl === undefined) return {};
  return process.env.TURNGATE_BUNDLE_MOVE_QUEUE !== 'omitted'
    ? { queue: createSqsMoveQueue({ client: s.client('sqs', sqsClient), queueUrl }) }
    : notBundled('MOVES_QUEUE_URL');
}

/** Where "your turn" notices go, when the deployment sends them. */
export function noticePort(s: AwsSetting): Pick<HandlerDeps, 'notifier'> {
  const queueUrl = s.config.noticeQueueUrl;
  if (queueUrl === undefined) return {};
  return process.env.TURNGATE_BUNDLE_NOTICES !== 'omitted'
    ? { notifier: createSqsNoticeQueue({ client: s.client('sqs', sqsClient), queueUrl, logger: s.logger }) }
    : notBundled('NOTICE_QUEUE_URL');
}

/** Arms turn timers: the scheduler given, or EventBridge Scheduler when the TURN_TIMER_* variables are set. */
export function schedulerPort(s: AwsSetting): Pick<HandlerDeps, 'scheduler'> {
  if (s.options.scheduler) return { scheduler: s.options.scheduler };
  if (turnTimerConfig(s.env) === undefined) return {};
  const scheduler =
    process.env.TURNGATE_BUNDLE_TURN_TIMERS !== 'omitted'
      ? eventBridgeSchedulerFromEnv(s.env)
      : notBundled(Object.values(TURN_TIMER_ENV).join(', '));
  return scheduler === undefined ? {} : { scheduler };
}

function notBundled(variable: string): never {
  throw new AwsConfigError(
    `${variable} is set, but this function was bundled for a stack without it: deploy the stack that sets it`,
  );
}

/**
 * The AWS composition root, whole: HandlerDeps from environment variables and SDK clients, for a
 * process that serves every handler (the local aws wiring, `createLambdaHandlers`). Each Lambda
 * function of the stack builds only its own part (src/aws/lambda-functions.ts).
 */
export function createAwsDeps(options: AwsWiringOptions): HandlerDeps {
  const s = awsSetting(options);
  return {
    ...settingPorts(s),
    ...matchStores(s),
    ...sweepStores(s),
    ...ratingStore(s),
    ...matchPools(s),
    ...fanoutPort(s),
    ...tokenPort(s),
    ...moveQueuePort(s),
    ...noticePort(s),
    ...schedulerPort(s),
  };
}
