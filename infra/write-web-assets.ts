import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostedLayout, writeLayout } from './web-assets.js';

/**
 * `write-web-assets <dir>`: writes the hosted layout of the web UI, as `npm start` serves it, into
 * <dir>. CDK asset bundling is synchronous and the build is not, so the stack (infra/web-hosting.ts)
 * runs this as a child process: under tsx in this repository, as plain JavaScript from the package.
 */
const outputDir = process.argv[2];
if (!outputDir) throw new Error('usage: write-web-assets <output directory>');
writeLayout(hostedLayout(await builtWebUi()), outputDir);

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
