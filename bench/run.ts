/**
 * `npm run bench [-- --quick] [--matches=10,100] [--servers=echo,colyseus] [--duration=ms] [--warmup=ms]
 *   [--out=dir | --no-write] [--no-bytes] [--no-per-move] [--matchmaking=N | --no-matchmaking] [--matchmaking-ramp=ms]
 *   [--burst=N | --no-burst] [--cold-start=runs | --no-cold-start] [--cold-start-assembly=cdk.out] [--from-source]`, or `npm run bench -- --render=bench/results/full.json`
 *
 * Runs every server under test with the same bots, the same N and the same window, one after the
 * other on this machine, then prints one table and writes JSON + an SVG chart. Each run is its own
 * pair of processes (server host, load generator), all on loopback; nothing outlives the command.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ColdStartResult } from './cold-start/cold-start.js';
import type { BenchGame, ServerKind } from './ipc.js';
import { thousands } from './report/format.js';
import { type BenchResults, costsFor, textReport } from './report/report.js';
import { sweepChart } from './report/svg.js';
import { type BurstRun, runBurstRow } from './run-burst.js';
import {
  type IdleResult,
  type MatchmakingRun,
  type RunResult,
  runIdle,
  runMatchmaking,
  runOne,
  type Timing,
} from './run-one.js';
import { buildServer, SERVER_BUILD_ENV } from './server-build.js';

export interface Mode {
  readonly name: string;
  /** Concurrent matches for the scaling sweep (tic-tac-toe, every server). */
  readonly sweep: readonly number[];
  /** The N the side-by-side table and the Liar's Dice runs use. */
  readonly headline: number;
  /** How long the bytes-per-move game is: the full run plays 10,000 moves, so a flat cost is shown flat. */
  readonly longGameMoves: number;
  readonly timing: Timing;
  /** Idle WebSockets held open per server for the memory-per-connection row (0: skip). */
  readonly idleConnections: number;
  /** Players asking each matchmaker for a two-player match, arriving over `matchmakingRampMs` (0: skip). */
  readonly matchmakingPlayers: number;
  readonly matchmakingRampMs: number;
  /** Matches opened before the burst row, then all moving at once (0: skip). */
  readonly burstMatches: number;
  /** Fresh processes per Lambda function for the cold-start row (0: skip); the row reports medians. */
  readonly coldStartRuns: number;
}

export const MODES: Record<'quick' | 'full', Mode> = {
  quick: {
    name: 'quick',
    sweep: [2, 16],
    headline: 16,
    longGameMoves: 200,
    timing: { warmupMs: 500, durationMs: 1500, moveTimeoutMs: 3000 },
    idleConnections: 200,
    matchmakingPlayers: 100,
    matchmakingRampMs: 500,
    burstMatches: 20,
    coldStartRuns: 1,
  },
  full: {
    name: 'full',
    sweep: [10, 100, 1000, 2000],
    headline: 100,
    longGameMoves: 10_000,
    timing: { warmupMs: 2000, durationMs: 8000, moveTimeoutMs: 5000 },
    idleConnections: 10_000,
    matchmakingPlayers: 1_000,
    matchmakingRampMs: 1_000,
    burstMatches: 500,
    coldStartRuns: 9,
  },
};

export const ALL_SERVERS: readonly ServerKind[] = [
  'turngate-embedded',
  'turngate-embedded-memory',
  'turngate-aws-local',
  'colyseus',
  'colyseus-default',
  'boardgame-io',
  'echo',
];

/**
 * The idle-connection row: turngate's durable default and the peers. aws-local (dynalite in the same
 * process) and colyseus-default (the same server at another patch rate) would only repeat a figure.
 */
const IDLE_SERVERS: readonly ServerKind[] = [
  'turngate-embedded',
  'turngate-embedded-memory',
  'colyseus',
  'boardgame-io',
  'echo',
];

/** The burst row: the servers of the sweep that are built to be fast (aws-local counts requests). */
const BURST_SERVERS: readonly ServerKind[] = [
  'turngate-embedded',
  'turngate-embedded-memory',
  'colyseus',
  'boardgame-io',
  'echo',
];

/** The matchmaking row: turngate's quick match (its durable default) beside Colyseus' `joinOrCreate`. */
const MATCHMAKING_SERVERS: readonly ServerKind[] = ['turngate-embedded', 'colyseus'];

/** turngate alone serves the hidden-information game; the peers would need it rewritten in their terms. */
const LIARS_DICE_SERVERS: readonly ServerKind[] = ['turngate-embedded', 'turngate-aws-local'];

export interface Options {
  readonly mode: Mode;
  readonly servers: readonly ServerKind[];
  readonly outDir: string | null;
  readonly bytesPerMove: boolean;
  /** The one-move-at-a-time cost table and latencies of both ordering modes (issue #12). */
  readonly perMove: boolean;
  /** The single-pair row per server: one match, moves one at a time. */
  readonly pair: boolean;
  /** A cloud assembly to take the bundles from; absent: the cold-start row runs `npm run synth` itself. */
  readonly coldStartAssembly?: string;
  /** Run turngate's server from src/ under tsx rather than compiled as the package ships it (server-build.ts). */
  readonly fromSource: boolean;
  readonly log: (line: string) => void;
}

