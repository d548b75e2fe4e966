/**
 * Child process entry: starts ONE server under test on loopback, tells the runner its port over IPC,
 * answers counter requests (aws-local cost model) and stops when told or when the runner goes away.
 * Run as `node --import tsx bench/server-host.ts <kind>`.
 */
import type { HostCommand, HostReport, ServerKind } from './ipc.js';
import type { RunningServer } from './servers/running-server.js';

const kind = process.argv[2] as ServerKind | undefined;

async function start(serverKind: ServerKind): Promise<RunningServer> {
  switch (serverKind) {
    case 'echo':
      return (await import('./servers/echo.js')).startEchoServer();
    case 'boardgame-io':
      return (await import('./servers/boardgame-io.js')).startBoardgameIoServer();
    case 'colyseus':
      return (await import('./servers/colyseus.js')).startColyseusServer(0);
    case 'colyseus-default':
      return (await import('./servers/colyseus.js')).startColyseusServer(50);
    case 'turngate-embedded':
      return (await import('./servers/turngate.js')).startTurngateServer('embedded');
    case 'turngate-embedded-memory':
      return (await import('./servers/turngate.js')).startTurngateServer('embedded', ':memory:');
    case 'turngate-aws-local':
      return (await import('./servers/turngate.js')).startTurngateServer('aws-local');
  }
}

const report = (message: HostReport): void => {
  process.send?.(message);
};

async function main(): Promise<void> {
  if (!kind || !process.send) throw new Error('usage: fork bench/server-host.ts <kind> with an IPC channel');
  const server = await start(kind);
  process.on('message', (command: HostCommand) => {
    if (command.type === 'counters-reset') server.counters?.reset();
    if (command.type === 'counters') report({ type: 'counters', counters: server.counters?.snapshot() ?? null });
    if (command.type === 'stop') {
      // Servers with lingering sockets may not close promptly; the runner has what it needs.
      const timer = setTimeout(() => process.exit(0), 2000);
      timer.unref();
      void server.close().finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
  report({ type: 'ready', address: { kind: kind, port: server.port } });
}

main().catch((error: unknown) => {
  report({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
