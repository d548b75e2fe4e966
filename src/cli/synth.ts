import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { BOARD_FLAG, DEFAULT_GAMES_MODULE } from './dev.js';
import { loadUnderTsx } from './games-under-tsx.js';
import { turngatePackage } from './package-info.js';
import { UsageProblem } from './usage-problem.js';

/**
 * What the functions are bundled with and the app is built from, all resolved from the developer's
 * project: the CDK (turngate/cdk imports it), esbuild (NodejsFunction runs the project's own; without
 * it CDK falls back to Docker) and the AWS SDK clients the handlers bundle, with the environment's
 * credentials provider (without it every bundle keeps the SDK's whole default chain: a bigger bundle
 * and a slower cold start, infra/handler-functions.ts).
 */
export const SYNTH_NEEDS = [
  'aws-cdk-lib',
  'constructs',
  'esbuild',
  '@aws-sdk/client-apigatewaymanagementapi',
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/client-scheduler',
  '@aws-sdk/client-secrets-manager',
  '@aws-sdk/client-sqs',
  '@aws-sdk/credential-provider-env',
  '@aws-sdk/util-dynamodb',
] as const;

export interface SynthArgs {
  readonly gamesModule: string;
  readonly outdir: string;
  readonly stackName?: string;
  readonly context: Readonly<Record<string, string>>;
  /** `--board <module>`, repeatable: board modules bundled into the hosted web UI. */
  readonly boards: readonly string[];
  /** `turngate deploy` only: what follows `--`, passed to `cdk deploy` as it is. */
  readonly cdkArgs: readonly string[];
}

/**
 * `turngate synth|deploy [games module] [--out dir] [--stack-name name] [--board module]…
 * [-c key=value]… [-- cdk args]`.
 */
export function parseSynthArgs(args: readonly string[]): SynthArgs {
  const dashes = args.indexOf('--');
  const own = dashes === -1 ? args : args.slice(0, dashes);
  const cdkArgs = dashes === -1 ? [] : args.slice(dashes + 1);
  let gamesModule: string | undefined;
  let outdir = 'cdk.out';
  let stackName: string | undefined;
  const context: Record<string, string> = {};
  const boards: string[] = [];
  for (let i = 0; i < own.length; i++) {
    const arg = own[i] as string;
    const value = (): string => {
      const next = own[++i];
      if (next === undefined || next.startsWith('-')) throw new UsageProblem(`${arg} needs a value`);
      return next;
    };
    if (arg === '--out' || arg === '-o') outdir = value();
    else if (arg === '--stack-name') stackName = value();
    else if (arg === BOARD_FLAG) boards.push(value());
    else if (arg === '--context' || arg === '-c') {
      const pair = value();
      const equals = pair.indexOf('=');
      if (equals < 1) throw new UsageProblem(`${arg} takes key=value, not "${pair}"`);
      context[pair.slice(0, equals)] = pair.slice(equals + 1);
    } else if (arg.startsWith('-')) throw new UsageProblem(`unknown option ${arg}`);
    else if (gamesModule === undefined) gamesModule = arg;
    else throw new UsageProblem(`one games module, not also ${arg}`);
  }
  return {
    gamesModule: gamesModule ?? DEFAULT_GAMES_MODULE,
    outdir,
    ...(stackName ? { stackName } : {}),
    context,
    boards,
    cdkArgs,
  };
}

export interface Synthesized {
  readonly outdir: string;
  readonly stackName: string;
  readonly template: string;
}

/**
 * `turngate synth`: checks the games module as `turngate dev` does (so a broken one is one clear line
 * naming the file, not an esbuild trace), then runs the CDK app in this process and writes the cloud
 * assembly. Offline: no account, no region, no credentials.
 */
export async function synthProject(args: SynthArgs, log: (line: string) => void): Promise<Synthesized> {
  const projectRoot = findProjectRoot(process.cwd());
  const gamesModule = resolve(args.gamesModule);
  if (!existsSync(gamesModule)) {
    throw new UsageProblem(
      `no games module at ${gamesModule}: pass its path (turngate synth path/to/games.ts) or create ${DEFAULT_GAMES_MODULE}`,
    );
  }
  const games = await loadUnderTsx(gamesModule);
  const boards = args.boards.map((board) => resolve(board));
  const missingBoard = boards.find((board) => !existsSync(board));
  if (missingBoard !== undefined) throw new UsageProblem(`no board module at ${missingBoard}`);
  requireInstalled(projectRoot);

  const cdk = (await import('../../infra/index.js')) as typeof import('../../infra/index.js');
  const stackName = args.stackName ?? defaultStackName(projectRoot);
  const { app, stack } = cdk.createTurngateApp({
    gamesModule,
    projectRoot,
    stackName,
    outdir: resolve(args.outdir),
    context: { ...cdkJsonContext(projectRoot), ...args.context },
    boards,
  });
  const assembly = app.synth();
  const template = join(assembly.directory, stack.templateFile);
  const withBoards =
    boards.length > 0 ? `, the web UI with ${boards.map((board) => relative(process.cwd(), board)).join(', ')}` : '';
  log(
    `turngate synth: ${stackName} serving ${games.map((game) => game.name).join(', ')} ` +
      `(${stack.handlers.all().length} functions${withBoards}) in ${relative(process.cwd(), template) || template}`,
  );
  return { outdir: assembly.directory, stackName, template };
}

