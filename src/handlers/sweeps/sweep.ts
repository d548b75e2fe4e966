import type { MatchStatus } from '../../engine/index.js';
import type { RetentionPolicy, RetentionStore, StoredMatch } from '../../ports/index.js';
import type { HandlerDeps } from '../deps.js';

/** What a sweep may use: the handlers' ports, the retention store and the deployment's policy. */
export type SweeperDeps = Pick<
  HandlerDeps,
  'games' | 'matches' | 'connections' | 'fanout' | 'clock' | 'logger' | 'notifier' | 'webSocketEndpoint' | 'scheduler'
> & {
  readonly retention: RetentionStore;
  readonly retentionPolicy: RetentionPolicy;
};

/** One run of a sweep: the time it runs at, and when it must stop taking more work. */
export interface SweepRun {
  readonly now: number;
  readonly deadline: number;
}

/** What a run did: matches it looked at, and of those how many it changed (ended, deleted). */
export interface SweepOutcome {
  readonly looked: number;
  readonly changed: number;
}

/**
 * A periodic job of the sweeper (src/handlers/sweeper.ts), which runs every sweep in SWEEPS
 * (./index.ts) once a minute: on AWS one function on an EventBridge schedule, locally a loop in the
 * runtime, on both wirings. A run finds what is due through an index, never by scanning, handles it
 * until `deadline`, and leaves the rest to the next run; everything it does must be safe to do twice
 * (runs may overlap, and a run may die halfway). A throw fails this sweep alone: the others still
 * run, and the failure is logged (`sweep.failed`, alarmed on AWS).
 */
export interface Sweep {
  readonly name: string;
  run(deps: SweeperDeps, run: SweepRun): Promise<SweepOutcome>;
}

/** Due matches are read and handled this many at a time. */
export const SWEEP_PAGE = 25;

/**
 * Hands every match the retention store says is due in `status` since `before` to `handle`, a page at
 * a time, until none is left or the run's deadline passes. A match gone meanwhile is skipped. `handle`
 * answers whether it changed the match; it must also take the match out of what is due (end it,
 * remember it, purge it), or the next page would offer it again: the loop stops on a page that
 * changed nothing new.
 */
export async function eachDue(
  deps: SweeperDeps,
  run: SweepRun,
  status: MatchStatus,
  before: number,
  handle: (stored: StoredMatch) => Promise<boolean>,
): Promise<SweepOutcome> {
  let looked = 0;
  let changed = 0;
  const handled = new Set<string>();
  while (deps.clock.now() < run.deadline) {
    const ids = (await deps.retention.due(status, before, SWEEP_PAGE)).filter((id) => !handled.has(id));
    if (ids.length === 0) break;
    for (const id of ids) {
      handled.add(id);
      const stored = await deps.matches.get(id);
      if (stored === undefined) continue;
      looked += 1;
      if (await handle(stored)) changed += 1;
      if (deps.clock.now() >= run.deadline) break;
    }
  }
  return { looked, changed };
}
