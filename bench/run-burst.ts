import type { BurstResult, HostCommand, HostReport, LoadPlan, LoadReport, ServerKind } from './ipc.js';
import { loadAverage, sampleTree } from './process-sampler.js';
import { forkTs, nextMessage, settle, stop } from './run-one.js';

/** The burst row of one server: `matches` games open, then all moving at once (bench/load/burst.ts). */
export interface BurstRun extends BurstResult {
  readonly server: ServerKind;
  /** Server CPU from the burst's first move to its last, in cores. */
  readonly serverCores: number;
  /** Server CPU per accepted move of the burst (opening the games excluded). */
  readonly cpuMsPerMove: number;
  readonly loadAverage: number;
}

/** Moves each match plays in the burst: a full tic-tac-toe game, drawn. */
export const BURST_MOVES = 9;

const MOVE_TIMEOUT_MS = 5_000;

export async function runBurstRow(server: ServerKind, matches: number): Promise<BurstRun> {
  const host = forkTs('./server-host.ts', [server], true);
  host.stderr?.resume();
  try {
    const ready = await nextMessage<HostReport>(host, (m) => m.type === 'ready' || m.type === 'failed', 60_000, server);
    if (ready.type !== 'ready')
      throw new Error(`${server} did not start: ${ready.type === 'failed' ? ready.message : ''}`);
    const pid = host.pid ?? 0;
    await settle(300);
    const load = forkTs('./load/load-generator.ts', []);
    let cpuAtStart = 0;
    let cpuAtEnd = 0;
    load.on('message', (message: LoadReport) => {
      if (message.type === 'window-start') cpuAtStart = sampleTree(pid).cpuSeconds;
      if (message.type === 'window-end') cpuAtEnd = sampleTree(pid).cpuSeconds;
    });
    try {
      const plan: LoadPlan = {
        address: ready.address,
        game: 'tic-tac-toe',
        matches,
        durationMs: 0,
        warmupMs: 0,
        moveTimeoutMs: MOVE_TIMEOUT_MS,
        burstMoves: BURST_MOVES,
      };
      load.send(plan);
      const report = await nextMessage<LoadReport>(
        load,
        (m) => m.type === 'burst' || m.type === 'failed',
        300_000,
        'burst',
      );
      if (report.type !== 'burst') throw new Error(`burst failed: ${report.type === 'failed' ? report.message : ''}`);
      const { result } = report;
      const cpuSeconds = cpuAtEnd - cpuAtStart;
      return {
        ...result,
        server,
        serverCores: result.burstMs > 0 ? Math.round((cpuSeconds / (result.burstMs / 1000)) * 100) / 100 : 0,
        cpuMsPerMove:
          result.acceptedMoves > 0 ? Math.round(((cpuSeconds * 1000) / result.acceptedMoves) * 1000) / 1000 : 0,
        loadAverage: loadAverage(),
      };
    } finally {
      await stop(load);
    }
  } finally {
    await stop(host, { type: 'stop' } satisfies HostCommand);
  }
}
