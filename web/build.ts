import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

export interface WebAsset {
  readonly contentType: string;
  readonly body: Buffer;
}

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The web UI, bundled in memory by esbuild (a few hundred ms): the local runtime serves these three
 * files at `/`, so there is no build step and nothing to go stale on disk. `ws` is external: the SDK
 * imports it lazily for Node only, and browsers must never download it.
 */
export async function buildWebAssets(): Promise<Map<string, WebAsset>> {
  const [script, styles, html] = await Promise.all([
    build({
      entryPoints: [join(here, 'app', 'main.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: ['es2022'],
      minify: true,
      external: ['ws'],
      legalComments: 'none',
      logLevel: 'silent',
      outfile: 'app.js',
    }),
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
