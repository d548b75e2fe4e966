import type { OrderingMode } from '../../src/handlers/deps.js';
import { fixed, table } from '../report/format.js';
import { type BillingBasis, latencyNotes, MB_PER_VCPU, stackBillingBasis } from './lambda-billing.js';
import { type OneMoveResult, type PerMoveGame, runOneMoveScenario } from './one-move.js';
import { type PerMoveCost, perMoveCost } from './per-move.js';
import { PRICES } from './prices.js';

/**
 * The cost and latency of one move at a time, in both ordering modes (issue #12): the aws-local
 * wiring counts and prices it, the embedded wiring is timed beside it. `--quick` plays one
 * tic-tac-toe game and a 20-move marathon per run, to stay inside the smoke test's budget; the full
 * run plays ten tic-tac-toe games and the 200-move marathon.
 */
export interface PerMoveLatency {
  readonly wiring: string;
  readonly mode: OrderingMode;
  readonly game: string;
  readonly moves: number;
  readonly p50: number;
  readonly p99: number;
}

export interface PerMoveSection {
  readonly basis: BillingBasis;
  readonly costs: readonly PerMoveCost[];
  readonly latency: readonly PerMoveLatency[];
  readonly marathonMoves: number;
}

const MODES: readonly OrderingMode[] = ['direct', 'fifo'];
const GAMES: readonly PerMoveGame[] = ['tic-tac-toe', 'marathon'];

export async function measurePerMove(quick: boolean, log: (line: string) => void): Promise<PerMoveSection> {
  const basis = await stackBillingBasis();
  const marathonMoves = quick ? 20 : 200;
  const costs: PerMoveCost[] = [];
  const latency: PerMoveLatency[] = [];
  for (const wiring of ['aws-local', 'embedded'] as const) {
    for (const mode of MODES) {
      for (const game of GAMES) {
        const size = game === 'marathon' ? marathonMoves : quick ? 1 : 10;
        log(
          `one move at a time: ${wiring} ${mode} ${game} (${game === 'marathon' ? `${size} moves` : `${size} games`})`,
        );
        const result: OneMoveResult = await runOneMoveScenario({ wiring, mode, game, size });
        latency.push({ wiring, mode, game, moves: result.moves, p50: result.ackMs.p50, p99: result.ackMs.p99 });
        if (!result.counters) continue;
        costs.push(perMoveCost(result, basis, 'one'));
        if (mode === 'fifo') costs.push(perMoveCost(result, basis, 'full'));
      }
    }
  }
  return { basis, costs, latency, marathonMoves };
}

const label = (cost: PerMoveCost, marathonMoves: number) =>
  `${cost.mode}, ${cost.game === 'marathon' ? `${marathonMoves}-move game` : 'tic-tac-toe'}${
    cost.batching === 'full' ? ', full batches' : ''
  }`;
const money = (value: number) => `$${fixed(value, 3)}`;

export function perMoveReport(section: PerMoveSection): string {
  const { costs, basis, marathonMoves } = section;
  const headline = costs.filter((c) => c.batching === 'one');
  const ordered = [...headline, ...costs.filter((c) => c.batching === 'full')];
  const lineNames = ordered[0]?.lines.map((l) => l.line) ?? [];
  const rows = lineNames.map((name) => [
    name,
    ...ordered.map((cost) => {
      const line = cost.lines.find((l) => l.line === name);
      return line ? `${money(line.dollars)} (${fixed(line.units, 2)} ${line.unit})` : '-';
    }),
  ]);
  rows.push(['total', ...ordered.map((cost) => money(cost.total))]);
  rows.push(['target', ...ordered.map((cost) => (cost.batching === 'one' ? money(cost.target) : '-'))]);
  rows.push([
    'over target by',
    ...ordered.map((cost) =>
      cost.batching === 'one' ? (cost.total > cost.target ? money(cost.total - cost.target) : 'met') : '-',
    ),
  ]);
  const misses = ordered
    .filter((cost) => cost.batching === 'one')
    .map((cost) => {
      const over = cost.lines.filter((l) => l.dollars - l.budget > 0.005);
      const verdict =
        cost.total > cost.target
          ? `misses $${fixed(cost.target, 2)} by ${money(cost.total - cost.target)}`
          : 'meets its target';
      return `- ${label(cost, marathonMoves)}: ${money(cost.total)}, ${verdict}; lines over the issue's arithmetic: ${
        over.length === 0
          ? 'none'
          : over.map((l) => `${l.line} +${money(l.dollars - l.budget)} (budget ${money(l.budget)})`).join(', ')
      }`;
    });
  const requests = ordered.map(
    (cost) =>
      `- ${label(cost, marathonMoves)}: ${Object.entries(cost.requestsPerMove)
        .map(([op, n]) => `${op} ${fixed(n, 2)}`)
        .join(
          ', ',
        )}; per invocation: compute ${fixed(cost.meanComputeMs, 1)} ms + AWS ${fixed(cost.meanAwsMs, 1)} ms, billed ${fixed(cost.meanBilledMs, 1)} ms`,
  );
  const latencyRows = section.latency.map((l) => [
    l.wiring,
    l.mode,
    l.game === 'marathon' ? `${marathonMoves}-move game` : 'tic-tac-toe',
    l.moves,
    fixed(l.p50, 2),
    fixed(l.p99, 2),
  ]);
  return [
    `Cost per million moves, one move per invocation (aws-local, one pair of players moving in turn, each move sent after the last one's ack and update); $ (units per move)`,
    table(['line', ...ordered.map((cost) => label(cost, marathonMoves))], rows),
    '',
    ...misses,
    '',
    "SDK requests per move (as counted; full batches: the event source's per-batch requests ÷ 10):",
    ...requests,
    '',
    'How it is priced:',
    `- ${PRICES.region} list prices checked ${PRICES.checked} (bench/cost/prices.ts); move path only (the lobby, $connect, sync and $disconnect are setup)`,
    `- Lambda: ${basis.memoryMb} MB arm64 (infra/handler-functions.ts), billed per invocation rounded up to 1 ms: local compute (the process's CPU time outside SDK calls, so a busy machine does not inflate it) × ${fixed(basis.cpuSlowdown, 2)} (a ${basis.memoryMb} MB function gets ${basis.memoryMb}/${MB_PER_VCPU} of a vCPU) + each wave of calls at its slowest call's typical AWS latency; the first game of each run warms up and is not counted`,
    "- full batches (fifo): the same counts with the queue function's request, its 1 ms rounding and the event source's ReceiveMessage and DeleteMessageBatch shared by ten records; derived, not a run that filled batches",
    "- not priced: the event source's empty long polls of an idle queue (a fixed cost per queue, not per move)",
    '- typical in-Region latency per call (assumed, with sources):',
    ...latencyNotes().map((note) => `  - ${note}`),
    '',
    'Move → ack latency, one move at a time (ms, this machine; the aws-local engines run in the same process)',
    table(['wiring', 'mode', 'game', 'moves', 'ack p50', 'ack p99'], latencyRows),
  ].join('\n');
}
