import type { AnyGame } from '../engine/index.js';

/*
 * What a games module must export, checked without importing it: pure, so the web UI's replay viewer
 * (web/app/boards/game-rules.ts) reads a bundled games module with the same rules as the server.
 */

/**
 * A games module that cannot be served, with the file it is about: a configuration error, so it
 * throws (the CLI prints the message and exits; no stack trace is needed to fix it).
 */
export class GamesModuleProblem extends Error {
  override readonly name = 'GamesModuleProblem';
  constructor(
    readonly file: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`${file}: ${problem}`, options);
  }
}

export const SHAPE_HINT =
  'export the games made by defineGame as `export default [myGame]`, `export const games = [myGame]` or `export default myGame`';

/** The games a module's exports hold: `games`, else `default` (a list or one game). */
export function gamesFromModule(exports: Record<string, unknown>, file: string): readonly AnyGame[] {
  const exported = exports.games ?? exports.default;
  if (exported === undefined) throw new GamesModuleProblem(file, `exports no games: ${SHAPE_HINT}`);
  const list = Array.isArray(exported) ? (exported as unknown[]) : [exported];
  if (list.length === 0) throw new GamesModuleProblem(file, `exports an empty list of games: ${SHAPE_HINT}`);
  const names = new Set<string>();
  list.forEach((candidate, index) => {
    const problem = notAGame(candidate);
    if (problem) throw new GamesModuleProblem(file, `game ${index + 1} ${problem}: ${SHAPE_HINT}`);
    const { name } = candidate as AnyGame;
    if (names.has(name)) throw new GamesModuleProblem(file, `two games are named "${name}": names must be unique`);
    names.add(name);
  });
  return list as AnyGame[];
}

/** Why a value is not what defineGame returns, or undefined when it is. */
function notAGame(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return `is ${value === null ? 'null' : typeof value}, not a game`;
  const game = value as Record<string, unknown>;
  if (typeof game.name !== 'string') return 'has no name';
  if (typeof game.moves !== 'object' || game.moves === null) return `("${game.name}") has no moves`;
  for (const hook of ['setup', 'playerView', 'endIf', 'onLeave']) {
    if (typeof game[hook] !== 'function') return `("${game.name}") was not made by defineGame (no ${hook})`;
  }
  const made = typeof game.rules === 'object' && game.rules !== null && typeof game.turnOrder === 'object';
  return made ? undefined : `("${game.name}") was not made by defineGame (no rules)`;
}
