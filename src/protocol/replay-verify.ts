import { type AnyGame, checkReplay, type Match, type RecordedStep, type ReplayStart } from '../engine/index.js';
import { replayStepOf } from './move-log.js';
import type { ReplayExport, ReplayStartInfo, ReplayStepEntry } from './replay.js';

/** What checking an exported match found: the match it replays to, or where and why it does not. */
export type ExportVerdict =
  | { readonly ok: true; readonly final: Match; readonly steps: number; readonly hashedSteps: number }
  | { readonly ok: false; readonly step?: number; readonly problem: string };

/** The engine's start of a replay, from an answer's `start` (which must carry the seed). */
export const startFrom = (start: ReplayStartInfo & { readonly seed: string }): ReplayStart => ({
  seed: start.seed,
  seats: start.seats,
  players: start.players,
  ...(start.timeControl && { timeControl: start.timeControl }),
  ...(start.startedAt !== undefined && { startedAt: start.startedAt }),
});

/** A replay answer's step as the engine replays it, with the fingerprint the server recorded for it. */
export const recordedStepOf = (entry: ReplayStepEntry): RecordedStep => ({
  ...replayStepOf(entry),
  ...(entry.hash !== undefined && { hash: entry.hash }),
});

/**
 * Checks an exported match (`turngate replay <file>`): replays it from its seed with `game`'s rules,
 * each step against its recorded fingerprint and the last against the final record's, then holds the
 * export's own summary (status, result, turn, players, who left) to the match the replay ends with,
 * so neither the log nor the claimed result can be edited without the check saying where.
 */
export function verifyReplayExport(game: AnyGame, exported: ReplayExport): ExportVerdict {
  const { start } = exported;
  if (start === null) return { ok: false, problem: 'the match never started: there is nothing to replay' };
  if (exported.reveal !== 'full' || start.seed === undefined) {
    return {
      ok: false,
      problem:
        'this export holds views only (a running match, or a game that keeps its seed after the end): it cannot be replayed',
    };
  }
  if (exported.match.game !== game.name) {
    return { ok: false, problem: `the export is a match of ${exported.match.game}, not of ${game.name}` };
  }
  if (exported.finalHash === undefined) return { ok: false, problem: 'the export has no final record to check' };
  const checked = checkReplay(
    game,
    startFrom({ ...start, seed: start.seed }),
    exported.steps.map(recordedStepOf),
    exported.finalHash,
  );
  if (!checked.ok) return checked;
  const claim = summaryMismatch(exported.match, checked.final);
  if (claim !== undefined) return { ok: false, problem: `the summary says ${claim}` };
  return { ok: true, final: checked.final, steps: exported.steps.length, hashedSteps: checked.hashedSteps };
}

/** Where the export's summary disagrees with the replayed match, in words; undefined when it does not. */
function summaryMismatch(summary: ReplayExport['match'], final: Match): string | undefined {
  const claims: readonly [string, unknown, unknown][] = [
    ['status', summary.status, final.status],
    ['result', summary.result, final.result],
    ['turn', summary.turn, final.turn],
    ['players', summary.players, final.players],
    ['left', summary.left, final.left],
  ];
  for (const [field, said, replayed] of claims) {
    if (JSON.stringify(said) !== JSON.stringify(replayed)) {
      return `${field} ${JSON.stringify(said)}, but the replay ends with ${JSON.stringify(replayed)}`;
    }
  }
  return undefined;
}
