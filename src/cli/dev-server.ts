import { configFromEnvironment } from '../local/config.js';
import { startLocalServer } from '../local/server.js';
import { stopOnSignals } from '../local/stop-on-signals.js';
import { GamesModuleProblem, loadGamesModule } from '../server/games-module.js';

/**
 * The process `turngate dev` runs (under tsx, restarted on change): `dev-server <games module> [flags]`.
 * A bad games module or flag is one line on stderr and exit code 1; `tsx watch` then waits for a fix.
 */
async function main(): Promise<void> {
  const [module, ...flags] = process.argv.slice(2);
  if (module === undefined) throw new Error('dev-server: no games module given');
  const games = await loadGamesModule(module);
  const server = await startLocalServer({ ...configFromEnvironment(flags, process.env), games });
  const names = games.map((game) => game.name).join(', ');
  process.stdout.write(`turngate dev: serving ${names} at ${server.url} (WebSocket ${server.wsUrl})\n`);
  stopOnSignals(server, 'turngate dev');
}

main().catch((error: unknown) => {
  const reason = error instanceof Error ? error.message : String(error);
  process.stderr.write(`turngate dev: ${error instanceof GamesModuleProblem ? `games module ${reason}` : reason}\n`);
  process.exit(1);
});
