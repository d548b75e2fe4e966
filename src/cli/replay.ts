import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { exampleGames } from '../../games/index.js';
import type { AnyGame, GameResult } from '../engine/index.js';
import { type ReplayExport, replayExportSchema, verifyReplayExport } from '../protocol/index.js';
import { DEFAULT_GAMES_MODULE } from './dev.js';
import { loadUnderTsx } from './games-under-tsx.js';
import { UsageProblem } from './usage-problem.js';

export interface ReplayArgs {
  readonly file: string;
  /** Where the match's game is, when it is not one of turngate's examples. */
  readonly gamesModule?: string;
}

/** `turngate replay <file> [--games <module>]`. */
export function parseReplayArgs(args: readonly string[]): ReplayArgs {
  let file: string | undefined;
  let gamesModule: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--games') {
      gamesModule = args[++i];
      if (gamesModule === undefined || gamesModule.startsWith('--')) throw new UsageProblem('--games needs a module');
    } else if (arg.startsWith('-')) {
      throw new UsageProblem(`unknown option ${arg}`);
    } else if (file === undefined) {
      file = arg;
    } else {
      throw new UsageProblem(`one file, not also ${arg}`);
    }
  }
  if (file === undefined) throw new UsageProblem('which file? turngate replay <exported match.json>');
  return { file, ...(gamesModule === undefined ? {} : { gamesModule }) };
}

/**
 * Checks an exported match: 0 when it replays exactly to its recorded final state, 1 (with the step
 * where it first differs, when there is one) when it does not or cannot be checked.
 */
export async function replayFile(
  args: ReplayArgs,
  out: (line: string) => void,
  refuse: (line: string) => void,
): Promise<number> {
  const exported = readExport(args.file);
  const game = await gameNamed(exported.match.game, args.gamesModule);
  const verdict = verifyReplayExport(game, exported);
  const match = `match ${exported.match.id} (${exported.match.game})`;
  if (!verdict.ok) {
    const where = verdict.step === undefined ? '' : ` at ${describeStep(exported, verdict.step)}`;
    refuse(`refused: ${match} does not replay${where}: ${verdict.problem}`);
    return 1;
  }
  const hashed =
    verdict.hashedSteps === verdict.steps
      ? 'each checked against its recorded fingerprint'
      : `${verdict.hashedSteps} of them checked against a recorded fingerprint (the others were logged before fingerprints)`;
  out(
    `${match} replays exactly: ${verdict.steps} steps, ${hashed}, ending in the recorded final state (${outcome(verdict.final.result)}).`,
  );
  return 0;
}

function readExport(file: string): ReplayExport {
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageProblem(`no such file: ${path}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageProblem(`${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = replayExportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
    throw new UsageProblem(
      `${path} is not an exported match (the replay answer with every step, next: null): ${where}${issue?.message ?? ''}`,
    );
  }
  return parsed.data;
}

/**
 * The game by name: from the games module when one is named (a developer's game may share an
 * example's name), else turngate's examples, else the project's default module.
 */
async function gameNamed(name: string, gamesModule: string | undefined): Promise<AnyGame> {
  const named = (games: readonly AnyGame[]) => games.find((candidate) => candidate.name === name);
  const found =
    (gamesModule !== undefined ? named(await loadUnderTsx(gamesModule)) : undefined) ??
    named(exampleGames) ??
    (gamesModule === undefined && existsSync(DEFAULT_GAMES_MODULE)
      ? named(await loadUnderTsx(DEFAULT_GAMES_MODULE))
      : undefined);
  if (found === undefined) {
    throw new UsageProblem(`no game "${name}" here: pass the module that defines it (--games path/to/games.ts)`);
  }
  return found;
}

/** "step 7 of 12 (version 9, bob: bid {...})": enough to find the step in the file. */
function describeStep(exported: ReplayExport, step: number): string {
  const entry = exported.steps[step - 1];
  const total = exported.steps.length;
  if (entry === undefined) return `step ${step} of ${total}`;
  return `step ${step} of ${total} (version ${entry.version}, ${entry.player}: ${entry.move} ${JSON.stringify(entry.args)})`;
}

function outcome(result: GameResult | null): string {
  if (result === null) return 'not over';
  if ('winners' in result) return result.winners.length === 0 ? 'nobody won' : `won by ${result.winners.join(', ')}`;
  return 'draw' in result ? 'a draw' : 'abandoned';
}
