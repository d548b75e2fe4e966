import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyGame } from '../../../src/engine/index.js';
import { fileBlock, REPO } from '../../docs/code-blocks.js';

/**
 * docs/first-game.md's `src/games.ts` written to a temporary file, its imports pointed at this
 * repository's engine and zod by absolute path: a games module both Node (`turngate dev`) and esbuild
 * (which bundles it into `turngate dev`'s page) load as it is, so the page stays the one copy of the game.
 */
export function connectFourModuleFromTheDocs(): string {
  const engine = join(REPO, 'src', 'engine', 'index.ts');
  const zod = createRequire(join(REPO, 'package.json')).resolve('zod');
  const source = fileBlock('docs/first-game.md', 'src/games.ts')
    .replace(`from 'turngate'`, `from '${engine}'`)
    .replace(`from 'zod'`, `from '${zod}'`);
  const file = join(mkdtempSync(join(tmpdir(), 'turngate-docs-game-')), 'games.ts');
  writeFileSync(file, source);
  return file;
}

/** Connect Four exactly as docs/first-game.md writes it, for tests in this repository. */
export async function connectFourFromTheDocs(): Promise<AnyGame> {
  const module = (await import(pathToFileURL(connectFourModuleFromTheDocs()).href)) as { connectFour: AnyGame };
  return module.connectFour;
}
