import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEBUG_PANEL_SCRIPT } from '../src/protocol/ui-config.js';
import { buildDebugPanel, buildWebAssets } from '../web/build.js';

/**
 * `npm run build` (and `prepack`): the package's JavaScript and `.d.ts` by tsc, and the web UI built
 * once into dist/web-assets, since the published package has no esbuild to bundle it on start.
 *
 * tsc rather than a bundler: the package is ES modules for Node ≥ 20 and modern bundlers, so one
 * emitted file per source file keeps every subpath's graph exactly what it imports (the client never
 * drags in the server), lets users' bundlers tree-shake, and gives `.d.ts` from the same compiler that
 * checks the code, with no second build tool to keep in step.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

// Of web/, only turngate/board (web/app/boards/public.ts and what it imports) is compiled and shipped:
// the UI itself ships bundled, in dist/web-assets.
rmSync(join(dist, 'web', 'build.js'), { force: true });
rmSync(join(dist, 'web', 'build.d.ts'), { force: true });
const assets = join(dist, 'web-assets');
mkdirSync(assets, { recursive: true });
for (const [name, asset] of await buildWebAssets()) writeFileSync(join(assets, name), asset.body);
// Apart from web-assets, which a deployment uploads whole: served only in development mode.
const devAssets = join(dist, 'dev-assets');
mkdirSync(devAssets, { recursive: true });
writeFileSync(join(devAssets, DEBUG_PANEL_SCRIPT), (await buildDebugPanel()).body);
process.stdout.write(`built ${dist}\n`);
