import type { ColdStartResult } from '../cold-start/cold-start.js';
import { type CostPerMillionMoves, costPerMillionMoves } from '../cost/model.js';
import { type PerMoveSection, perMoveReport } from '../cost/per-move-bench.js';
import type { BurstRun } from '../run-burst.js';
import type { IdleResult, MatchmakingRun, RunResult } from '../run-one.js';
import { burstSection } from './burst-table.js';
import { coldStartSection } from './cold-start-table.js';
import { fixed, table, thousands } from './format.js';

/** What one `npm run bench` produced: written as JSON and summarised as text. */
export interface BenchResults {
  readonly mode: string;
  readonly startedAt: string;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGb: number;
    readonly node: string;
  };
  readonly settings: { readonly warmupMs: number; readonly durationMs: number; readonly headlineMatches: number };
  readonly runs: readonly RunResult[];
  /** Server memory per idle WebSocket (absent in older records). */
  readonly idle?: readonly IdleResult[];
  /** Each matchmaker under N players asking for a two-player match (absent in older records). */
  readonly matchmaking?: readonly MatchmakingRun[];
  /** N matches open, then all moving at once (absent in older records). */
  readonly burst?: readonly BurstRun[];
  /** Each Lambda function's bundle and cold start (absent in older records or when skipped). */
  readonly coldStart?: ColdStartResult | null;
  readonly costs: readonly {
    readonly server: string;
    readonly game: string;
    readonly matches: number;
    readonly cost: CostPerMillionMoves;
  }[];
  readonly bytesPerMove: readonly BytesPerMoveRow[] | null;
  /** One move per invocation, both ordering modes: cost and latency (absent in older records). */
  readonly perMove?: PerMoveSection | null;
  readonly elapsedSeconds: number;
  /** Anything a reader must know about how this record was put together. */
  readonly notes?: readonly string[];
}

/** Average DynamoDB writes per move (match and move log), by how far into its game the move was. */
export interface BytesPerMoveRow {
  readonly moves: string;
  /** Writes per move: the match's update and the move log's item. */
  readonly writes: number;
  readonly requestBytes: number;
  readonly writeUnits: number;
  readonly itemBytes: number;
}

/** Everything that went unanswered or wrong in a run: moves, game setups, errors. */
export const troubles = (run: RunResult): number => run.load.unansweredMoves + run.load.failedSetups + run.load.errors;

/** The p99 line a turn-based game should stay under. */
export const P99_LIMIT_MS = 50;

export function headlineTable(runs: readonly RunResult[]): string {
  return table(
    [
      'server',
      'game',
      'N',
      'moves/s',
      'games/s',
      'ack p50',
      'ack p90',
      'ack p99',
      'ack max',
      'opp p50',
      'opp p99',
      'setup p50',
      'srv CPU',
      'CPU ms/move',
      'bots CPU',
      'srv RSS MB',
      'KB/conn',
      'no-ack moves',
      'failed setups',
      'load',
    ],
    runs.map((run) => [
      run.server,
      run.game,
      run.matches,
      thousands(run.movesPerSecond),
      thousands((run.load.games / run.load.windowMs) * 1000),
      fixed(run.load.ownAckMs.p50, 2),
      fixed(run.load.ownAckMs.p90, 2),
      fixed(run.load.ownAckMs.p99, 2),
      fixed(run.load.ownAckMs.max, 1),
      fixed(run.load.opponentUpdateMs.p50, 2),
      fixed(run.load.opponentUpdateMs.p99, 2),
      fixed(run.load.gameSetupMs.p50, 1),
      fixed(run.serverCores, 2),
      run.movesPerSecond > 0 ? fixed((run.serverCores * 1000) / run.movesPerSecond, 2) : '-',
      fixed(run.load.loadGeneratorCores, 2),
      fixed(run.serverPeakRssMb, 0),
      fixed(run.kbPerConnection, 1),
      run.load.unansweredMoves + run.load.errors,
      run.load.failedSetups,
      fixed(run.loadAverage, 1),
    ]),
  );
}

