import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createDevSignIn, type TokenVerifierConfig } from '../auth/index.js';
import { createAwsDeps } from '../aws/wiring.js';
import { fireTurnTimer, type HandlerDeps } from '../handlers/index.js';
import {
  ensureMovesQueue,
  ensureTables,
  localClientConfig,
  type RunningEngine,
  startDynalite,
  startLocalSqs,
} from './aws-local/engines.js';
import { SqsPoller } from './aws-local/sqs-poller.js';
import type { LocalConfig } from './config.js';
import { buildFunctions } from './integrations.js';
import { IN_MEMORY, openDatabase } from './sqlite/database.js';
import { SweeperLoop } from './sweeper-loop.js';
import { LocalTurnTimers } from './turn-timers.js';
import type { LocalWiring, WiringContext } from './wiring.js';
import type { CommonWiringOptions } from './wiring-embedded.js';

export type AwsSdkClient = DynamoDBClient | SQSClient | ApiGatewayManagementApiClient;
export type AwsService = 'DynamoDB' | 'SQS' | 'ApiGatewayManagementApi';
/** Sees every SDK client the wiring creates, before its first request (the benchmark adds middleware). */
export type AwsClientHook = (client: AwsSdkClient, service: AwsService) => void;

export interface AwsLocalWiringOptions extends CommonWiringOptions {
  readonly config: Pick<LocalConfig, 'dynamodbEndpoint' | 'sqsEndpoint' | 'maxReceiveCount' | 'redeliveryDelayMs'>;
  readonly onAwsClient?: AwsClientHook;
  /**
   * Where the local scheduler keeps turn timers (SQLite; the same scheduler as the embedded wiring's)
   * when the matches outlive this process (`dynamodbEndpoint`); otherwise they are kept in memory.
   */
  readonly timersDatabase: string;
}

/** The tables this wiring creates; the cold-start bench points the bundled functions at them too. */
export const AWS_LOCAL_TABLES = {
  connections: 'turngate-connections',
  games: 'turngate-games',
  moveLog: 'turngate-move-log',
  play: 'turngate-play',
};
const QUEUE = 'turngate-moves';

/**
 * The parity wiring: the very adapters and composition root that run on Lambda (src/aws/wiring.ts),
 * configured through the same environment variables, with the SDK clients pointed at loopback
 * engines: DynamoDB Local or dynalite, local-aws-sqs, and this server's own `@connections` API. A
 * poller stands in for Lambda's SQS event source mapping.
 */
