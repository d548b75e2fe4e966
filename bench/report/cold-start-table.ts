import type { ColdStartResult } from '../cold-start/cold-start.js';
import { fixed, table } from './format.js';

/** The cold-start row per function: what a bundle weighs and what its first event costs a fresh process. */
export function coldStartSection(result: ColdStartResult): string {
  const title = `Cold start: each function's bundle from npm run synth, in a fresh node process with the stack's environment (local engines on loopback); ms from the process's first line of JavaScript, bare node start-up (${fixed(result.nodeStartMs, 1)} ms here) not counted; medians of ${result.rows[0]?.runs ?? 0} runs; load ${fixed(result.loadAverage, 1)}`;
  const rows = result.rows.map((row) => [
    row.name,
    fixed(row.bundleBytes / 1024, 0),
    fixed(row.sourceMapBytes / 1024, 0),
    fixed(row.importMs, 1),
    fixed(row.firstEventMs, 1),
    fixed(row.coldMs, 1),
    fixed(row.importCpuMs, 1),
    fixed(row.coldCpuMs, 1),
    row.problem ?? '',
  ]);
  return `${title}\n${table(['function', 'bundle KB', 'map KB', 'import ms', 'first event ms', 'cold start ms', 'import CPU ms', 'cold start CPU ms', 'problem'], rows)}`;
}
