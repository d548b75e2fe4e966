import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyGame } from '../../../src/engine/index.js';
import { fileBlock, REPO } from '../../docs/code-blocks.js';

/**
 * Connect Four exactly as docs/first-game.md writes it, for tests in this repository: the page's
 * `src/games.ts` with its imports pointed at this repository's engine and zod, so the page stays the
 * one copy of the game.
 */
export async function connectFourFromTheDocs(): Promise<AnyGame> {
  const engine = pathToFileURL(join(REPO, 'src', 'engine', 'index.ts')).href;
  const zod = pathToFileURL(createRequire(join(REPO, 'package.json')).resolve('zod')).href;
  const source = fileBlock('docs/first-game.md', 'src/games.ts')
    .replace(`from 'turngate'`, `from '${engine}'`)
    .replace(`from 'zod'`, `from '${zod}'`);
  const file = join(mkdtempSync(join(tmpdir(), 'turngate-docs-game-')), 'games.ts');
  writeFileSync(file, source);
  const module = (await import(pathToFileURL(file).href)) as { connectFour: AnyGame };
  return module.connectFour;
}
