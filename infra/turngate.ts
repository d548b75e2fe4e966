import * as path from 'node:path';
import { CfnOutput, Stack } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { grantHandlerAccess } from './access.js';
import type { OperationsAlarms } from './alarms.js';
import type { TokenSettings, TurngateConfig } from './config.js';
import type { OperationsDashboard } from './dashboard.js';
import { DataTables } from './data-tables.js';
import { writeGamesEntries } from './games-entries.js';
import { ARMS_TURN_TIMERS, bundleOmissions, handlerAccess, QUEUE_BATCH_SIZE, SENDS_NOTICES } from './handler-access.js';
import {
  DEADLINE_SWEEP,
  HANDLER_NAMES,
  HandlerFunctions,
  type HandlerName,
  NOTIFY,
  QUEUE_TIMEOUT,
  SWEEPER,
  TURN_TIMER,
} from './handler-functions.js';
import { LobbyApi } from './lobby-api.js';
import { MoveQueue } from './move-queue.js';
import { Notices } from './notices.js';
import { addOperations } from './operations.js';
import { PlayerEdge } from './player-edge.js';
import { Sweeper } from './sweeper.js';
import { TurnTimers } from './turn-timers.js';
import { GameSocketApi } from './websocket-api.js';

export interface TurngateProps {
  readonly config: TurngateConfig;
  /** The project root, where package-lock.json and the handler sources are. */
  readonly projectRoot: string;
  /** Lambda entry files, relative to `projectRoot`. */
  readonly entryDir?: string;
  /**
   * The developer's games module (turngate/cdk), absolute or relative to `projectRoot`: every function
   * bundles it through a generated entry (infra/games-entries.ts). Without it, the entries in
   * `entryDir` (this repository's, serving the example games).
   */
  readonly gamesModule?: string;
  /**
   * The developer's board modules (each calls `registerBoard` from turngate/board), absolute or
   * relative to `projectRoot`: bundled into the hosted web UI, as `turngate dev --board` serves them.
   */
  readonly boards?: readonly string[];
}

/**
 * The whole serverless backend, as a construct that drops into any stack: WebSocket API, lobby HTTP
 * API, the tables and the handler functions; in the `fifo` ordering mode also the FIFO queue, its
 * dead-letter queue and the queue function; and what sits between players and the APIs
 * (infra/player-edge.ts): the hosted web UI, the optional Cognito pool, custom domains and the APIs'
 * limits. One per stack: its outputs (WebSocketUrl, HttpApiUrl, WebUrl, …) are the stack's, under
 * plain names, and API Gateway's logging role is per account and region (infra/limits.ts). Its
 * resources' logical ids start with the construct's id; TurngateStack's is `Default`, which CDK
 * leaves out.
 */
export class Turngate extends Construct {
  readonly tables: DataTables;
  /** The moves queue: `fifo` mode only. */
  readonly moves: MoveQueue | undefined;
  readonly handlers: HandlerFunctions;
  readonly sockets: GameSocketApi;
  readonly lobby: LobbyApi;
  /** The hosted web UI, the optional Cognito pool, custom domains and the APIs' limits. */
  readonly edge: PlayerEdge;
  /** EventBridge Scheduler's group, role and the turn-timer function: with context `turnTimers=true` only. */
  readonly turnTimers: TurnTimers | undefined;
  /** The notice queue and the `notify` function: with context `noticeWebhookUrl` only. */
  readonly notices: Notices | undefined;
  /** The retention sweeps' function and its schedule. */
  readonly sweeper: Sweeper;
  /** Every alarm and the topic they notify. */
  readonly alarms: OperationsAlarms;
  /** The one CloudWatch dashboard. */
  readonly dashboard: OperationsDashboard;

