import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { OperationsAlarms } from './alarms.js';
import type { TurngateConfig } from './config.js';
import { OperationsDashboard } from './dashboard.js';
import type { DataTables } from './data-tables.js';
import type { LobbyApi } from './lobby-api.js';
import { LogMetrics } from './log-metrics.js';
import type { MoveQueue } from './move-queue.js';
import type { GameSocketApi } from './websocket-api.js';

export interface OperationsProps {
  readonly config: TurngateConfig;
  /** Every function of the stack, by handler name. */
  readonly functions: readonly (readonly [string, LambdaFunction])[];
  /** The ones invoked asynchronously (a schedule): the sweeper, the turn timer. */
  readonly asyncFunctions: readonly (readonly [string, LambdaFunction])[];
  readonly tables: DataTables;
  readonly sockets: GameSocketApi;
  readonly lobby: LobbyApi;
  readonly moves: MoveQueue | undefined;
  readonly noticeDeadLetters?: MoveQueue['deadLetterQueue'];
  /** The turn-timer function's on-failure destination, with turn timers. */
  readonly timerFailures?: MoveQueue['deadLetterQueue'];
}

/**
 * What operating the backend takes: failures the handlers log turned into metrics
 * (infra/log-metrics.ts), the alarms (infra/alarms.ts) and one dashboard (infra/dashboard.ts).
 * Made in `scope` itself, under the ids they always had, so an existing stack keeps its alarm topic
 * and its subscriptions.
 */
export function addOperations(scope: Construct, props: OperationsProps) {
  const { config, functions, tables, sockets, lobby, moves } = props;
  const logMetrics = new LogMetrics(scope, 'LogMetrics', { functions });
  const webSocket = { apiId: sockets.api.apiId, stage: sockets.stage.stageName };
  const alarms = new OperationsAlarms(scope, 'Alarms', {
    ...(moves ? { moves: { queue: moves.queue, deadLetterQueue: moves.deadLetterQueue } } : {}),
    ...(props.noticeDeadLetters ? { noticeDeadLetterQueue: props.noticeDeadLetters } : {}),
    ...(props.timerFailures ? { timerFailures: props.timerFailures } : {}),
    functions,
    asyncFunctions: props.asyncFunctions,
    // Refusing a bad token is an Error by the Lambda authorizer convention (throw 'Unauthorized'),
    // so a few are normal; a burst means an attack or a broken token issuer.
    errorThresholds: { authorizer: 25 },
    logMetrics,
    tables: [
      ['Games', tables.games, [tables.gamesByStatusIndex, ...tables.gamesOtherIndexes]],
      ['MoveLog', tables.moveLog, []],
      ['Play', tables.play, [tables.playLeaderboardIndex]],
      ['Connections', tables.connections, [tables.connectionsByGameIndex]],
    ],
    webSocket,
    lobby: lobby.api,
    ...(config.alarmEmail ? { email: config.alarmEmail } : {}),
  });
  const dashboard = new OperationsDashboard(scope, 'Dashboard', {
    functions,
    tables: [
      ['games', tables.games],
      ['moveLog', tables.moveLog],
      ['play', tables.play],
      ['connections', tables.connections],
    ],
    webSocket,
    lobby: lobby.api,
    ...(moves ? { moves: { queue: moves.queue, deadLetterQueue: moves.deadLetterQueue } } : {}),
    logMetrics,
    alarms: alarms.alarms,
  });
  return { logMetrics, alarms, dashboard };
}
