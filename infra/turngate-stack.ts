import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { type AccessByHandler, grantHandlerAccess } from './access.js';
import { OperationsAlarms } from './alarms.js';
import type { TokenSettings, TurngateConfig } from './config.js';
import { DataTables } from './data-tables.js';
import { HandlerFunctions, QUEUE_TIMEOUT } from './handler-functions.js';
import { LobbyApi } from './lobby-api.js';
import { MoveQueue } from './move-queue.js';
import { GameSocketApi } from './websocket-api.js';

/** The queue consumer's batch: SQS FIFO event sources take at most 10 and no batching window. */
export const QUEUE_BATCH_SIZE = 10;

/**
 * Who touches what, from the handlers' code. Changing a handler's data access means changing this
 * table, and test/infra checks the synthesized policies against its own copy of it.
 */
export const HANDLER_ACCESS: AccessByHandler = {
  authorizer: { tokenSecret: true },
  connect: { games: ['GetItem'], connections: ['PutItem'] },
  disconnect: { connections: ['DeleteItem'] },
  move: { connections: ['GetItem', 'DeleteItem'], sendMoves: true, postToConnection: true },
  sync: { games: ['GetItem'], connections: ['GetItem', 'DeleteItem'], postToConnection: true },
  default: { connections: ['DeleteItem'], postToConnection: true },
  queue: {
    games: ['GetItem', 'UpdateItem'],
    connections: ['DeleteItem'],
    connectionsByGame: true,
    postToConnection: true,
  },
  http: { games: ['GetItem', 'PutItem', 'UpdateItem'], tokenSecret: true },
};

export interface TurngateStackProps extends StackProps {
  readonly config: TurngateConfig;
  /** The repository root, where package-lock.json and the handler sources are. */
  readonly projectRoot: string;
  /** Lambda entry files, relative to `projectRoot`. */
  readonly entryDir?: string;
}

/** The whole serverless stack: WebSocket API, lobby HTTP API, eight Lambdas, two tables, a FIFO queue. */
export class TurngateStack extends Stack {
  constructor(scope: Construct, id: string, props: TurngateStackProps) {
    super(scope, id, props);
    const { config } = props;

    const tables = new DataTables(this, 'Data');
    const moves = new MoveQueue(this, 'MoveQueue', { consumerTimeout: QUEUE_TIMEOUT });
    const tokenSecret = this.tokenSecret(config.tokens);

    const handlers = new HandlerFunctions(this, 'Handlers', {
      projectRoot: props.projectRoot,
      entryDir: props.entryDir ?? 'src/aws/lambda',
      environment: {
        CONNECTIONS_TABLE: tables.connections.tableName,
        GAMES_TABLE: tables.games.tableName,
        MOVES_QUEUE_URL: moves.queue.queueUrl,
        ...tokenEnvironment(config.tokens, tokenSecret),
      },
    });

    handlers
      .get('queue')
      .addEventSource(new SqsEventSource(moves.queue, { batchSize: QUEUE_BATCH_SIZE, reportBatchItemFailures: true }));

    const sockets = new GameSocketApi(this, 'WebSocket', {
      stageName: config.stageName,
      authorizer: handlers.get('authorizer'),
      connect: handlers.get('connect'),
      disconnect: handlers.get('disconnect'),
      defaultRoute: handlers.get('default'),
      routes: { move: handlers.get('move'), sync: handlers.get('sync') },
    });
    const lobby = new LobbyApi(this, 'Lobby', { handler: handlers.get('http'), webOrigins: config.webOrigins });

    const targets = {
      games: tables.games,
      connections: tables.connections,
      connectionsByGameIndex: tables.connectionsByGameIndex,
      moves: moves.queue,
      postToConnectionArn: sockets.postToConnectionArn(),
      ...(tokenSecret ? { tokenSecret } : {}),
    };
    for (const [name, fn] of handlers.all()) {
      const access = HANDLER_ACCESS[name];
      // With JWKS there is no secret to read: the verifier fetches public keys over HTTPS.
      grantHandlerAccess(fn, tokenSecret ? access : { ...access, tokenSecret: false }, targets);
    }

    new OperationsAlarms(this, 'Alarms', {
      deadLetterQueue: moves.deadLetterQueue,
      functions: handlers.all(),
      // Refusing a bad token is an Error by the Lambda authorizer convention (throw 'Unauthorized'),
      // so a few are normal; a burst means an attack or a broken token issuer.
      errorThresholds: { authorizer: 25 },
      ...(config.alarmEmail ? { email: config.alarmEmail } : {}),
    });

    new CfnOutput(this, 'WebSocketUrl', {
      description: 'Players connect here: wss://…/<stage>?game=<matchId>&token=<jwt>',
      value: sockets.stage.url,
    });
    new CfnOutput(this, 'ManagementEndpoint', {
      description: 'API Gateway Management API (PostToConnection) for this stage',
      value: sockets.stage.callbackUrl,
    });
    new CfnOutput(this, 'HttpApiUrl', {
      description: 'Lobby HTTP API base URL (endpoints under api/)',
      value: lobby.url,
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: moves.deadLetterQueue.queueUrl });
    if (tokenSecret) new CfnOutput(this, 'TokenSecretArn', { value: tokenSecret.secretArn });
  }

  /** The HS256 secret: an existing one by ARN, or a new one whose value Secrets Manager generates. */
  private tokenSecret(tokens: TokenSettings): ISecret | undefined {
    if (tokens.kind === 'jwks') return undefined;
    if (tokens.secretArn) return Secret.fromSecretCompleteArn(this, 'TokenSecret', tokens.secretArn);
    return new Secret(this, 'TokenSecret', {
      description: 'turngate HS256 token signing secret',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
  }
}

/** Names and ARNs only: a handler fetches the secret's value itself, at cold start. */
function tokenEnvironment(tokens: TokenSettings, secret: ISecret | undefined): Record<string, string> {
  const common = { TOKEN_ISSUER: tokens.issuer, TOKEN_AUDIENCE: tokens.audience };
  if (tokens.kind === 'jwks') return { ...common, TOKEN_JWKS_URL: tokens.jwksUrl };
  if (!secret) throw new Error('an HS256 deployment needs its token secret');
  return { ...common, TOKEN_SECRET_ARN: secret.secretArn };
}