  constructor(scope: Construct, id: string, props: TurngateProps) {
    super(scope, id);
    const { config } = props;

    this.tables = new DataTables(this, 'Data');
    const fifo = config.orderingMode === 'fifo';
    this.moves = fifo ? new MoveQueue(this, 'MoveQueue', { consumerTimeout: QUEUE_TIMEOUT }) : undefined;
    const tokenSecret = this.tokenSecret(config.tokens);
    const access = handlerAccess(config.orderingMode);
    const boards = (props.boards ?? []).map((board) => path.resolve(props.projectRoot, board));
    const gamesModule = props.gamesModule && path.resolve(props.projectRoot, props.gamesModule);
    this.edge = new PlayerEdge(this, 'Edge', { config, boards, ...(gamesModule ? { gamesModule } : {}) });

    const environment = {
      CONNECTIONS_TABLE: this.tables.connections.tableName,
      GAMES_TABLE: this.tables.games.tableName,
      MOVE_LOG_TABLE: this.tables.moveLog.tableName,
      PLAY_TABLE: this.tables.play.tableName,
      ORDERING_MODE: config.orderingMode,
      ...(this.moves ? { MOVES_QUEUE_URL: this.moves.queue.queueUrl } : {}),
      ...tokenEnvironment(config.tokens, tokenSecret, this.edge),
    };
    const names = HANDLER_NAMES.filter((name) => access[name] !== undefined);
    const omitted = (name: HandlerName) => bundleOmissions(config, name);
    const optional: HandlerName[] = [
      SWEEPER,
      ...(config.turnTimers ? [TURN_TIMER, DEADLINE_SWEEP] : []),
      ...(config.notices ? [NOTIFY] : []),
    ];
    // A developer's games module gets an entry per function that bundles it (games-entries.ts).
    const entryDir = props.gamesModule
      ? writeGamesEntries(props.projectRoot, props.gamesModule, [...names, ...optional])
      : (props.entryDir ?? 'src/aws/lambda');
    this.handlers = new HandlerFunctions(this, 'Handlers', {
      projectRoot: props.projectRoot,
      entryDir,
      names,
      environment,
      omitted,
    });
    const handler = (name: HandlerName) => this.handlers.get(name);
    this.turnTimers = config.turnTimers
      ? new TurnTimers(this, 'TurnTimers', {
          projectRoot: props.projectRoot,
          entryDir,
          environment,
          omitted,
        })
      : undefined;
    this.sweeper = new Sweeper(this, 'Sweeper', {
      projectRoot: props.projectRoot,
      entryDir,
      environment,
      omitted,
      retention: config.retention,
    });
    this.notices = config.notices
      ? new Notices(this, 'Notices', {
          projectRoot: props.projectRoot,
          entryDir,
          environment: {},
          ...config.notices,
        })
      : undefined;

    if (this.moves) {
      handler('queue').addEventSource(
        new SqsEventSource(this.moves.queue, {
          batchSize: QUEUE_BATCH_SIZE,
          reportBatchItemFailures: true,
          // One busy period must not take the account's whole Lambda concurrency (infra/limits.ts).
          maxConcurrency: config.limits.queueMaxConcurrency,
        }),
      );
    }

    this.sockets = new GameSocketApi(this, 'WebSocket', {
      stageName: config.stageName,
      authorizer: handler('authorizer'),
      connect: handler('connect'),
      disconnect: handler('disconnect'),
      defaultRoute: handler('default'),
      routes: { move: handler('move'), sync: handler('sync') },
    });
    this.lobby = new LobbyApi(this, 'Lobby', { handler: handler('http'), webOrigins: this.edge.lobbyOrigins });
    const urls = this.edge.attach({ sockets: this.sockets, lobby: this.lobby });
    // Every post to a connection (replies, the queue's fan-out, the lobby's pushes) goes to the
    // stage's own execute-api Management endpoint, never to one built from an event's domainName:
    // behind a custom domain that is the custom name, where PostToConnection is refused (403), and
    // the queue and the lobby have no WebSocket event to read it from. Every function gets it (the
    // ones that never post too), so a missing value fails every cold start alike (src/aws/config.ts).
    const functions = [
      ...this.handlers.all(),
      [SWEEPER, this.sweeper.function] as const,
      ...(this.turnTimers
        ? ([
            [TURN_TIMER, this.turnTimers.function],
            [DEADLINE_SWEEP, this.turnTimers.sweep],
          ] as const)
        : []),
    ];
    for (const [, fn] of functions) {
      fn.addEnvironment('WEBSOCKET_MANAGEMENT_ENDPOINT', this.sockets.stage.callbackUrl);
    }

    const targets = {
      games: this.tables.games,
      moveLog: this.tables.moveLog,
      play: this.tables.play,
      playLeaderboardIndex: this.tables.playLeaderboardIndex,
      connections: this.tables.connections,
      connectionsByGameIndex: this.tables.connectionsByGameIndex,
      ...(this.moves ? { moves: this.moves.queue } : {}),
      postToConnectionArn: this.sockets.postToConnectionArn(),
      ...(tokenSecret ? { tokenSecret } : {}),
    };
    for (const [name, fn] of functions) {
      const granted = access[name] ?? {};
      // With JWKS there is no secret to read: the verifier fetches public keys over HTTPS.
      grantHandlerAccess(fn, tokenSecret ? granted : { ...granted, tokenSecret: false }, targets);
    }

    if (this.turnTimers) {
      const timers = this.turnTimers;
      for (const [name, fn] of functions) {
        if (!ARMS_TURN_TIMERS[config.orderingMode].includes(name)) continue;
        // The turn-timer function cannot name its own ARN (a circular reference): it reads it from its invocation.
        for (const [key, value] of Object.entries(timers.environment(name !== TURN_TIMER)))
          fn.addEnvironment(key, value);
        timers.grantArming(fn);
      }
    }

    if (this.notices) {
      for (const [name, fn] of functions) {
        if (SENDS_NOTICES[config.orderingMode].includes(name)) this.notices.grantSend(fn);
      }
    }

    const operations = addOperations(this, {
      config,
      // The optional turn-timer and notify functions are watched like the rest.
      functions: [...functions, ...(this.notices ? [[NOTIFY, this.notices.function] as const] : [])],
      asyncFunctions: [
        [SWEEPER, this.sweeper.function],
        ...(this.turnTimers
          ? ([
              [TURN_TIMER, this.turnTimers.function],
              [DEADLINE_SWEEP, this.turnTimers.sweep],
            ] as const)
          : []),
      ],
      tables: this.tables,
      sockets: this.sockets,
      lobby: this.lobby,
      moves: this.moves,
      ...(this.notices ? { noticeDeadLetters: this.notices.deadLetterQueue } : {}),
      ...(this.turnTimers ? { timerFailures: this.turnTimers.failures } : {}),
    });
    this.alarms = operations.alarms;
    this.dashboard = operations.dashboard;

    // Outputs belong to the stack, under plain names, as PlayerEdge's are: a stack of one's own lists
    // WebSocketUrl and WebUrl side by side, whatever the construct's id.
    const stack = Stack.of(this);
    new CfnOutput(stack, 'WebSocketUrl', {
      description: 'Players connect here: wss://…?game=<matchId>&token=<jwt>',
      value: urls.websocketUrl,
    });
    new CfnOutput(stack, 'ManagementEndpoint', {
      description: 'API Gateway Management API (PostToConnection) for this stage',
      value: this.sockets.stage.callbackUrl,
    });
    new CfnOutput(stack, 'HttpApiUrl', {
      description: 'Lobby HTTP API base URL (endpoints under api/)',
      value: `${urls.lobbyUrl}/`,
    });
    if (this.moves) new CfnOutput(stack, 'DeadLetterQueueUrl', { value: this.moves.deadLetterQueue.queueUrl });
    if (tokenSecret) new CfnOutput(stack, 'TokenSecretArn', { value: tokenSecret.secretArn });
  }

