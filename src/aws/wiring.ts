import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { exampleGames } from '../../games/index.js';
import { createTokenVerifier, type TokenVerifierConfig } from '../auth/jwt.js';
import type { AnyGame } from '../engine/index.js';
import { gameRegistry, type HandlerDeps } from '../handlers/deps.js';
import { type Clock, jsonLogger, type Logger, systemClock, type TokenVerifier } from '../ports/index.js';
import { type ApiGatewayFanoutOptions, createApiGatewayFanout } from './api-gateway-fanout.js';
import { readAwsConfig } from './config.js';
import { createDynamoConnectionStore } from './dynamo-connection-store.js';
import { createDynamoGameStore } from './dynamo-game-store.js';
import type { CapacityListener } from './dynamo-support.js';
import { createSqsMoveQueue } from './sqs-move-queue.js';

/** The SDK clients the adapters share. Injectable, so the benchmark can add counting middleware. */
export interface AwsClients {
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
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
  readonly endpoints?: { readonly dynamodb?: string; readonly sqs?: string };
  /** Extra configuration for clients created here (region, credentials for local engines…). */
  readonly clientConfig?: {
    readonly region?: string;
    readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  };
  /** Fan-out options: a local `@connections` base URL, an injected client factory. */
  readonly fanout?: ApiGatewayFanoutOptions;
  /** Receives every DynamoDB operation's consumed capacity (the benchmark's cost counter). */
  readonly onCapacity?: CapacityListener;
  readonly games?: readonly AnyGame[];
  /** A verifier to use instead of the one the token variables describe. */
  readonly tokens?: TokenVerifier;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly newId?: () => string;
}

/** Creates the SDK clients, once; Lambda reuses them across invocations of a warm container. */
export function createAwsClients(options: Pick<AwsWiringOptions, 'clients' | 'endpoints' | 'clientConfig'> = {}) {
  const config = (endpoint: string | undefined) => ({
    ...(options.clientConfig?.region ? { region: options.clientConfig.region } : {}),
    ...(options.clientConfig?.credentials ? { credentials: { ...options.clientConfig.credentials } } : {}),
    ...(endpoint ? { endpoint } : {}),
  });
  return {
    dynamodb: options.clients?.dynamodb ?? new DynamoDBClient(config(options.endpoints?.dynamodb)),
    sqs: options.clients?.sqs ?? new SQSClient(config(options.endpoints?.sqs)),
  } satisfies AwsClients;
}

/**
 * The AWS composition root: HandlerDeps from environment variables and SDK clients. A missing or
 * malformed variable throws at cold start, naming the variable, rather than failing a request later.
 */
export function createAwsDeps(options: AwsWiringOptions = {}): HandlerDeps {
  const config = readAwsConfig(options.env ?? process.env);
  const clients = createAwsClients(options);
  const { onCapacity } = options;
  return {
    games: gameRegistry(options.games ?? exampleGames),
    matches: createDynamoGameStore({ client: clients.dynamodb, tableName: config.gamesTable, onCapacity }),
    connections: createDynamoConnectionStore({
      client: clients.dynamodb,
      tableName: config.connectionsTable,
      onCapacity,
    }),
    fanout: createApiGatewayFanout({
      ...options.fanout,
      clientConfig: { ...options.clientConfig, ...options.fanout?.clientConfig },
    }),
    queue: createSqsMoveQueue({ client: clients.sqs, queueUrl: config.movesQueueUrl }),
    tokens: options.tokens ?? createTokenVerifier(config.tokens satisfies TokenVerifierConfig),
    clock: options.clock ?? systemClock,
    logger: options.logger ?? jsonLogger(),
    newId: options.newId ?? (() => randomBytes(12).toString('base64url')),
    allowSpectators: config.allowSpectators,
    allowClientSeeds: config.allowClientSeeds,
    ...(config.webSocketEndpoint ? { webSocketEndpoint: config.webSocketEndpoint } : {}),
  };
}

let containerDeps: HandlerDeps | undefined;

/** The Lambda entry points' deps: built on first use, then shared for the container's life. */
export function awsDeps(): HandlerDeps {
  containerDeps ??= createAwsDeps();
  return containerDeps;
}
