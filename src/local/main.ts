import { configFromEnvironment } from './config.js';
import { startLocalServer } from './server.js';

/**
 * `npm start`: the local runtime from environment variables and flags (see the README's "Local runtime
 * configuration"). SIGINT/SIGTERM stop it gracefully: queued moves are finished first.
 */
async function main(): Promise<void> {
  const server = await startLocalServer(configFromEnvironment(process.argv.slice(2), process.env));
  process.stdout.write(`turngate is serving ${server.url} (WebSocket ${server.wsUrl}, wiring ${server.wiring.name})\n`);
  let signals = 0;
  const stop = (signal: NodeJS.Signals) => {
    // A second signal means "now": skip the drain.
    if (++signals > 1) process.exit(130);
    process.stdout.write(`turngate: ${signal}, finishing queued moves and stopping\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`turngate: stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`turngate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
