import type { BurstRun } from '../run-burst.js';
import { fixed, table, thousands } from './format.js';

/** The burst row per server: its title says what was measured, the table what each server did. */
export function burstSection(rows: readonly BurstRun[]): string {
  const first = rows[0];
  const title = first
    ? `Burst: ${thousands(first.matches)} tic-tac-toe matches open, then all moving at once, ${first.movesPerMatch} moves each (a drawn game), each move sent once its mover has seen the previous one; moves/s from the first move to the last match's last move`
    : 'Burst';
  return `${title}\n${burstTable(rows)}`;
}

export function burstTable(rows: readonly BurstRun[]): string {
  return table(
    [
      'server',
      'matches',
      'moves',
      'burst ms',
      'moves/s',
      'ack p50',
      'ack p99',
      'srv CPU',
      'CPU ms/move',
      'bots CPU',
      'stalled',
      'failed setups',
      'open s',
      'load',
    ],
    rows.map((row) => [
      row.server,
      thousands(row.matches),
      thousands(row.acceptedMoves),
      fixed(row.burstMs, 0),
      thousands(row.movesPerSecond),
      fixed(row.ownAckMs.p50, 2),
      fixed(row.ownAckMs.p99, 2),
      fixed(row.serverCores, 2),
      fixed(row.cpuMsPerMove, 3),
      fixed(row.loadGeneratorCores, 2),
      row.unansweredMoves + row.errors,
      row.failedSetups,
      fixed(row.openMs / 1000, 1),
      fixed(row.loadAverage, 1),
    ]),
  );
}