export function parseArgs(argv: readonly string[]): Options {
  const flag = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  const base = argv.includes('--quick') ? MODES.quick : MODES.full;
  const matches = flag('matches')?.split(',').map(Number);
  const duration = flag('duration');
  const warmup = flag('warmup');
  const idle = argv.includes('--no-idle') ? 0 : flag('idle');
  const matchmaking = argv.includes('--no-matchmaking') ? 0 : flag('matchmaking');
  const burst = argv.includes('--no-burst') ? 0 : flag('burst');
  const coldStart = argv.includes('--no-cold-start') ? 0 : flag('cold-start');
  const mode: Mode = {
    ...base,
    ...(idle !== undefined ? { idleConnections: Number(idle) } : {}),
    ...(matchmaking !== undefined ? { matchmakingPlayers: Number(matchmaking) } : {}),
    ...(burst !== undefined ? { burstMatches: Number(burst) } : {}),
    ...(coldStart !== undefined ? { coldStartRuns: Number(coldStart) } : {}),
    ...(flag('matchmaking-ramp') !== undefined ? { matchmakingRampMs: Number(flag('matchmaking-ramp')) } : {}),
    sweep: matches ?? base.sweep,
    headline: matches ? Math.max(...matches) : base.headline,
    timing: {
      ...base.timing,
      ...(duration ? { durationMs: Number(duration) } : {}),
      ...(warmup ? { warmupMs: Number(warmup) } : {}),
    },
  };
  const servers = (flag('servers')?.split(',') as ServerKind[] | undefined) ?? ALL_SERVERS;
  const unknown = servers.filter((server) => !ALL_SERVERS.includes(server));
  if (unknown.length > 0) throw new Error(`unknown servers: ${unknown.join(', ')} (known: ${ALL_SERVERS.join(', ')})`);
  const out = flag('out');
  return {
    mode,
    servers,
    outDir: argv.includes('--no-write') ? null : (out ?? fileURLToPath(new URL('./results/', import.meta.url))),
    bytesPerMove: !argv.includes('--no-bytes') && servers.includes('turngate-aws-local'),
    perMove: !argv.includes('--no-per-move') && servers.includes('turngate-aws-local'),
    pair: !argv.includes('--no-pair'),
    fromSource: argv.includes('--from-source'),
    ...(flag('cold-start-assembly') ? { coldStartAssembly: flag('cold-start-assembly') } : {}),
    log: (line) => console.log(line),
  };
}

export async function runBench(options: Options): Promise<BenchResults> {
  const build =
    options.fromSource || !options.servers.some((server) => server.startsWith('turngate')) ? null : buildServer();
  if (build) process.env[SERVER_BUILD_ENV] = build.dir;
  try {
    return await runEveryRow(options);
  } finally {
    delete process.env[SERVER_BUILD_ENV];
    build?.remove();
  }
}

