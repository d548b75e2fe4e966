import type { AnyGame } from '../../../src/engine/index.js';
import { gamesFromModule } from '../../../src/server/games-exports.js';

/**
 * Games whose rules this page holds, by name, beyond turngate's examples: the replay viewer recomputes
 * a finished match of them in the browser from its seed and log. `turngate dev` registers the games
 * module it serves (src/cli/board-bundle.ts); a board module may register its game itself.
 *
 * On `globalThis` under a registered symbol, as the boards are (registry.ts): the developer's modules
 * and the web UI may carry two copies of this file.
 */
const REGISTRY = Symbol.for('turngate.games');

type Registry = Map<string, AnyGame>;

function registry(): Registry {
  const holder = globalThis as { [REGISTRY]?: Registry };
  holder[REGISTRY] ??= new Map();
  return holder[REGISTRY];
}

/** Lets the replay viewer recompute these games' matches in the browser. Each made by `defineGame`. */
export function registerGames(games: readonly AnyGame[]): void {
  for (const game of games) registry().set(game.name, game);
}

/** A games module's exports (`export default [game]`, `export const games = [...]`), registered. */
export function registerGamesModule(exports: Record<string, unknown>, file: string): void {
  registerGames(gamesFromModule(exports, file));
}

export function registeredGame(name: string): AnyGame | undefined {
  return registry().get(name);
}