/** Where each server stops keeping up: p99 over the limit, lost moves, or throughput that no longer grows. */
export function knee(runs: readonly RunResult[]): string {
  const sorted = [...runs].sort((a, b) => a.matches - b.matches);
  let best = 0;
  for (const run of sorted) {
    if (run.load.unansweredMoves + run.load.errors > 0) return `moves unanswered at N=${run.matches}`;
    if (run.load.failedSetups > 0) return `game setups fail at N=${run.matches}`;
    if (run.load.ownAckMs.p99 > P99_LIMIT_MS) return `p99 > ${P99_LIMIT_MS} ms at N=${run.matches}`;
    if (best > 0 && run.movesPerSecond < best * 0.9) return `throughput falls at N=${run.matches}`;
    best = Math.max(best, run.movesPerSecond);
  }
  return `keeps up to N=${sorted.at(-1)?.matches ?? 0}`;
}

export function sweepTable(runs: readonly RunResult[]): string {
  const sweep = runs.filter((run) => run.game === 'tic-tac-toe');
  const servers = [...new Set(sweep.map((run) => run.server))];
  const ns = [...new Set(sweep.map((run) => run.matches))].sort((a, b) => a - b);
  return table(
    ['server', ...ns.map((n) => `N=${n} moves/s · p99 ms`), 'verdict'],
    servers.map((server) => {
      const mine = sweep.filter((run) => run.server === server);
      return [
        server,
        ...ns.map((n) => {
          const run = mine.find((candidate) => candidate.matches === n);
          return run ? `${thousands(run.movesPerSecond)} · ${fixed(run.load.ownAckMs.p99, 1)}` : '-';
        }),
        knee(mine),
      ];
    }),
  );
}

export function costTable(cost: CostPerMillionMoves): string {
  const money = (value: number) => `$${fixed(value, 3)}`;
  const rows = cost.components.map((c) => [
    c.component,
    `${fixed(c.movePathUnits, 3)} ${c.unit}`,
    money(c.movePath),
    `${fixed(c.setupUnits, 3)} ${c.unit}`,
    money(c.setup),
    money(c.movePath + c.setup),
  ]);
  rows.push(['total', '', money(cost.movePath), '', money(cost.setup), money(cost.total)]);
  return `${table(
    ['component', 'move path / move', '$/M moves', 'setup / move', '$/M moves', 'total $/M moves'],
    rows,
  )}\n\n${cost.assumptions.map((a) => `- ${a}`).join('\n')}`;
}

export function bytesTable(rows: readonly BytesPerMoveRow[]): string {
  return table(
    [
      'moves into the game',
      'writes/move',
      'request bytes/move',
      'WRU/move (log included)',
      'match item bytes at the end',
    ],
    rows.map((row) => [
      row.moves,
      fixed(row.writes, 2),
      fixed(row.requestBytes, 0),
      fixed(row.writeUnits, 2),
      fixed(row.itemBytes, 0),
    ]),
  );
}

/**
 * The cost model prices the aws-local run that kept up best for each game: a saturated run sets up
 * games it never finishes, which would charge setup to too few moves. Among runs without errors or
 * timeouts the one with the most accepted moves wins; failing that, the one with the most moves.
 */
export function costsFor(runs: readonly RunResult[]): BenchResults['costs'] {
  const counted = runs.filter((run) => run.counters !== null && run.load.acceptedMoves > 0);
  const games = [...new Set(counted.map((run) => run.game))];
  return games.flatMap((game) => {
    const candidates = counted.filter((run) => run.game === game);
    const clean = candidates.filter((run) => troubles(run) === 0);
    const best = (clean.length > 0 ? clean : candidates).sort((a, b) => b.load.acceptedMoves - a.load.acceptedMoves)[0];
    if (!best?.counters) return [];
    return [
      {
        server: best.server,
        game,
        matches: best.matches,
        cost: costPerMillionMoves(best.counters, best.load.acceptedMoves),
      },
    ];
  });
}

/** The single-pair rows: one match, moves one at a time; the round trip a player feels on an idle server. */
export function pairTable(runs: readonly RunResult[]): string {
  return table(
    ['server', 'moves', 'ack p50', 'ack p99', 'opp p50', 'opp p99', 'setup p50', 'load'],
    runs.map((run) => [
      run.server,
      thousands(run.load.ownAckMs.count),
      fixed(run.load.ownAckMs.p50, 3),
      fixed(run.load.ownAckMs.p99, 3),
      fixed(run.load.opponentUpdateMs.p50, 3),
      fixed(run.load.opponentUpdateMs.p99, 3),
      fixed(run.load.gameSetupMs.p50, 1),
      fixed(run.loadAverage, 1),
    ]),
  );
}

