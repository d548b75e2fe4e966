import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { type AssetMap, loadWebAssets } from '../local/static-assets.js';
import type { Logger } from '../ports/index.js';

/** A board module that cannot be bundled into the page, with its file: the CLI prints it and exits. */
export class BoardModuleProblem extends Error {
  override readonly name = 'BoardModuleProblem';
}

/**
 * The web UI's script: the package's prebuilt bundle (dist/web-assets/app.js) when this runs from it,
 * else this repository's sources. Either is an ES module esbuild can bundle again.
 */
function webAppEntry(): string {
  const prebuilt = fileURLToPath(new URL('../../web-assets/app.js', import.meta.url));
  return existsSync(prebuilt) ? prebuilt : fileURLToPath(new URL('../../web/app/main.ts', import.meta.url));
}

/**
 * The web UI with the developer's board modules in its script, as `turngate dev --board` serves it.
 *
 * With `gamesModule`, the games it exports are bundled too and registered for the replay viewer, which
 * then recomputes their finished matches in the browser (web/app/boards/game-rules.ts). A games module
 * that cannot run in a browser (it imports `node:fs`, say) is left out with a warning: its replays
 * then show the server's views. A board that cannot be bundled is refused, as before.
 */
export async function webAssetsWithBoards(
  boards: readonly string[],
  logger: Logger,
  gamesModule?: string,
): Promise<AssetMap> {
  let script: Buffer | undefined;
  if (gamesModule !== undefined) {
    try {
      script = await bundleWithBoards(boards, resolve(gamesModule));
    } catch (error) {
      if (error instanceof BoardModuleProblem && !(error.cause instanceof Error)) throw error; // a missing board
      const reason = error instanceof BoardModuleProblem ? error.cause : error;
      logger.warn('web.games_not_bundled', { gamesModule, error: describe(reason) });
    }
  }
  if (script === undefined && boards.length === 0) return loadWebAssets(logger);
  script ??= await bundleWithBoards(boards);
  const assets = new Map(await loadWebAssets(logger));
  assets.set('app.js', { contentType: 'text/javascript; charset=utf-8', body: script });
  return assets;
}

/**
 * The web UI's script with the developer's board modules in it: each module is imported before the UI
 * (ES modules run in import order), so its `registerBoard` calls are done when the first match page
 * mounts. Bundled for the browser by esbuild, from the developer's project, where the modules'
 * own imports (`turngate/board`, their game's types, helpers) resolve. `turngate dev --board` serves
 * it; `turngate synth --board` deploys it. With `gamesModule`, its games are registered for replays.
 */
export async function bundleWithBoards(boards: readonly string[], gamesModule?: string): Promise<Buffer> {
  const modules = boards.map((board) => resolve(board));
  for (const module of modules) if (!existsSync(module)) throw new BoardModuleProblem(`${module}: no such file`);
  const entries = [...modules, ...(gamesModule === undefined ? [] : [GAMES_REGISTRATION]), webAppEntry()];
  const imports = entries.map((module) => `import ${JSON.stringify(module)};`).join('\n');
  try {
    const result = await build({
      stdin: { contents: imports, resolveDir: process.cwd(), loader: 'js', sourcefile: 'turngate-boards.js' },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: ['es2022'],
      minify: true,
      // The SDK imports ws lazily for Node only; as in web/build.ts, a browser never loads it.
      external: ['ws'],
      legalComments: 'none',
      logLevel: 'silent',
      outfile: 'app.js',
      // The registration first: it resolves its own virtual module, which runForEffects would take for a file.
      plugins: [...(gamesModule === undefined ? [] : [gamesRegistration(gamesModule)]), runForEffects(entries)],
    });
    const output = result.outputFiles[0];
    if (!output) throw new Error('esbuild produced no bundle');
    return Buffer.from(output.contents);
  } catch (error) {
    throw new BoardModuleProblem(`${modules.join(', ')}: could not be bundled for the browser: ${describe(error)}`, {
      cause: error,
    });
  }
}

/** A module of the bundle's own, imported before the UI: it registers the games module's games. */
const GAMES_REGISTRATION = 'turngate:games-registration';

function gamesRegistration(gamesModule: string): Plugin {
  const rules = ['js', 'ts']
    .map((extension) => fileURLToPath(new URL(`../../web/app/boards/game-rules.${extension}`, import.meta.url)))
    .find((path) => existsSync(path));
  if (rules === undefined) throw new Error('the web UI’s game-rules module is missing');
  const contents = [
    `import * as games from ${JSON.stringify(gamesModule)};`,
    `import { registerGamesModule } from ${JSON.stringify(rules)};`,
    `registerGamesModule(games, ${JSON.stringify(gamesModule)});`,
  ].join('\n');
  return {
    name: 'turngate-games-registration',
    setup(bundler) {
      bundler.onResolve({ filter: /^turngate:games-registration$/ }, (args) => ({
        path: args.path,
        namespace: 'turngate',
        sideEffects: true,
      }));
      bundler.onLoad({ filter: /.*/, namespace: 'turngate' }, () => ({
        contents,
        loader: 'js',
        resolveDir: process.cwd(),
      }));
    },
  };
}

/**
 * The entries are imported for what they do when they run (register a board, start the UI), and a
 * bare `import` of a module its package.json calls side-effect free (turngate's own `sideEffects`
 * list, or a developer's `"sideEffects": false`) is dropped by esbuild: these are marked as running.
 */
function runForEffects(entries: readonly string[]): Plugin {
  const paths = new Set(entries);
  return {
    name: 'turngate-run-for-effects',
    setup(bundler) {
      bundler.onResolve({ filter: /.*/ }, (args) =>
        paths.has(args.path) ? { path: args.path, sideEffects: true } : undefined,
      );
    },
  };
}

/** esbuild's errors name the file and line; its Error message alone is only a count. */
function describe(error: unknown): string {
  const errors = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors;
  if (!errors?.length) return error instanceof Error ? error.message : String(error);
  return errors
    .map(({ text, location }) => (location ? `${location.file}:${location.line}: ${text}` : text))
    .join('; ');
}
