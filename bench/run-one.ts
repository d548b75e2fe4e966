import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type {
  BenchGame,
  CostCounters,
  HostCommand,
  HostReport,
  LoadPlan,
  LoadReport,
  LoadResult,
  MatchmakingPlan,
  MatchmakingReport,
  MatchmakingResult,
  ServerAddress,
  ServerKind,
} from './ipc.js';
import { loadAverage, sampleTree } from './process-sampler.js';

/** One measured run: one server, one game, N concurrent matches. */
export interface RunResult {
  readonly server: ServerKind;
  readonly game: BenchGame;
  readonly matches: number;
  readonly movesPerSecond: number;
  readonly load: LoadResult;
  /** Server CPU over the window, in cores (1.0 = one core busy all the time). */
  readonly serverCores: number;
  readonly serverBaselineRssMb: number;
  readonly serverPeakRssMb: number;
  /** (peak RSS − idle RSS) / peak open connections. */
  readonly kbPerConnection: number;
  /** aws-local only: what the wiring asked of the SDK during the window. */
  readonly counters: CostCounters | null;
  /** The machine's 1-minute load average at the end of the window: other work competes for the cores. */
  readonly loadAverage: number;
  /** What the server wrote to stderr (warnings, errors), last lines only. */
  readonly serverStderr: string;
  /**
   * 'pair': the single-pair row, one match whose moves go one at a time (each sent once the mover has
   * seen the previous one): the round trip a player feels on an idle server. Absent: the sweep.
   */
  readonly scenario?: 'pair';
}

/** The server's memory with many WebSockets open and idle, each in a game opened the server's own way. */
export interface IdleResult {
  readonly server: ServerKind;
  /** Connections the bots held open when memory was read. */
  readonly connections: number;
  readonly failedSetups: number;
  /** How long opening them took, in seconds. */
  readonly openSeconds: number;
  readonly baselineRssMb: number;
  readonly heldRssMb: number;
  /** (RSS with them open − RSS before) / connections. */
  readonly kbPerConnection: number;
  readonly loadAverage: number;
}

export interface Timing {
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly moveTimeoutMs: number;
}

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const tsx = ['--import', 'tsx'];

/** Forks a TypeScript entry with an IPC channel; servers run without development logging. */
export function forkTs(entry: string, args: string[], profile = false): ChildProcess {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each server (open it in Chrome DevTools).
  const profileDir = process.env.BENCH_CPU_PROF;
  return fork(here(entry), args, {
    execArgv: profile && profileDir ? [...tsx, '--cpu-prof', `--cpu-prof-dir=${profileDir}`] : tsx,
    // Node's own warnings (the AWS SDK's notice about Node 20) would bury the table.
    env: { ...process.env, NODE_ENV: 'production', NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'inherit', profile ? 'pipe' : 'inherit', 'ipc'],
  });
}

export function nextMessage<T>(
  child: ChildProcess,
  accept: (message: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: T): void => {
      if (!accept(message)) return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`${what}: process exited with ${code}`));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function stop(child: ChildProcess, command?: HostCommand): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (command && child.connected) child.send(command);
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  if (!command) child.kill('SIGTERM');
  await exited;
  clearTimeout(timer);
}

/** After the last socket opens: lets the server finish its work and the allocator settle before RSS is read. */
const IDLE_SETTLE_MS = 2_000;

/** Opens `count` idle connections to a fresh server (games opened its own way) and reads its memory. */
export async function runIdle(server: ServerKind, count: number): Promise<IdleResult> {
  // Profiled too (BENCH_CPU_PROF): filling up is nothing but opening games, so its profile is setup's.
  const host = forkTs('./server-host.ts', [server], true);
  host.stderr?.resume();
  try {
    const ready = await nextMessage<HostReport>(host, (m) => m.type === 'ready' || m.type === 'failed', 60_000, server);
    if (ready.type !== 'ready')
      throw new Error(`${server} did not start: ${ready.type === 'failed' ? ready.message : ''}`);
    const pid = host.pid ?? 0;
    await settle(300);
    const baseline = sampleTree(pid).rssBytes;
    const load = forkTs('./load/load-generator.ts', []);
    try {
      const plan: LoadPlan = {
        address: ready.address,
        game: 'tic-tac-toe',
        matches: 0,
        durationMs: 0,
        warmupMs: 0,
        moveTimeoutMs: 0,
        idleConnections: count,
      };
      load.send(plan);
      const held = await nextMessage<LoadReport>(
        load,
        (m) => m.type === 'idle-held' || m.type === 'failed',
        300_000,
        'idle connections',
      );
      if (held.type !== 'idle-held')
        throw new Error(`load generator failed: ${held.type === 'failed' ? held.message : ''}`);
      await settle(IDLE_SETTLE_MS);
      const rss = sampleTree(pid).rssBytes;
      const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
      return {
        server,
        connections: held.connections,
        failedSetups: held.failedSetups,
        openSeconds: Math.round(held.openMs / 100) / 10,
        baselineRssMb: mb(baseline),
        heldRssMb: mb(rss),
        kbPerConnection:
          held.connections === 0 ? 0 : Math.round(((rss - baseline) / 1024 / held.connections) * 10) / 10,
        loadAverage: loadAverage(),
      };
    } finally {
      await stop(load);
    }
  } finally {
    await stop(host, { type: 'stop' });
  }
}

