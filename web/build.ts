import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, transform } from 'esbuild';

export interface WebAsset {
  readonly contentType: string;
  readonly body: Buffer;
}

const here = dirname(fileURLToPath(import.meta.url));

/** One minified ES module for browsers, kept in memory. */
const BROWSER_BUNDLE = {
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  legalComments: 'none',
  logLevel: 'silent',
} as const satisfies BuildOptions;

/**
 * The web UI, bundled in memory by esbuild (a few hundred ms): the local runtime serves these three
 * files at `/`, so there is no build step and nothing to go stale on disk. `ws` is external: the SDK
 * imports it lazily for Node only, and browsers must never download it.
 */
export async function buildWebAssets(): Promise<Map<string, WebAsset>> {
  const [script, styles, html] = await Promise.all([
    build({ ...BROWSER_BUNDLE, entryPoints: [join(here, 'app', 'main.ts')], external: ['ws'], outfile: 'app.js' }),
    readFile(join(here, 'styles.css'), 'utf8').then((css) => transform(css, { loader: 'css', minify: true })),
    readFile(join(here, 'index.html')),
  ]);
  const bundle = script.outputFiles[0];
  if (bundle === undefined) throw new Error('esbuild produced no bundle for the web UI');
  return new Map([
    ['index.html', { contentType: 'text/html; charset=utf-8', body: html }],
    ['app.js', { contentType: 'text/javascript; charset=utf-8', body: Buffer.from(bundle.contents) }],
    ['styles.css', { contentType: 'text/css; charset=utf-8', body: Buffer.from(styles.code) }],
  ]);
}

/**
 * The debug panel (web/app/debug-panel/panel.ts), a script of its own that the page imports only in
 * development mode, so no deployed page carries it. It gets the page's own board, match page and
 * replay functions when it is mounted (debug-panel/host.ts), so it bundles none of them again.
 */
export async function buildDebugPanel(): Promise<WebAsset> {
  const script = await build({
    ...BROWSER_BUNDLE,
    entryPoints: [join(here, 'app', 'debug-panel', 'panel.ts')],
    outfile: 'debug-panel.js',
  });
  const bundle = script.outputFiles[0];
  if (bundle === undefined) throw new Error('esbuild produced no bundle for the debug panel');
  return { contentType: 'text/javascript; charset=utf-8', body: Buffer.from(bundle.contents) };
}
