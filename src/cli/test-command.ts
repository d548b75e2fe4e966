import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { UsageProblem } from './usage-problem.js';

/** What a test file is called: `games.test.ts`, `rules.test.mjs`… */
const TEST_FILE = /\.test\.[cm]?[jt]sx?$/;

/** Folders that hold no tests of the project's own: installed packages, build output, data. */
const SKIPPED = new Set(['node_modules', 'dist', 'build', 'cdk.out', 'data', 'coverage']);

/**
 * `turngate test [file or folder…] [node --test options]`: every test file under the folders (default:
 * the current one) with Node's test runner, TypeScript loaded by tsx. Node 20 takes no globs, and a
 * script that names its files lets a new one go silently untested: this finds them all each time.
 */
export function runTests(args: readonly string[]): Promise<number> {
  const options = args.filter((arg) => arg.startsWith('-'));
  const paths = args.filter((arg) => !arg.startsWith('-'));
  const files = findTestFiles(paths.length > 0 ? paths : ['.']);
  if (files.length === 0) {
    throw new UsageProblem(`no test files (*.test.ts) in ${paths.join(', ') || 'this folder'}`);
  }
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const child = spawn(process.execPath, [tsx, '--test', ...options, ...files], { stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit(code ?? (signal ? 128 : 1))));
}

/** The test files named, and those under the folders named, sorted, relative to the working directory. */
export function findTestFiles(paths: readonly string[]): string[] {
  const found = new Set<string>();
  for (const path of paths) {
    const absolute = resolve(path);
    if (!existsSync(absolute)) throw new UsageProblem(`no file or folder at ${absolute}`);
    if (!statSync(absolute).isDirectory()) {
      found.add(relative(process.cwd(), absolute) || path);
      continue;
    }
    for (const file of walk(absolute)) found.add(relative(process.cwd(), file));
  }
  return [...found].sort();
}

function* walk(directory: string): Generator<string> {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name) && !entry.name.startsWith('.')) yield* walk(path);
    } else if (TEST_FILE.test(entry.name)) yield path;
  }
}
