import type { ReplayExport } from '../../../src/client/index.js';
import {
  type AnyGame,
  type Match,
  matchHash,
  ReplayDivergence,
  replayStep,
  STEP_HASH_LENGTH,
  startOfReplay,
  stepHash,
} from '../../../src/engine/index.js';
import { recordedStepOf, startFrom } from '../../../src/protocol/index.js';

/** Every this many steps the timeline keeps the match, so any position is at most this many steps away. */
const CHECKPOINT_EVERY = 50;

/** How a replay computed in the browser compares with what the server recorded. */
export type Verdict =
  | { readonly ok: true; readonly hashedSteps: number; readonly finalChecked: boolean }
  | { readonly ok: false; readonly step?: number; readonly problem: string };

export interface Timeline {
  /** How many positions follow the start: the steps that replayed (all of them, unless one diverged). */
  readonly length: number;
  /** The match after `position` steps (0: as it started). */
  at(position: number): Match;
  readonly verdict: Verdict;
}

/**
 * A finished match recomputed by the engine from its seed and log, in the browser, checked on the
 * way against the fingerprint the server recorded for each step and for the final record (as
 * `turngate replay` does). One pass at load keeps a checkpoint every CHECKPOINT_EVERY steps; any
 * position is then replayed from the nearest one before it, so a 10,000-step match holds 200 matches.
 */
export function engineTimeline(game: AnyGame, exported: ReplayExport & { start: { seed: string } }): Timeline {
  const steps = exported.steps.map(recordedStepOf);
  const checkpoints: Match[] = [];
  let match = startOfReplay(game, startFrom(exported.start));
  let length = 0;
  let verdict: Verdict | undefined;
  let hashedSteps = 0;
  for (const [index, step] of steps.entries()) {
    if (index % CHECKPOINT_EVERY === 0) checkpoints.push(match);
    try {
      match = replayStep(game, match, step, index + 1);
    } catch (error) {
      const problem = error instanceof ReplayDivergence ? error.reason : String(error);
      verdict = { ok: false, step: index + 1, problem: `it does not apply: ${problem}` };
      break;
    }
    length = index + 1;
    if (step.hash === undefined) continue;
    if (step.hash.length !== STEP_HASH_LENGTH || stepHash(match) !== step.hash) {
      verdict = { ok: false, step: index + 1, problem: 'it is not the position the server recorded' };
      break;
    }
    hashedSteps += 1;
  }
  if (length % CHECKPOINT_EVERY === 0 && checkpoints.length <= length / CHECKPOINT_EVERY) checkpoints.push(match);
  verdict ??=
    exported.finalHash !== undefined && matchHash(match) !== exported.finalHash
      ? { ok: false, problem: 'the last position is not the final record' }
      : { ok: true, hashedSteps, finalChecked: exported.finalHash !== undefined };

  return {
    length,
    verdict,
    at(position) {
      const target = Math.max(0, Math.min(length, Math.trunc(position)));
      const base = Math.floor(target / CHECKPOINT_EVERY);
      let at = checkpoints[base] as Match;
      for (let index = base * CHECKPOINT_EVERY; index < target; index++) {
        at = replayStep(game, at, steps[index] as (typeof steps)[number], index + 1);
      }
      return at;
    },
  };
}