  /** The HS256 secret: an existing one by ARN, or a new one whose value Secrets Manager generates. */
  private tokenSecret(tokens: TokenSettings): ISecret | undefined {
    if (tokens.kind !== 'secret') return undefined;
    if (tokens.secretArn) return Secret.fromSecretCompleteArn(this, 'TokenSecret', tokens.secretArn);
    return new Secret(this, 'TokenSecret', {
      description: 'turngate HS256 token signing secret',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
  }
}

/** Names and ARNs only: a handler fetches the secret's value itself, at cold start. */
function tokenEnvironment(
  tokens: TokenSettings,
  secret: ISecret | undefined,
  edge: PlayerEdge,
): Record<string, string> {
  if (tokens.kind === 'cognito') {
    if (!edge.userPool) throw new Error('a Cognito deployment needs its user pool');
    return edge.userPool.tokenEnvironment();
  }
  const common = { TOKEN_ISSUER: tokens.issuer, TOKEN_AUDIENCE: tokens.audience };
  if (tokens.kind === 'jwks') {
    return {
      ...common,
      TOKEN_JWKS_URL: tokens.jwksUrl,
      ...(tokens.audienceClaim ? { TOKEN_AUDIENCE_CLAIM: tokens.audienceClaim } : {}),
      ...(tokens.userIdClaim ? { TOKEN_USER_ID_CLAIM: tokens.userIdClaim } : {}),
    };
  }
  if (!secret) throw new Error('an HS256 deployment needs its token secret');
  return { ...common, TOKEN_SECRET_ARN: secret.secretArn };
}
