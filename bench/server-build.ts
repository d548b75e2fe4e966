import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The servers under test run as their packages ship them: the peers from their published JavaScript,
 * turngate from the JavaScript tsc emits for the package (`npm run build`, tsconfig.build.json), which
 * is what `npx turngate dev` and an embedder's `startLocalServer` run. Run from src/ under tsx instead,
 * every named closure would also pay the `__name` helper tsx adds to them (esbuild's keepNames), a cost
 * neither the package nor the Lambda bundles carry.
 *
 * The build goes to a folder of this run's own (under the repository's ignored .cache/, so the
 * packages it imports resolve from node_modules as dist/'s do), never to dist/: the packed-package
 * test rebuilds dist/ while other tests run.
 */
const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Set for the server hosts the runner forks: where the compiled server is (bench/servers/turngate.ts). */
export const SERVER_BUILD_ENV = 'TURNGATE_BENCH_BUILD';

export interface ServerBuild {
  readonly dir: string;
  remove(): void;
}

export function buildServer(): ServerBuild {
  const dir = join(ROOT, '.cache', `bench-server-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tsc = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      dir,
      '--declaration',
      'false',
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (tsc.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`tsc could not build the server: ${tsc.stdout}${tsc.stderr}`);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The compiled module of the local server when the runner built one, else its source (run under tsx). */
export function localServerModule(): string {
  const built = process.env[SERVER_BUILD_ENV];
  return built ? join(built, 'src/local/server.js') : join(ROOT, 'src/local/server.ts');
}