/** The matchmaking row of one server: its matchmaker under N players arriving over the ramp. */
export interface MatchmakingRun extends MatchmakingResult {
  readonly server: ServerKind;
  readonly rampMs: number;
  readonly loadAverage: number;
}

export async function runMatchmaking(server: ServerKind, players: number, rampMs: number): Promise<MatchmakingRun> {
  const host = forkTs('./server-host.ts', [server], true);
  host.stderr?.resume();
  try {
    const ready = await nextMessage<HostReport>(host, (m) => m.type === 'ready' || m.type === 'failed', 60_000, server);
    if (ready.type !== 'ready')
      throw new Error(`${server} did not start: ${ready.type === 'failed' ? ready.message : ''}`);
    const generator = forkTs('./load/matchmaking.ts', []);
    try {
      const timeoutMs = 30_000;
      generator.send({ address: ready.address, players, rampMs, timeoutMs } satisfies MatchmakingPlan);
      const report = await nextMessage<MatchmakingReport>(
        generator,
        (m) => m.type === 'matchmaking' || m.type === 'failed',
        rampMs + timeoutMs + 120_000,
        'matchmaking',
      );
      if (report.type !== 'matchmaking') throw new Error(`matchmaking failed: ${report.message}`);
      return { ...report.result, server, rampMs, loadAverage: loadAverage() };
    } finally {
      await stop(generator);
    }
  } finally {
    await stop(host, { type: 'stop' });
  }
}

export async function runOne(server: ServerKind, game: BenchGame, matches: number, timing: Timing): Promise<RunResult> {
  const host = forkTs('./server-host.ts', [server], true);
  let stderr = '';
  host.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  try {
    const ready = await nextMessage<HostReport>(host, (m) => m.type === 'ready' || m.type === 'failed', 60_000, server);
    if (ready.type === 'failed') throw new Error(`${server} did not start: ${ready.message}\n${stderr}`);
    if (ready.type !== 'ready') throw new Error('unreachable');
    const pid = host.pid ?? 0;
    await settle(300);
    const baseline = sampleTree(pid);
    const result = await drive(host, pid, baseline.rssBytes, ready.address, game, matches, timing);
    return { ...result, serverStderr: stderr.trim().split('\n').slice(-5).join('\n') };
  } finally {
    await stop(host, { type: 'stop' });
  }
}

async function drive(
  host: ChildProcess,
  pid: number,
  baselineRss: number,
  address: ServerAddress,
  game: BenchGame,
  matches: number,
  timing: Timing,
): Promise<Omit<RunResult, 'serverStderr'>> {
  const load = forkTs('./load/load-generator.ts', []);
  let peakRss = baselineRss;
  const rssTimer = setInterval(() => {
    peakRss = Math.max(peakRss, sampleTree(pid).rssBytes);
  }, 200);
  let cpuAtStart = 0;
  let cpuAtEnd = 0;
  let loadAtEnd = 0;
  let counters: CostCounters | null = null;
  const countersArrived = new Promise<void>((resolve) => {
    host.on('message', (message: HostReport) => {
      if (message.type !== 'counters') return;
      counters = message.counters;
      resolve();
    });
  });
  load.on('message', (message: LoadReport) => {
    if (message.type === 'window-start') {
      cpuAtStart = sampleTree(pid).cpuSeconds;
      host.send({ type: 'counters-reset' } satisfies HostCommand);
    }
    if (message.type === 'window-end') {
      cpuAtEnd = sampleTree(pid).cpuSeconds;
      loadAtEnd = loadAverage();
      host.send({ type: 'counters' } satisfies HostCommand);
    }
  });
  try {
    const plan: LoadPlan = { address, game, matches, ...timing };
    load.send(plan);
    const limit = timing.warmupMs + timing.durationMs + timing.moveTimeoutMs + 30_000;
    const report = await nextMessage<LoadReport>(
      load,
      (m) => m.type === 'result' || m.type === 'failed',
      limit,
      'load',
    );
    if (report.type === 'failed') throw new Error(`load generator failed: ${report.message}`);
    if (report.type !== 'result') throw new Error('unreachable');
    await Promise.race([countersArrived, settle(2000)]);
    const result = report.result;
    const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
    return {
      server: address.kind,
      game,
      matches,
      movesPerSecond: Math.round((result.acceptedMoves / result.windowMs) * 1000),
      load: result,
      serverCores: Math.round(((cpuAtEnd - cpuAtStart) / (timing.durationMs / 1000)) * 100) / 100,
      serverBaselineRssMb: mb(baselineRss),
      serverPeakRssMb: mb(peakRss),
      kbPerConnection:
        result.peakConnections === 0
          ? 0
          : Math.round(((peakRss - baselineRss) / 1024 / result.peakConnections) * 10) / 10,
      counters,
      loadAverage: loadAtEnd,
    };
  } finally {
    clearInterval(rssTimer);
    await stop(load);
  }
}
