import { configFromEnvironment } from './config.js';
import { startLocalServer } from './server.js';
import { stopOnSignals } from './stop-on-signals.js';

/**
 * `npm start`: the local runtime from environment variables and flags (see the README's "Local runtime
 * configuration"). SIGINT/SIGTERM stop it gracefully: queued moves are finished first.
 */
async function main(): Promise<void> {
  const server = await startLocalServer(configFromEnvironment(process.argv.slice(2), process.env));
  process.stdout.write(`turngate is serving ${server.url} (WebSocket ${server.wsUrl}, wiring ${server.wiring.name})\n`);
  stopOnSignals(server);
}

main().catch((error: unknown) => {
  process.stderr.write(`turngate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
