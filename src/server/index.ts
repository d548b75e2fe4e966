/**
 * `turngate/server`: the local runtime for a developer's own games. The same server `npm start` runs
 * in this repository, with the games a required option instead of the examples.
 */
import type { AnyGame } from '../engine/index.js';
import { type LocalServer, type LocalServerOptions, startLocalServer as startServer } from '../local/server.js';

export { configFromEnvironment, type LocalConfig, type LocalConfigInput } from '../local/config.js';
export type { LocalServer, LocalServerOptions } from '../local/server.js';
export { type GamesModuleProblem, loadGamesModule } from './games-module.js';

export interface StartLocalServerOptions extends LocalServerOptions {
  /** The games to serve, each made by `defineGame`. */
  readonly games: readonly AnyGame[];
}

/** Starts the local runtime (WebSocket API, lobby HTTP API, web UI) serving `games`. */
export function startLocalServer(options: StartLocalServerOptions): Promise<LocalServer> {
  return startServer(options);
}
