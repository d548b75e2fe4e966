import * as path from 'node:path';
import { CfnOutput, Stack } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { GAMES } from '../src/aws/tables.js';
import type { OrderingMode } from '../src/handlers/deps.js';
import { type AccessByHandler, grantHandlerAccess, type HandlerAccess } from './access.js';
import type { OperationsAlarms } from './alarms.js';
import type { TokenSettings, TurngateConfig } from './config.js';
import type { OperationsDashboard } from './dashboard.js';
import { DataTables } from './data-tables.js';
import { writeGamesEntries } from './games-entries.js';
import {
  type BundlePart,
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

/** The queue consumer's batch: SQS FIFO event sources take at most 10 and no batching window. */
export const QUEUE_BATCH_SIZE = 10;

/** Rating a finished match: read the players' ratings, put the new ones in the rating transaction. */
const RATES_MATCHES = ['BatchGetItem', 'PutItem'] as const;

/**
 * Who touches what, read from the handlers and the adapters they use (src/handlers, src/aws). Every
 * send to a connection may answer Gone, which deletes that connection's row: hence DeleteItem on
 * connections wherever a handler posts. test/infra checks the synthesized policies against its own
 * copy of this table, so a change here is a deliberate change there too.
 */
export const HANDLER_ACCESS: AccessByHandler = {
  authorizer: { tokenSecret: true },
  // GetItem of the match; PutItem of the connection, and GetItem of it when a replayed $connect clashes;
  // GetItem and UpdateItem of the match's `Recent` connections, which make up for the index's lag.
  // A connection past the match's limits is refused: its live connections are listed first.
  connect: { games: ['GetItem', 'UpdateItem'], connections: ['PutItem', 'GetItem'], connectionsByGame: true },
  disconnect: { connections: ['DeleteItem'] },
  // GetItem of the connection only for one whose authorizer context lacks the match (move.ts). In
  // fifo mode the route also settles what needs no place in the queue (answer-ahead.ts): it reads the
  // match, records a refusal in its sender's ledger (UpdateItem), and a repeat of the match's latest
  // move finishes that move's work (the fan-out, the timers, the rating of a finished match).
  move: {
    games: ['GetItem', 'UpdateItem'],
    play: RATES_MATCHES,
    connections: ['GetItem', 'DeleteItem'],
    connectionsByGame: true,
    sendMoves: true,
    postToConnection: true,
  },
  // A sync that finds a bot able to act asks for its turn (handlers/bot-turns.ts): on the match's FIFO
  // group (fifo); in the direct mode it arms a bot timer instead (ARMS_TURN_TIMERS), and sends nothing.
  sync: { games: ['GetItem'], connections: ['GetItem', 'DeleteItem'], postToConnection: true, sendMoves: true },
  default: { connections: ['DeleteItem'], postToConnection: true },
  // Listing a match's connections uses the `Recent` connections its write answered (or reads them from
  // the match) and, for an id the index does not list yet, that connection's row: GetItem on
  // connections wherever a handler fans out.
  // Settling a move writes the match and puts the previous move's log entry (dynamo-game-store.ts).
  // A settlement that finishes a match rates it (handlers/ratings.ts): the ratings are read, then one
  // transaction puts them and marks the match item rated (UpdateItem on games). A settlement after
  // which a bot may act queues that bot's turn on the match's group (handlers/bot-turns.ts).
  queue: {
    sendMoves: true,
    games: ['GetItem', 'UpdateItem'],
    moveLog: ['PutItem'],
    play: RATES_MATCHES,
    connections: ['DeleteItem', 'GetItem'],
    connectionsByGame: true,
    postToConnection: true,
  },
  // The lobby: list (ByPhase index for waiting matches, ByStatus then BatchGetItem for the others),
  // create (PutItem), join/start (UpdateItem),
  // view and move log (GetItem); a join or start pushes the new state to the match's connections.
  // A join puts the player's seat item (PutItem); `GET /api/me/matches` reads the ByPlayer index.
  // A player leaving a running match joins its FIFO group like a move (fifo); in the direct mode the
  // lobby settles the leave itself, with the same reads and writes as a join, and rates the match a
  // leave finishes. Quick match reads and swaps a pool (GetItem, UpdateItem); `GET /api/me` and
  // `/api/me/matches` read the caller's ratings (Query), `GET /api/leaderboard` the Leaderboard index.
  http: {
    sendMoves: true,
    games: ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem'],
    gamesIndexes: [GAMES.byStatusIndex, GAMES.byPlayerIndex, GAMES.byPhaseIndex],
    play: ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem', 'Query'],
    leaderboard: true,
    // Pages of the log; and a join or start that updates a match puts its newest move first.
    moveLog: ['PutItem', 'Query'],
    connections: ['DeleteItem', 'GetItem'],
    connectionsByGame: true,
    postToConnection: true,
    tokenSecret: true,
  },
  // When a turn's time runs out, the timeout joins the match's FIFO group like any move. A turn's
  // clock_low warning reads the match and who is connected to it (GetItem, the ByGameSessionId index
  // and a connection row it does not list yet), then arms the deadline (ARMS_TURN_TIMERS).
  [TURN_TIMER]: { sendMoves: true, games: ['GetItem'], connections: ['GetItem'], connectionsByGame: true },
  // The deadline sweep queries the ByDeadline index, reads each match it offers, moves a match's bound
  // up (UpdateItem) and queues the timeout of one whose timer was lost, like the turn-timer function.
  [DEADLINE_SWEEP]: { sendMoves: true, games: ['GetItem', 'UpdateItem'], gamesIndexes: [GAMES.byDeadlineIndex] },
  // Reads its signing key and consumes its queue: granted where they are made (infra/notices.ts).
  [NOTIFY]: {},
  // The retention sweeps (src/handlers/sweeps): what is due (the ByPhase index); read a match and
  // end it (UpdateItem, on its version); tell its players (the fan-out's grants); delete a finished
  // match, its seat items and log pages (DeleteItem, BatchWriteItem, a Query of its pages). And what
  // settling a timeout takes (a PutItem of a log page; in fifo the match's queue), so the sweep the
  // issue's next half adds ("settle running matches past their deadline") needs no grant of its own.
  [SWEEPER]: {
    games: ['GetItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'],
    gamesIndexes: [GAMES.byPhaseIndex],
    moveLog: ['PutItem', 'Query', 'BatchWriteItem'],
    connections: ['GetItem', 'DeleteItem'],
    connectionsByGame: true,
    postToConnection: true,
    sendMoves: true,
  },
};

/**
 * Who arms turn timers: whoever settles a move or starts a match (in fifo mode the move route too: it
 * re-arms on `time_up` and finishes a settled move's work), the turn-timer function, which settles a
 * timeout (direct) and arms a turn's deadline once its clock_low warning fired (both modes), and the
 * deadline sweep where it settles timeouts itself (direct).
 */
export const ARMS_TURN_TIMERS: Readonly<Record<OrderingMode, readonly HandlerName[]>> = {
  fifo: ['queue', 'http', 'move', TURN_TIMER, SWEEPER],
  // `sync` arms a bot's turn when it finds a bot that should be moving (handlers/bot-turns.ts).
  direct: ['move', 'http', TURN_TIMER, DEADLINE_SWEEP, SWEEPER, 'sync'],
};

/**
 * Who queues notices to players who are away: whoever settles moves, starts matches, warns, or ends
 * matches nobody played (the sweeper).
 */
export const SENDS_NOTICES: Readonly<Record<OrderingMode, readonly HandlerName[]>> = {
  fifo: ['queue', 'http', 'move', TURN_TIMER, SWEEPER],
  direct: ['move', 'http', TURN_TIMER, DEADLINE_SWEEP, SWEEPER],
};

/**
 * In the direct ordering mode the `move` function settles moves itself: it reads and writes the
 * match, puts the log entry and fans out, as the queue function does, and sends to no queue. It keeps
 * GetItem of connections for connections whose authorizer context lacks the match (move.ts).
 */
export const DIRECT_MOVE_ACCESS: HandlerAccess = {
  games: ['GetItem', 'UpdateItem'],
  moveLog: ['PutItem'],
  play: RATES_MATCHES,
  connections: ['GetItem', 'DeleteItem'],
  connectionsByGame: true,
  postToConnection: true,
};

/**
 * What a function's bundle leaves out (infra/handler-functions.ts BUNDLE_PARTS): the moves queue in
 * the direct mode, which has none; the notice queue and turn timers where the stack gives the
 * function neither (their variables are set only on the functions listed above).
 */
export function bundleOmissions(
  config: Pick<TurngateConfig, 'orderingMode' | 'turnTimers' | 'notices'>,
  name: HandlerName,
): BundlePart[] {
  const mode = config.orderingMode;
  return [
    ...(mode === 'fifo' ? [] : (['MOVE_QUEUE'] as const)),
    ...(config.notices && SENDS_NOTICES[mode].includes(name) ? [] : (['NOTICES'] as const)),
    ...(config.turnTimers && ARMS_TURN_TIMERS[mode].includes(name) ? [] : (['TURN_TIMERS'] as const)),
  ];
}

/** Who touches what in a deployment of this ordering mode: the direct mode has no queue function. */
export function handlerAccess(mode: OrderingMode): Partial<AccessByHandler> {
  if (mode === 'fifo') return HANDLER_ACCESS;
  const { queue: _none, ...rest } = HANDLER_ACCESS;
  const http = { ...HANDLER_ACCESS.http, sendMoves: false };
  const sweep = {
    ...DIRECT_MOVE_ACCESS,
    games: ['GetItem', 'UpdateItem'] as const,
    gamesIndexes: [GAMES.byDeadlineIndex],
  };
  const { sendMoves: _noQueue, ...sweeper } = HANDLER_ACCESS[SWEEPER];
  const sync = { ...HANDLER_ACCESS.sync, sendMoves: false };
  return {
    ...rest,
    http,
    sync,
    move: DIRECT_MOVE_ACCESS,
    [TURN_TIMER]: DIRECT_MOVE_ACCESS,
    [DEADLINE_SWEEP]: sweep,
    [SWEEPER]: sweeper,
  };
}

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
