import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTestFiles } from '../../src/cli/test-command.js';

const repo = join(import.meta.dirname, '..', '..');

/** The `turngate` command from this repository's sources, as a developer's shell runs it. */
function turngate(args: readonly string[], cwd = repo): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const command = [join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(repo, 'src', 'cli', 'main.ts')];
    execFile(process.execPath, [...command, ...args], { cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('turngate dev on a busy port', () => {
  let busy: Server;
  let port: number;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen({ port: 0, host: '127.0.0.1' }, resolve));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it('exits 1 with one line that names --port, instead of waiting for a file to change', async () => {
    const ran = await turngate(['dev', 'games/tic-tac-toe.ts', '--port', String(port)]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toBe(
      `turngate dev: port ${port} on 127.0.0.1 is in use (another turngate dev?): stop it, or pass --port <n> (0 picks a free one)\n`,
    );
  });

  it('says which option is wrong before it starts anything', async () => {
    const ran = await turngate(['dev', 'games/tic-tac-toe.ts', '--prot', '9000']);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^turngate dev: unknown option --prot; options: port, /);
  });
});

describe('turngate test', () => {
  let project: string;
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'turngate-test-command-'));
    const write = (file: string, text: string) => {
      mkdirSync(join(project, file, '..'), { recursive: true });
      writeFileSync(join(project, file), text);
    };
    const passing = (name: string) => `import { test } from 'node:test';\ntest(${JSON.stringify(name)}, () => {});\n`;
    write('package.json', '{"type":"module"}\n');
    write('src/games.test.ts', passing('rules'));
    write('src/rules/more.test.ts', `const typed: number = 1;\n${passing('more rules')}`);
    write('test/board.test.mjs', passing('board'));
    write('src/games.ts', 'export default [];\n');
    write('node_modules/some-package/index.test.js', "throw new Error('not ours');\n");
    write('cdk.out/asset.1/index.test.js', "throw new Error('not ours');\n");
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('finds every test file of the project, and none of its dependencies or build output', () => {
    const cwd = process.cwd();
    process.chdir(project);
    try {
      expect(findTestFiles(['.'])).toEqual(['src/games.test.ts', 'src/rules/more.test.ts', 'test/board.test.mjs']);
      expect(findTestFiles(['src/rules', 'test/board.test.mjs'])).toEqual([
        'src/rules/more.test.ts',
        'test/board.test.mjs',
      ]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('runs them all, TypeScript included, under Node’s test runner', async () => {
    const ran = await turngate(['test'], project);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/^(#|ℹ) pass 3$/m);
  });

  it('fails when there is nothing to run, rather than passing', async () => {
    const ran = await turngate(['test', 'src/rules/none'], project);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain('no file or folder at');
    mkdirSync(join(project, 'empty'), { recursive: true });
    const empty = await turngate(['test', 'empty'], project);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toBe('turngate test: no test files (*.test.ts) in empty\n');
  });
});
