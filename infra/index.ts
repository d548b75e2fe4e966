/**
 * `turngate/cdk`: the AWS stack for a developer's own games. Needs `aws-cdk-lib` and `constructs`
 * (optional peer dependencies), and esbuild with the `@aws-sdk/*` clients in the project, since the
 * functions are bundled from it.
 *
 * ```ts
 * const { app } = createTurngateApp({ gamesModule: 'src/games.ts' });
 * app.synth();
 * ```
 * or, in an app of one's own: `new TurngateStack(app, 'MyGame', { config: readConfig(app.node),
 * projectRoot, gamesModule: 'src/games.ts' })`; or, next to one's own resources in a stack of one's
 * own: `new Turngate(stack, 'Games', { config: readConfig(stack.node), projectRoot, gamesModule })`.
 */
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { readConfig } from './config.js';
import { TurngateStack } from './turngate-stack.js';

export type { AccessByHandler, HandlerAccess } from './access.js';
export { OperationsAlarms, type OperationsAlarmsProps } from './alarms.js';
export {
  DEFAULT_STAGE_NAME,
  DEFAULT_TOKEN_AUDIENCE,
  DEFAULT_TOKEN_ISSUER,
  readConfig,
  type TokenSettings,
  type TurngateConfig,
} from './config.js';
export { DataTables } from './data-tables.js';
export { GAMES_ENTRY_DIR, writeGamesEntries } from './games-entries.js';
export { handlerAccess } from './handler-access.js';
export {
  HANDLER_NAMES,
  HandlerFunctions,
  type HandlerFunctionsProps,
  type HandlerName,
  MEMORY_MB,
  RUNTIME,
} from './handler-functions.js';
export { LobbyApi, type LobbyApiProps } from './lobby-api.js';
export { MoveQueue, type MoveQueueProps } from './move-queue.js';
export { Turngate, type TurngateProps } from './turngate.js';
export { TurngateStack, type TurngateStackProps } from './turngate-stack.js';
export { GameSocketApi, type GameSocketApiProps } from './websocket-api.js';

export interface TurngateAppOptions {
  /** The games module, absolute or relative to `projectRoot`: what `turngate dev` serves. */
  readonly gamesModule: string;
  /** The project: its node_modules has turngate, esbuild and the AWS SDK. Default: the working directory. */
  readonly projectRoot?: string;
  /** The CloudFormation stack's name (and construct id). Default: `Turngate`. */
  readonly stackName?: string;
  /** Where the cloud assembly is written. Default: `<projectRoot>/cdk.out`. */
  readonly outdir?: string;
  /**
   * Deploy-time settings, as `cdk deploy -c key=value` passes them (readConfig): `orderingMode`,
   * `stageName`, `jwksUrl`, `tokenSecretArn`, `tokenIssuer`, `tokenAudience`, `webOrigins`, `alarmEmail`;
   * and CDK's own keys.
   */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Board modules for the hosted web UI, absolute or relative to `projectRoot` (`turngate synth --board`). */
  readonly boards?: readonly string[];
}

/**
 * A CDK app with one TurngateStack serving the developer's games: what `turngate synth` runs. No `env`:
 * the stack is environment-agnostic, so synth needs no account, no region and no lookups; `cdk deploy`
 * fills them from the caller's credentials.
 */
export function createTurngateApp(options: TurngateAppOptions): { readonly app: App; readonly stack: TurngateStack } {
  const projectRoot = path.resolve(options.projectRoot ?? process.cwd());
  const app = new App({
    outdir: path.resolve(projectRoot, options.outdir ?? 'cdk.out'),
    analyticsReporting: false,
    context: { ...options.context },
  });
  const stackName = options.stackName ?? 'Turngate';
  const stack = new TurngateStack(app, stackName, {
    description: 'turngate: turn-based multiplayer games over WebSockets',
    config: readConfig(app.node),
    projectRoot,
    gamesModule: options.gamesModule,
    ...(options.boards ? { boards: options.boards } : {}),
  });
  return { app, stack };
}
