import { configFromEnvironment, resolveConfig } from '../local/config.js';
import { startLocalServer } from '../local/server.js';
import { stopOnSignals } from '../local/stop-on-signals.js';
import { jsonLogger } from '../ports/index.js';
import { GamesModuleProblem, loadGamesModule } from '../server/games-module.js';
import { BoardModuleProblem, webAssetsWithBoards } from './board-bundle.js';
import { boardFlags } from './dev.js';
import { isPortInUse, portInUse } from './free-port.js';

/**
 * The process `turngate dev` runs (under tsx, restarted on change): `dev-server <games module> [flags]`.
 * A bad games module or flag is one line on stderr and exit code 1; `tsx watch` then waits for a fix.
 */
async function main(): Promise<void> {
  const [module, ...args] = process.argv.slice(2);
  if (module === undefined) throw new Error('dev-server: no games module given');
  const { boards, rest: flags } = boardFlags(args);
  const games = await loadGamesModule(module);
  const config = resolveConfig(configFromEnvironment(flags, process.env));
  // The games go into the page too, so the replay viewer recomputes their matches in the browser.
  const webAssets = await webAssetsWithBoards(boards, jsonLogger(), module);
  const server = await startLocalServer({ ...config, games, webAssets }).catch((error: unknown) => {
    // Taken since `turngate dev` looked: one line that says what to do, not a stack.
    throw isPortInUse(error) ? new Error(portInUse(config.host, config.port), { cause: error }) : error;
  });
  const names = games.map((game) => game.name).join(', ');
  process.stdout.write(`turngate dev: serving ${names} at ${server.url} (WebSocket ${server.wsUrl})\n`);
  stopOnSignals(server, 'turngate dev');
}

main().catch((error: unknown) => {
  const reason = error instanceof Error ? error.message : String(error);
  const what =
    error instanceof GamesModuleProblem ? 'games module ' : error instanceof BoardModuleProblem ? 'board ' : '';
  process.stderr.write(`turngate dev: ${what}${reason}\n`);
  process.exit(1);
});
