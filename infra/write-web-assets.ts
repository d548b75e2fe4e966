import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GAMES_OPTION, hostedLayout, writeLayout } from './web-assets.js';

/**
 * `write-web-assets <dir> [--games=<games module>] [board module…]`: writes the hosted layout of the
 * web UI, as `npm start` serves it, into <dir>; with the developer's board modules and games module
 * (absolute paths) bundled into its script, as `turngate dev --board` serves them (the games let the
 * replay viewer recompute their finished matches in the browser). CDK asset bundling is synchronous and the build is not, so the
 * stack (infra/web-hosting.ts) runs this as a child process: under tsx in this repository, as plain
 * JavaScript from the package.
 */
const [outputDir, ...rest] = process.argv.slice(2);
if (!outputDir) throw new Error('usage: write-web-assets <output directory> [--games=<games module>] [board module…]');
const gamesModule = rest.find((arg) => arg.startsWith(GAMES_OPTION))?.slice(GAMES_OPTION.length);
const boards = rest.filter((arg) => !arg.startsWith(GAMES_OPTION));
writeLayout(hostedLayout(await withBoards(await builtWebUi(), boards, gamesModule)), outputDir);

/**
 * The UI whose script also registers the developer's boards and games (src/cli/board-bundle.ts, as for
 * dev). A games module that cannot run in a browser is left out with a warning, as dev does: the
 * replay viewer then shows the server's views of its matches.
 */
async function withBoards(
  ui: ReadonlyMap<string, { readonly body: Buffer }>,
  boards: readonly string[],
  gamesModule: string | undefined,
): Promise<ReadonlyMap<string, { readonly body: Buffer }>> {
  if (boards.length === 0 && gamesModule === undefined) return ui;
  const { bundleWithBoards } = await import('../src/cli/board-bundle.js');
  let script: Buffer | undefined;
  if (gamesModule !== undefined) {
    try {
      script = await bundleWithBoards(boards, gamesModule);
    } catch (error) {
      process.stdout.write(`warning: the games module is left out of the web UI's script: ${String(error)}\n`);
    }
  }
  script ??= await bundleWithBoards(boards);
  return new Map([...ui, ['app.js', { body: script }]]);
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
