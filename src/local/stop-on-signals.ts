import type { LocalServer } from './server.js';

/**
 * SIGINT/SIGTERM stop the server gracefully (queued moves are finished first); a second signal means
 * "now" and skips the drain. Shared by `npm start` and `turngate dev`.
 */
export function stopOnSignals(server: LocalServer, label = 'turngate'): void {
  let signals = 0;
  const stop = (signal: NodeJS.Signals) => {
    if (++signals > 1) process.exit(130);
    process.stdout.write(`${label}: ${signal}, finishing queued moves and stopping\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${label}: stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