export async function awsLocalWiring(options: AwsLocalWiringOptions, context: WiringContext): Promise<LocalWiring> {
  const { config } = options;
  const started: RunningEngine[] = [];
  try {
    const dynamodbEndpoint = config.dynamodbEndpoint ?? (await remember(started, startDynalite())).endpoint;
    const dynamodb = new DynamoDBClient({ ...localClientConfig, endpoint: dynamodbEndpoint });
    options.onAwsClient?.(dynamodb, 'DynamoDB');
    await ensureTables(dynamodb, AWS_LOCAL_TABLES);
    // The direct mode has no queue, so no SQS engine starts: as on AWS, where its stack has none.
    const moves = options.ordering === 'fifo' ? await movesQueue(config, started, options.onAwsClient) : undefined;

    // Timers live as long as the matches they time: with the in-process dynalite, only as long as this
    // process. Kept in the file, they would outlive their matches, and a second server started in the
    // same directory would fire (and so remove) this one's timers, against a database without them.
    const timersDb = openDatabase(config.dynamodbEndpoint === undefined ? IN_MEMORY : options.timersDatabase);
    const timers = new LocalTurnTimers({ db: timersDb, clock: context.clock, logger: context.logger });
    const { ratings, ...awsDeps } = createAwsDeps({
      env: {
        CONNECTIONS_TABLE: AWS_LOCAL_TABLES.connections,
        GAMES_TABLE: AWS_LOCAL_TABLES.games,
        MOVE_LOG_TABLE: AWS_LOCAL_TABLES.moveLog,
        PLAY_TABLE: AWS_LOCAL_TABLES.play,
        ORDERING_MODE: options.ordering,
        ...(moves ? { MOVES_QUEUE_URL: moves.queueUrl } : {}),
        ...tokenEnvironment(options.tokens),
        ALLOW_SPECTATORS: String(options.allowSpectators),
        ALLOW_CLIENT_SEEDS: String(options.allowClientSeeds),
        ...(options.frameLimit ? { FRAME_LIMIT: `${options.frameLimit.burst}/${options.frameLimit.perSecond}` } : {}),
        // As the CDK stack sets it on Lambda: this server's own `@connections` API, on loopback,
        // whatever host name a client connected through.
        WEBSOCKET_MANAGEMENT_ENDPOINT: `${context.managementUrl}/${context.endpoint.stage}`,
      },
      clients: { dynamodb, ...(moves ? { sqs: moves.sqs } : {}) },
      clientConfig: localClientConfig,
      fanout: {
        createClient: (url) => {
          // Signed with this server's own credentials: its @connections API refuses everyone else.
          const client = new ApiGatewayManagementApiClient({
            ...localClientConfig,
            credentials: context.managementCredentials,
            endpoint: url,
          });
          options.onAwsClient?.(client, 'ApiGatewayManagementApi');
          return client;
        },
      },
      games: options.games,
      clock: context.clock,
      logger: context.logger,
    });
    const deps: HandlerDeps = {
      ...awsDeps,
      // dynalite has no transactions, which recording a rating needs (README "Ratings"): with it, matches
      // are not rated, as the README says, rather than each finished one logging a failed rating.
      ...(ratings && config.dynamodbEndpoint !== undefined ? { ratings } : {}),
      ...(options.notifier ? { notifier: options.notifier } : {}),
      ...(options.devSignIn
        ? {
            devSignIn: createDevSignIn({
              secret: options.tokenSecret,
              issuer: options.tokenIssuer,
              audience: options.tokenAudience,
            }),
          }
        : {}),
      // The AWS wiring's scheduler would be EventBridge Scheduler; locally, the SQLite one.
      scheduler: timers,
      retentionPolicy: options.retentionPolicy,
    };
    const functions = buildFunctions(deps);
    // The sweeper's EventBridge schedule, as a loop: the same sweeps on the DynamoDB stores.
    const sweeps = new SweeperLoop(deps, options.sweepEveryMs);
    let poller: SqsPoller | undefined;

    return {
      name: 'aws-local',
      functions,
      deps,
      describe: { dynamodb: dynamodbEndpoint, ...(moves ? { sqs: moves.endpoint, queueUrl: moves.queueUrl } : {}) },
      start(consumer) {
        timers.start((timer) => fireTurnTimer(deps, timer));
        sweeps.start();
        if (moves === undefined) return;
        poller = new SqsPoller({
          client: moves.sqs,
          queueUrl: moves.queueUrl,
          queueArn: moves.queueArn ?? '',
          consumer,
          logger: context.logger,
          redeliveryDelayMs: config.redeliveryDelayMs,
        });
      },
      sweep: () => sweeps.sweep(),
      drain: async () => poller?.drain(),
      async close() {
        await sweeps.close();
        await timers.close();
        timersDb.close();
        await poller?.stop();
        dynamodb.destroy();
        moves?.sqs.destroy();
        await Promise.all(started.map((engine) => engine.stop()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((engine) => engine.stop()));
    throw error;
  }
}

/** The FIFO queue of the `fifo` mode, on the configured SQS or an in-process local-aws-sqs. */
async function movesQueue(
  config: AwsLocalWiringOptions['config'],
  started: RunningEngine[],
  onAwsClient: AwsClientHook | undefined,
) {
  const endpoint = config.sqsEndpoint ?? (await remember(started, startLocalSqs())).endpoint;
  const sqs = new SQSClient({ ...localClientConfig, endpoint });
  onAwsClient?.(sqs, 'SQS');
  const queueUrl = await ensureMovesQueue(sqs, QUEUE, config.maxReceiveCount);
  const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] })))
    .Attributes?.QueueArn;
  return { endpoint, sqs, queueUrl, queueArn };
}

async function remember(started: RunningEngine[], starting: Promise<RunningEngine>): Promise<RunningEngine> {
  const engine = await starting;
  started.push(engine);
  return engine;
}

/** The verifier's settings as the AWS handlers read them (src/aws/config.ts). */
function tokenEnvironment(tokens: TokenVerifierConfig): Record<string, string> {
  const audience = typeof tokens.audience === 'string' ? tokens.audience : tokens.audience.join(',');
  return {
    TOKEN_ISSUER: tokens.issuer,
    TOKEN_AUDIENCE: audience,
    TOKEN_AUDIENCE_CLAIM: tokens.audienceClaim ?? 'aud',
    TOKEN_USER_ID_CLAIM: tokens.userIdClaim ?? 'sub',
    ...('secret' in tokens ? { TOKEN_SECRET: String(tokens.secret) } : { TOKEN_JWKS_URL: tokens.jwksUrl }),
  };
}
