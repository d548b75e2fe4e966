import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, waitUntilAnswering } from './ports.js';

/**
 * DynamoDB Local for tests and local runs. The jar ships inside the npm package
 * amplify-dynamodb-simulator; `npm pack` plus extracting only `package/emulator` fetches it in
 * about two seconds, once, into .cache/dynamodb-local/ (gitignored).
 */

const run = promisify(execFile);
const PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DYNAMODB_LOCAL_CACHE = join(repoRoot, '.cache', 'dynamodb-local');

export interface DynamoDbLocal {
  /** `http://127.0.0.1:PORT`: give it to SDK clients as their endpoint. */
  readonly endpoint: string;
  readonly port: number;
  /** Stops the engine; safe to call twice. */
  stop(): Promise<void>;
}

/** The folder holding DynamoDBLocal.jar, fetching it first if needed. Safe when two workers race. */
export async function ensureDynamoDbLocal(cacheDir = DYNAMODB_LOCAL_CACHE): Promise<string> {
  const emulator = join(cacheDir, 'emulator');
  if (existsSync(join(emulator, 'DynamoDBLocal.jar'))) return emulator;
  await mkdir(cacheDir, { recursive: true });
  const work = await mkdtemp(join(cacheDir, 'fetch-'));
  try {
    const { stdout } = await run('npm', ['pack', PACKAGE, '--silent', '--pack-destination', work], { cwd: work });
    const tarball = join(work, stdout.trim().split('\n').pop() ?? '');
    await run('tar', ['-xzf', tarball, '-C', work, 'package/emulator']);
    await rename(join(work, 'package', 'emulator'), emulator).catch((error: NodeJS.ErrnoException) => {
      // Another worker finished first: its copy is as good as ours.
      if (!existsSync(join(emulator, 'DynamoDBLocal.jar'))) throw error;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return emulator;
}

export async function assertJava(): Promise<void> {
  try {
    await run('java', ['-version']);
  } catch (error) {
    throw new Error('DynamoDB Local needs Java 17 or later on the PATH (`java -version` failed)', { cause: error });
  }
}

/**
 * Runs Java under a tiny shell watchdog that stops it when asked (SIGTERM) and also when the process
 * it watches is gone, however that died: a test worker killed outright must not leave a JVM running
 * on a shared two-core machine. It then removes `cleanup`, if given. `sleep & wait` keeps the trap
 * responsive.
 */
const WATCHDOG = `
parent=$1; cleanup=$2; shift 2
"$@" &
child=$!
finish() { kill "$child" 2>/dev/null; wait "$child"; if [ -n "$cleanup" ]; then rm -rf "$cleanup"; fi; exit 0; }
trap finish TERM INT
while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1 & wait $!; done
finish
`;

export interface LaunchOptions {
  /** The process whose end stops the engine; this process by default. */
  readonly watchPid?: number;
  /** A folder the watchdog removes once Java has stopped. */
  readonly cleanup?: string;
  /** Where Java's output goes: kept in memory for error messages, or a file descriptor. */
  readonly output?: 'pipe' | number;
  /** Run in its own process group, outliving this process (the shared engine does). */
  readonly detached?: boolean;
}

export interface Launched {
  readonly child: ChildProcess;
  readonly endpoint: string;
  readonly port: number;
}

/** Starts an in-memory DynamoDB Local on a free loopback port and waits until it answers. */
export async function launchDynamoDbLocal(options: LaunchOptions = {}): Promise<Launched> {
  await assertJava();
  const emulator = await ensureDynamoDbLocal();
  let lastError: unknown;
  // A free port can be taken between choosing it and Java binding it: try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const output = options.output ?? 'pipe';
    const child = spawn(
      '/bin/sh',
      [
        '-c',
        WATCHDOG,
        'dynamodb-local-watchdog',
        String(options.watchPid ?? process.pid),
        options.cleanup ?? '',
        'java',
        // Tests are short: the quick C1 compiler and one GC thread start faster on a small machine.
        '-XX:TieredStopAtLevel=1',
        '-XX:+UseSerialGC',
        `-Djava.library.path=${join(emulator, 'DynamoDBLocal_lib')}`,
        '-jar',
        'DynamoDBLocal.jar',
        '-inMemory',
        '-sharedDb',
        '-port',
        String(port),
      ],
      { cwd: emulator, stdio: ['ignore', output, output], detached: options.detached ?? false },
    );
    const printed: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => printed.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => printed.push(chunk.toString()));
    const endpoint = `http://127.0.0.1:${port}`;
    try {
      await waitUntilAnswering(endpoint, child, 30_000);
      return { child, endpoint, port };
    } catch (error) {
      child.kill('SIGTERM');
      lastError = new Error(`DynamoDB Local did not start: ${printed.join('').slice(-2000)}`, { cause: error });
    }
  }
  throw lastError;
}

/** A DynamoDB Local of this test file's own, stopped by `stop()` or when this process ends. */
export async function startDynamoDbLocal(): Promise<DynamoDbLocal> {
  const { child, endpoint, port } = await launchDynamoDbLocal();
  // SIGTERM, never SIGKILL: the watchdog must live long enough to stop Java.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= new Promise<void>((done) => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(force);
        done();
      });
      child.kill('SIGTERM');
    });
    return stopped;
  };
  return { endpoint, port, stop };
}
