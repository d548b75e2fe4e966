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
 */
export async function webAssetsWithBoards(boards: readonly string[], logger: Logger): Promise<AssetMap> {
  const script = await bundleWithBoards(boards);
  const assets = new Map(await loadWebAssets(logger));
  assets.set('app.js', { contentType: 'text/javascript; charset=utf-8', body: script });
  return assets;
}

/**
 * The web UI's script with the developer's board modules in it: each module is imported before the UI
 * (ES modules run in import order), so its `registerBoard` calls are done when the first match page
 * mounts. Bundled for the browser by esbuild, from the developer's project, where the modules'
 * own imports (`turngate/board`, their game's types, helpers) resolve. `turngate dev --board` serves
 * it; `turngate synth --board` deploys it.
 */
export async function bundleWithBoards(boards: readonly string[]): Promise<Buffer> {
  const modules = boards.map((board) => resolve(board));
  for (const module of modules) if (!existsSync(module)) throw new BoardModuleProblem(`${module}: no such file`);
  const entries = [...modules, webAppEntry()];
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
      plugins: [runForEffects(entries)],
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
