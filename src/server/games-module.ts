import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyGame } from '../engine/index.js';
import { GamesModuleProblem, gamesFromModule, SHAPE_HINT } from './games-exports.js';

export { GamesModuleProblem, gamesFromModule };

/**
 * Imports a developer's games module and checks what it exports. TypeScript modules need a loader
 * that understands them (the CLI runs under tsx); a `.js` module works anywhere.
 */
export async function loadGamesModule(file: string): Promise<readonly AnyGame[]> {
  const path = resolve(file);
  if (!existsSync(path)) throw new GamesModuleProblem(path, `no such file (${SHAPE_HINT})`);
  let exports: Record<string, unknown>;
  try {
    exports = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new GamesModuleProblem(path, `could not be loaded: ${reason}`, { cause: error });
  }
  return gamesFromModule(exports, path);
}