async function runEveryRow(options: Options): Promise<BenchResults> {
  const { mode, servers, log } = options;
  const began = Date.now();
  const runs: RunResult[] = [];
  const plan: { server: ServerKind; game: BenchGame; matches: number; pair?: true }[] = [];
  for (const server of servers) {
    for (const matches of mode.sweep) plan.push({ server, game: 'tic-tac-toe', matches });
    if (LIARS_DICE_SERVERS.includes(server)) plan.push({ server, game: 'liars-dice', matches: mode.headline });
    // One match alone: each bot moves once it has seen the other's move, so moves go one at a time.
    if (options.pair) plan.push({ server, game: 'tic-tac-toe', matches: 1, pair: true });
  }
  for (const [index, step] of plan.entries()) {
    log(`[${index + 1}/${plan.length}] ${step.server} ${step.game} ${step.pair ? 'single pair' : `N=${step.matches}`}`);
    try {
      const measured = await runOne(step.server, step.game, step.matches, mode.timing);
      const run: RunResult = step.pair ? { ...measured, scenario: 'pair' } : measured;
      runs.push(run);
      log(
        `      ${run.movesPerSecond} moves/s, ack p99 ${run.load.ownAckMs.p99} ms, server ${run.serverCores} cores, ${
          run.load.unansweredMoves + run.load.errors
        } moves unanswered, ${run.load.failedSetups} setups failed${run.load.firstError ? ` (${run.load.firstError})` : ''}`,
      );
      if (run.serverStderr) log(`      server stderr (last lines): ${run.serverStderr.replace(/\n/g, '\n        ')}`);
    } catch (error) {
      log(`      failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const idle: IdleResult[] = [];
  if (mode.idleConnections > 0) {
    for (const server of servers.filter((kind) => IDLE_SERVERS.includes(kind))) {
      log(`idle connections: ${server}, ${thousands(mode.idleConnections)} held open`);
      try {
        const result = await runIdle(server, mode.idleConnections);
        idle.push(result);
        log(
          `      ${result.kbPerConnection} KB/connection (${result.connections} open, ${result.failedSetups} setups failed, ${result.openSeconds} s to open)`,
        );
      } catch (error) {
        log(`      failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  const matchmaking: MatchmakingRun[] = [];
  if (mode.matchmakingPlayers > 0) {
    for (const server of servers.filter((kind) => MATCHMAKING_SERVERS.includes(kind))) {
      log(`matchmaking: ${server}, ${thousands(mode.matchmakingPlayers)} players over ${mode.matchmakingRampMs} ms`);
      try {
        const result = await runMatchmaking(server, mode.matchmakingPlayers, mode.matchmakingRampMs);
        matchmaking.push(result);
        log(
          `      ${result.requestsPerSecond} requests/s, started p50 ${result.startedMs.p50} ms, p99 ${result.startedMs.p99} ms, ${result.failed} failed${result.firstError ? ` (${result.firstError})` : ''}`,
        );
      } catch (error) {
        log(`      failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  const burst: BurstRun[] = [];
  if (mode.burstMatches > 0) {
    for (const server of servers.filter((kind) => BURST_SERVERS.includes(kind))) {
      log(`burst: ${server}, ${thousands(mode.burstMatches)} matches open, then all moving at once`);
      try {
        const result = await runBurstRow(server, mode.burstMatches);
        burst.push(result);
        log(
          `      ${thousands(result.movesPerSecond)} moves/s over ${result.burstMs} ms, ${result.failedSetups} setups failed, ${
            result.unansweredMoves + result.errors
          } matches stalled${result.firstError ? ` (${result.firstError})` : ''}`,
        );
      } catch (error) {
        log(`      failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  let coldStart: ColdStartResult | null = null;
  if (mode.coldStartRuns > 0) {
    const { measureColdStarts } = await import('./cold-start/cold-start.js');
    log(`cold start: every Lambda function's bundle, ${mode.coldStartRuns} fresh processes each`);
    coldStart = await measureColdStarts({
      runs: mode.coldStartRuns,
      log,
      ...(options.coldStartAssembly ? { assemblyDir: options.coldStartAssembly } : {}),
    }).catch((error: unknown) => {
      log(`      failed: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    });
  }
  let bytesPerMove: BenchResults['bytesPerMove'] = null;
  if (options.bytesPerMove) {
    log('bytes written per move over a long game (aws-local)');
    const { measureBytesPerMove } = await import('./cost/bytes-per-move.js');
    bytesPerMove = await measureBytesPerMove(options.mode.longGameMoves).catch((error: unknown) => {
      log(`      failed: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    });
  }
  let perMove: BenchResults['perMove'] = null;
  if (options.perMove) {
    const { measurePerMove } = await import('./cost/per-move-bench.js');
    perMove = await measurePerMove(mode.name === 'quick', (line) => log(line)).catch((error: unknown) => {
      log(`      failed: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    });
  }
  return {
    mode: mode.name,
    startedAt: new Date(began).toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    settings: { warmupMs: mode.timing.warmupMs, durationMs: mode.timing.durationMs, headlineMatches: mode.headline },
    runs,
    idle,
    matchmaking,
    burst,
    coldStart,
    costs: costsFor(runs.filter((run) => run.scenario === undefined)),
    bytesPerMove,
    perMove,
    elapsedSeconds: (Date.now() - began) / 1000,
  };
}

export function writeResults(results: BenchResults, outDir: string): { json: string; svg: string; text: string } {
  mkdirSync(outDir, { recursive: true });
  const base = join(outDir, `${results.mode}`);
  const files = { json: `${base}.json`, svg: `${base}.svg`, text: `${base}.txt` };
  writeFileSync(files.json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(
    files.svg,
    sweepChart(
      results.runs.filter((run) => run.scenario === undefined),
      `turngate vs peers, tic-tac-toe, ${results.machine.cpus} cores (${results.mode} run)`,
    ),
  );
  writeFileSync(files.text, `${textReport(results)}\n`);
  return files;
}

async function main(): Promise<void> {
  const render = process.argv.find((arg) => arg.startsWith('--render='))?.split('=')[1];
  if (render) {
    // Re-renders the table and chart of a recorded run (after a report change) without re-running it.
    const results = JSON.parse(readFileSync(render, 'utf8')) as BenchResults;
    console.log(textReport(results));
    const files = writeResults(results, dirname(render));
    console.log(`\nwrote ${files.json}, ${files.svg} and ${files.text}`);
    return;
  }
  const options = parseArgs(process.argv.slice(2));
  const results = await runBench(options);
  console.log(`\n${textReport(results)}`);
  if (options.outDir) {
    const files = writeResults(results, options.outDir);
    console.log(`\nwrote ${files.json}, ${files.svg} and ${files.text}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
