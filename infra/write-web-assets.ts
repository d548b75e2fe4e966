import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostedLayout, writeLayout } from './web-assets.js';

/**
 * `write-web-assets <dir> [board module…]`: writes the hosted layout of the web UI, as `npm start`
 * serves it, into <dir>; with the developer's board modules (absolute paths) bundled into its script,
 * as `turngate dev --board` serves it. CDK asset bundling is synchronous and the build is not, so the
 * stack (infra/web-hosting.ts) runs this as a child process: under tsx in this repository, as plain
 * JavaScript from the package.
 */
const [outputDir, ...boards] = process.argv.slice(2);
if (!outputDir) throw new Error('usage: write-web-assets <output directory> [board module…]');
writeLayout(hostedLayout(await withBoards(await builtWebUi(), boards)), outputDir);

/** The UI whose script also registers the developer's boards (src/cli/board-bundle.ts, as for dev). */
async function withBoards(
  ui: ReadonlyMap<string, { readonly body: Buffer }>,
  boards: readonly string[],
): Promise<ReadonlyMap<string, { readonly body: Buffer }>> {
  if (boards.length === 0) return ui;
  const { bundleWithBoards } = await import('../src/cli/board-bundle.js');
  return new Map([...ui, ['app.js', { body: await bundleWithBoards(boards) }]]);
}

/**
 * The published package ships the UI prebuilt (`npm run build` writes dist/web-assets, beside
 * dist/infra) and no web/ sources or esbuild; this repository builds it from web/ as `npm start` does.
 */
async function builtWebUi(): Promise<ReadonlyMap<string, { readonly body: Buffer }>> {
  const prebuilt = fileURLToPath(new URL('../web-assets/', import.meta.url));
  if (existsSync(prebuilt)) {
    return new Map(readdirSync(prebuilt).map((name) => [name, { body: readFileSync(path.join(prebuilt, name)) }]));
  }
  const { buildWebAssets } = await import('../web/build.js');
  return buildWebAssets();
}