/** `turngate deploy`: synth, then the AWS CDK CLI's `cdk deploy` of that assembly. */
export async function deployProject(args: SynthArgs, log: (line: string) => void): Promise<number> {
  const cdkCli = findCdkCli(findProjectRoot(process.cwd()));
  if (!cdkCli) {
    throw new UsageProblem(
      'deploying needs the AWS CDK command line, which is not installed here: npm install --save-dev aws-cdk ' +
        '(or npm install --global aws-cdk), then turngate deploy again. `turngate synth` writes the template without it.',
    );
  }
  const synthesized = await synthProject(args, log);
  const command = [...cdkCli, 'deploy', '--app', synthesized.outdir, synthesized.stackName, ...args.cdkArgs];
  log(`turngate deploy: ${command.slice(cdkCli.length - 1).join(' ')}`);
  const child = spawn(command[0] as string, command.slice(1), { stdio: 'inherit' });
  return new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit(code ?? (signal ? 128 : 1))));
}

/** Every package synth needs that the project lacks, in one install command with turngate's ranges. */
function requireInstalled(projectRoot: string): void {
  const missing = SYNTH_NEEDS.filter((name) => !isInstalled(projectRoot, name));
  if (missing.length === 0) return;
  const turngate = turngatePackage();
  const ranges = missing.map((name) => {
    const range = turngate.peerDependencies[name] ?? turngate.dependencies[name] ?? turngate.devDependencies[name];
    return range ? `${name}@${range}` : name;
  });
  throw new UsageProblem(
    `the functions are bundled with the AWS SDK and the stack is built with the AWS CDK, and this project lacks ` +
      `${missing.join(', ')}: npm install --save-dev ${ranges.join(' ')}`,
  );
}

/** Is `name` in a node_modules that `projectRoot` resolves from? (Its exports may hide package.json.) */
function isInstalled(projectRoot: string, name: string): boolean {
  const paths = createRequire(join(projectRoot, 'package.json')).resolve.paths(name) ?? [];
  return paths.some((directory) => existsSync(join(directory, name, 'package.json')));
}

/** The project's own `cdk` (aws-cdk's bin), else one on the PATH; undefined when there is none. */
function findCdkCli(projectRoot: string): string[] | undefined {
  const paths = createRequire(join(projectRoot, 'package.json')).resolve.paths('aws-cdk') ?? [];
  for (const directory of paths) {
    const bin = join(directory, 'aws-cdk', 'bin', 'cdk');
    if (existsSync(bin)) return [process.execPath, bin];
  }
  const onPath = (process.env.PATH ?? '').split(':').find((directory) => existsSync(join(directory, 'cdk')));
  return onPath ? [join(onPath, 'cdk')] : undefined;
}

/** The nearest folder with a package.json, from `start` up: where node_modules and the lockfile are. */
function findProjectRoot(start: string): string {
  for (let directory = resolve(start); ; directory = dirname(directory)) {
    if (existsSync(join(directory, 'package.json'))) return directory;
    if (dirname(directory) === directory) {
      throw new UsageProblem(`no package.json in ${start} or above: run turngate synth in your game's project`);
    }
  }
}

/** A CloudFormation stack name (letters, digits, hyphens; a letter first) from the project's name. */
function defaultStackName(projectRoot: string): string {
  const json = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { name?: unknown };
  const name = (typeof json.name === 'string' ? json.name : '')
    .replace(/^@/, '')
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^[^A-Za-z]+|-+$/g, '');
  return name || 'Turngate';
}

/** The `context` of the project's cdk.json, if it has one: settings kept with the project. */
function cdkJsonContext(projectRoot: string): Record<string, string> {
  const file = join(projectRoot, 'cdk.json');
  if (!existsSync(file)) return {};
  const json = JSON.parse(readFileSync(file, 'utf8')) as { context?: Record<string, unknown> };
  return Object.fromEntries(
    Object.entries(json.context ?? {}).flatMap(([key, value]) =>
      typeof value === 'string' ? [[key, value] as const] : [],
    ),
  );
}
