import type { AnyGame } from './define-game.js';
import type { Match } from './match.js';
import { matchHash, STEP_HASH_LENGTH, stepHash } from './match-hash.js';
import { ReplayDivergence, type ReplayStart, type ReplayStep, replayStep, startOfReplay } from './replay.js';

/** A logged step with, when the server recorded one, the fingerprint of the match it produced (`stepHash`). */
export type RecordedStep = ReplayStep & { readonly hash?: string };

/**
 * What checking a replay found: the final match it reproduced, or where it first differs from the
 * record. `step` counts from 1; it is absent when the problem is the start, or the final record.
 */
export type ReplayVerdict =
  | { readonly ok: true; readonly final: Match; readonly hashedSteps: number }
  | { readonly ok: false; readonly step?: number; readonly problem: string };

/**
 * Replays a match from its start and checks it against what the server recorded: each step must
 * apply, produce the match its recorded hash fingerprints (where it has one), and the last must
 * produce the final record's hash. So a log edited in a way the rules still accept is caught at the
 * edited step, not only at the end. Pure; never throws for a bad log.
 */
export function checkReplay(
  game: AnyGame,
  start: ReplayStart,
  steps: readonly RecordedStep[],
  finalHash?: string,
): ReplayVerdict {
  let match: Match;
  try {
    match = startOfReplay(game, start);
  } catch (error) {
    return { ok: false, problem: `the start: ${messageOf(error)}` };
  }
  let hashedSteps = 0;
  for (const [index, step] of steps.entries()) {
    const number = index + 1;
    try {
      match = replayStep(game, match, step, number);
    } catch (error) {
      const problem = error instanceof ReplayDivergence ? error.reason : `the rules threw: ${messageOf(error)}`;
      return { ok: false, step: number, problem: `it does not apply: ${problem}` };
    }
    if (step.hash === undefined) continue;
    if (step.hash.length !== STEP_HASH_LENGTH || stepHash(match) !== step.hash) {
      return { ok: false, step: number, problem: 'it applies, but the match it produces is not the one recorded' };
    }
    hashedSteps += 1;
  }
  if (finalHash !== undefined && matchHash(match) !== finalHash) {
    return { ok: false, problem: `the match after the last step is not the final record` };
  }
  return { ok: true, final: match, hashedSteps };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
