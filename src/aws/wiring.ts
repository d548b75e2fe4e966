import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { exampleGames } from '../../games/index.js';
import { createTokenVerifier } from '../auth/jwt.js';
import type { AnyGame } from '../engine/index.js';
import { gameRegistry, type HandlerDeps } from '../handlers/deps.js';
import { type Clock, jsonLogger, type Logger, systemClock, type TokenVerifier } from '../ports/index.js';
import { type ApiGatewayFanoutOptions, createApiGatewayFanout } from './api-gateway-fanout.js';
import { type AwsConfig, readAwsConfig } from './config.js';
import { createDynamoConnectionStore } from './dynamo-connection-store.js';
import { createDynamoGameStore } from './dynamo-game-store.js';
import type { CapacityListener } from './dynamo-support.js';
import { createSecretsManagerTokenVerifier } from './secret-token-verifier.js';
import { createSqsMoveQueue } from './sqs-move-queue.js';

/** The SDK clients the adapters share. Injectable, so the benchmark can add counting middleware. */
export interface AwsClients {
  readonly dynamodb: DynamoDBClient;
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
  let secretsManager = options.clients?.secretsManager;
  return {
    dynamodb: options.clients?.dynamodb ?? new DynamoDBClient(config(options.endpoints?.dynamodb)),
    sqs: options.clients?.sqs ?? new SQSClient(config(options.endpoints?.sqs)),
    get secretsManager() {
      secretsManager ??= new SecretsManagerClient(config(options.endpoints?.secretsManager));
      return secretsManager;
    },
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
      endpointUrl: config.managementEndpoint,
      clientConfig: { ...options.clientConfig, ...options.fanout?.clientConfig },
    }),
    queue: createSqsMoveQueue({ client: clients.sqs, queueUrl: config.movesQueueUrl }),
    tokens: options.tokens ?? tokenVerifier(config.tokens, clients),
    clock: options.clock ?? systemClock,
    logger: options.logger ?? jsonLogger(),
    newId: options.newId ?? (() => randomBytes(12).toString('base64url')),
    allowSpectators: config.allowSpectators,
    allowClientSeeds: config.allowClientSeeds,
    webSocketEndpoint: config.webSocketEndpoint,
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
  containerDeps ??= createAwsDeps();
  return containerDeps;
}
