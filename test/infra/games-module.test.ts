import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionExport } from '../../infra/games-entries.js';
import { DEADLINE_SWEEP, NOTIFY, SWEEPER, TURN_TIMER } from '../../infra/handler-functions.js';
import { createTurngateApp, GAMES_ENTRY_DIR, type TurngateStack } from '../../infra/index.js';
import { projectRoot as repo } from './synth.js';

/**
 * turngate/cdk with a developer's games module: each function's entry is generated in the project
 * (node_modules/.cache/turngate/lambda) and imports `turngate/aws` and that module. Bundling the whole
 * stack is the packed-package test's job (it needs turngate installed); here the stack is synthesized
 * without bundling, and one generated entry is bundled with `turngate/aws` mapped to this repository.
 */
const gamesModule = path.join(repo, 'test', 'infra', 'fixtures', 'developer-games.ts');
let project: string;
let stack: TurngateStack;
let entries: string;

beforeAll(() => {
  project = mkdtempSync(path.join(tmpdir(), 'turngate-cdk-project-'));
  writeFileSync(path.join(project, 'package.json'), '{ "name": "my-game", "type": "module" }\n');
  writeFileSync(path.join(project, 'package-lock.json'), '{ "name": "my-game", "lockfileVersion": 3 }\n');
  ({ stack } = createTurngateApp({
    gamesModule,
    projectRoot: project,
    stackName: 'MyGame',
    outdir: path.join(project, 'cdk.out'),
    context: { 'aws:cdk:bundling-stacks': [], orderingMode: 'fifo' },
  }));
  entries = path.join(project, GAMES_ENTRY_DIR);
});
afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('a stack for a developer’s games module', () => {
  it('has every handler function, each with its generated entry', () => {
    expect(stack.handlers.all().map(([name]) => name)).toEqual([
      'authorizer',
      'connect',
      'disconnect',
      'move',
      'sync',
      'default',
      'queue',
      'http',
    ]);
    // And the sweeper's, which bundles the games too: ending a match announces its final view.
    expect(readdirSync(entries).sort()).toEqual(
      [...stack.handlers.all().map(([name]) => name), 'sweeper'].map((name) => `${name}.ts`).sort(),
    );
  });

  it('generates entries that import turngate/aws and the module, and export that handler', () => {
    const move = readFileSync(path.join(entries, 'move.ts'), 'utf8');
    expect(move).toContain("import { gamesFromModule, moveFunction } from 'turngate/aws';");
    expect(move).toContain(JSON.stringify(path.relative(entries, gamesModule)));
    expect(move).toMatch(/export const handler = moveFunction\(\{/);
  });

  it('names, for every function, a maker that turngate/aws exports', async () => {
    const aws: Record<string, unknown> = await import('../../src/aws/index.js');
    const names = [...stack.handlers.all().map(([name]) => name), SWEEPER, TURN_TIMER, DEADLINE_SWEEP, NOTIFY];
    for (const name of names) expect(typeof aws[functionExport(name)], name).toBe('function');
  });

  it('bundles an entry with the games and the move handler', async () => {
    const result = await build({
      entryPoints: [path.join(entries, 'move.ts')],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      metafile: true,
      logLevel: 'silent',
      alias: { 'turngate/aws': path.join(repo, 'src', 'aws', 'index.ts') },
      // The SDK resolves from this repository, as it would from the developer's node_modules.
      nodePaths: [path.join(repo, 'node_modules')],
      outfile: 'index.mjs',
    });
    const inputs = Object.keys(result.metafile.inputs).map((input) => path.resolve(input));
    expect(inputs).toContain(gamesModule);
    expect(inputs).toContain(path.join(repo, 'src', 'handlers', 'move.ts'));
    expect(result.outputFiles[0]?.text).toContain('tic-tac-toe');
  });

  it('refuses a games module that does not exist, naming it', () => {
    expect(() =>
      createTurngateApp({ gamesModule: 'src/nope.ts', projectRoot: project, outdir: path.join(project, 'out2') }),
    ).toThrow(path.join(project, 'src', 'nope.ts'));
  });
});
