import { GamesModuleProblem, loadGamesModule } from '../server/games-module.js';
import { UsageProblem } from './usage-problem.js';

/**
 * Imports a games module with tsx's loader registered in this process (a `.ts` module loads as it
 * is), then unregisters it: how `synth` checks the module its functions will import, and how
 * `replay` finds a developer's own game. A module that is not what defineGame makes is a UsageProblem
 * naming the file.
 */
export async function loadUnderTsx(gamesModule: string) {
  const { register } = await import('tsx/esm/api');
  const unregister = register();
  try {
    return await loadGamesModule(gamesModule);
  } catch (error) {
    if (error instanceof GamesModuleProblem) throw new UsageProblem(`games module ${error.message}`);
    throw error;
  } finally {
    await unregister();
  }
}