export function matchmakingTable(rows: readonly MatchmakingRun[]): string {
  return table(
    [
      'server',
      'players',
      'ramp ms',
      'requests/s',
      'answer p50',
      'answer p99',
      'started p50',
      'started p99',
      'failed',
      'load',
    ],
    rows.map((row) => [
      row.server,
      thousands(row.players),
      row.rampMs,
      thousands(row.requestsPerSecond),
      fixed(row.requestMs.p50, 1),
      fixed(row.requestMs.p99, 1),
      fixed(row.startedMs.p50, 1),
      fixed(row.startedMs.p99, 1),
      row.failed,
      fixed(row.loadAverage, 1),
    ]),
  );
}

export function idleTable(rows: readonly IdleResult[]): string {
  return table(
    [
      'server',
      'connections held',
      'failed setups',
      'seconds to open',
      'RSS before MB',
      'RSS held MB',
      'KB/conn',
      'load',
    ],
    rows.map((row) => [
      row.server,
      thousands(row.connections),
      row.failedSetups,
      fixed(row.openSeconds, 1),
      fixed(row.baselineRssMb, 0),
      fixed(row.heldRssMb, 0),
      fixed(row.kbPerConnection, 1),
      fixed(row.loadAverage, 1),
    ]),
  );
}

export function textReport(results: BenchResults): string {
  const sweepRuns = results.runs.filter((run) => run.scenario === undefined);
  const pairs = results.runs.filter((run) => run.scenario === 'pair');
  const headline = sweepRuns.filter(
    (run) => run.matches === results.settings.headlineMatches || run.game !== 'tic-tac-toe',
  );
  const sections = [
    `turngate bench (${results.mode}): ${results.settings.durationMs / 1000} s window after ${
      results.settings.warmupMs / 1000
    } s warm-up per run; ${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}`,
    '',
    `All servers at N=${results.settings.headlineMatches} concurrent matches. Latencies in ms: ack = move → own ack, opp = move → opponent's update, setup = open a game until both bots hold its state. srv CPU in cores (game setup included); CPU ms/move = server CPU per accepted move; no-ack moves = moves unanswered after 5 s or rejected; failed setups = games not open after 5 s or refused; load = 1-min load average.`,
    headlineTable(headline),
    '',
    `Scaling sweep: tic-tac-toe, accepted moves/s · move→ack p99 (ms) by concurrent matches N`,
    sweepTable(sweepRuns),
  ];
  if (pairs.length > 0) {
    sections.push(
      '',
      'Single pair: one match, tic-tac-toe, each move sent once the mover has seen the previous one (ms)',
      pairTable(pairs),
    );
  }
  if (results.idle && results.idle.length > 0) {
    sections.push(
      '',
      'Idle connections: server RSS growth per open WebSocket, each in a game opened the server’s own way',
      idleTable(results.idle),
    );
  }
  if (results.matchmaking && results.matchmaking.length > 0) {
    sections.push(
      '',
      'Matchmaking: players arriving over the ramp each ask for a two-player tic-tac-toe match (turngate POST /api/matchmaking, Colyseus joinOrCreate); ms from the request to its answer and to a connection holding the started match',
      matchmakingTable(results.matchmaking),
    );
  }
  if (results.burst && results.burst.length > 0) sections.push('', burstSection(results.burst));
  if (results.coldStart) sections.push('', coldStartSection(results.coldStart));
  for (const { server, game, matches, cost } of results.costs) {
    sections.push(
      '',
      `Cost per million accepted moves if served on AWS (${server}, ${game}, from its run at N=${matches})`,
      costTable(cost),
    );
  }
  if (results.bytesPerMove) {
    sections.push(
      '',
      'Bytes written to the games table per move, by position in a long game (aws-local)',
      bytesTable(results.bytesPerMove),
    );
  }
  if (results.perMove) sections.push('', perMoveReport(results.perMove));
  sections.push('', `elapsed: ${Math.round(results.elapsedSeconds)} s`);
  for (const note of results.notes ?? []) sections.push(`note: ${note}`);
  return sections.join('\n');
}
