import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { type CodeBlock, codeBlocks, REPO } from '../../docs/code-blocks.js';

/**
 * Follows one docs page top to bottom, as a reader would, in `workspace` (CONTRIBUTING.md, "Docs that
 * run"): each shell line runs there (a `cd` carries over to the next), each file block is written
 * where its first line says, and a line that serves (`npm run dev`, `turngate dev`) runs in the
 * background until it prints its address, until the next one replaces it or the page ends. Every file
 * block is then typechecked in its project.
 *
 * The environment is all that differs from a reader's machine, and nothing is added to the page:
 * npm uses a registry on loopback that serves the packed turngate (support/local-registry.ts);
 * install scripts are skipped, and better-sqlite3's addon is copied from this repository's install
 * (same Node) where an install script would build it; the server listens on a free port rather than
 * 8787, which the page's code is pointed at.
 */
export interface PageRun {
  readonly page: string;
  /** Every command run, in order, with what it printed. */
  readonly commands: readonly RanCommand[];
  /** Each server a line started: its line and the address it served. */
  readonly servers: readonly { readonly line: string; readonly url: string }[];
  /** The file blocks written, absolute, in order. */
  readonly files: readonly string[];
}

export interface RanCommand {
  readonly line: string;
  readonly cwd: string;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly workspace: string;
  /** The environment for npm, npx and everything they start. */
  readonly env: NodeJS.ProcessEnv;
  /** While a server is up after `line`: checks a test wants made then (a browser, a fetch). */
  readonly whileServing?: (line: string, url: string) => Promise<void>;
}

const DOCS_PORT = 8787;
const COMMAND_MS = 300_000;
const SERVES = /(^|\s)(npm run dev|turngate dev)(\s|$)/;

export async function runPage(page: string, options: RunOptions): Promise<PageRun> {
  const { blocks, problems } = codeBlocks(page);
  if (problems.length > 0)
    throw new Error(`${page}: ${problems.map((p) => `line ${p.line}: ${p.problem}`).join('; ')}`);
  const port = await freePort();
  const env = { ...process.env, ...options.env, npm_config_ignore_scripts: 'true', PORT: String(port) };
  const commands: RanCommand[] = [];
  const servers: { line: string; url: string }[] = [];
  const files: { path: string; project: string }[] = [];
  let cwd = options.workspace;
  let server: Background | undefined;
  try {
    for (const block of blocks) {
      if (block.kind === 'file') {
        const path = join(cwd, block.path as string);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, pointedAt(block.code, port));
        files.push({ path, project: cwd });
      }
      if (block.kind !== 'shell') continue;
      for (const line of shellLines(block)) {
        if (SERVES.test(line) && !line.includes('--help')) {
          await server?.stop();
          server = startServing(line, cwd, env);
          const url = await server.url;
          servers.push({ line, url });
          await options.whileServing?.(line, url);
          continue;
        }
        const ran = await runLine(line, cwd, env, block);
        commands.push(ran);
        cwd = ran.cwd;
        if (/\bnpm (install|i|ci)\b/.test(line)) provideSqliteAddon(cwd);
      }
    }
  } finally {
    await server?.stop();
  }
  await typecheck(files, env, page);
  return { page, commands, servers, files: files.map((file) => file.path) };
}

/** The page's code, pointed at the port the server listens on here. */
const pointedAt = (code: string, port: number): string =>
  code.replaceAll(`127.0.0.1:${DOCS_PORT}`, `127.0.0.1:${port}`);

/** A shell block's commands: continuation lines joined, blank and comment-only lines left out. */
export function shellLines(block: Pick<CodeBlock, 'code'>): string[] {
  return block.code
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Runs one line with sh, in `cwd`; answers the directory it ended in, so a `cd` carries over. */
function runLine(line: string, cwd: string, env: NodeJS.ProcessEnv, block: CodeBlock): Promise<RanCommand> {
  // Where the line ended up, written outside the project so that no command of the page ever sees it.
  const where = join(mkdtempSync(join(tmpdir(), 'turngate-docs-cwd-')), 'cwd');
  const script = `${line}\nstatus=$?\npwd > '${where}'\nexit $status`;
  return new Promise((resolve, reject) => {
    execFile(
      'sh',
      ['-c', script],
      { cwd, env, timeout: COMMAND_MS, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const ended = existsSync(where) ? readFileSync(where, 'utf8').trim() : cwd;
        rmSync(dirname(where), { recursive: true, force: true });
        if (error) {
          const at = `${block.page}:${block.line}`;
          reject(
            new Error(`${at}: \`${line}\` failed in ${cwd} (${error.code ?? error.signal}):\n${stdout}\n${stderr}`),
          );
          return;
        }
        resolve({ line, cwd: ended, stdout, stderr });
      },
    );
  });
}

/**
 * Install scripts are skipped here (they would fetch a prebuilt binary, or compile for a minute):
 * better-sqlite3's addon for this very Node comes from this repository's install instead.
 */
function provideSqliteAddon(project: string): void {
  const addon = join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(join(project, 'node_modules', 'better-sqlite3')) || existsSync(join(project, addon))) return;
  mkdirSync(dirname(join(project, addon)), { recursive: true });
  copyFileSync(join(REPO, addon), join(project, addon));
}

interface Background {
  readonly url: Promise<string>;
  stop(): Promise<void>;
}

/** A serving line in its own process group, so stopping it stops npm, tsx watch and the server. */
function startServing(line: string, cwd: string, env: NodeJS.ProcessEnv): Background {
  const child: ChildProcess = spawn('sh', ['-c', `exec ${line}`], { cwd, env, detached: true });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`\`${line}\` did not serve within 90 s:\n${output}`)), 90_000);
    const watch = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /serving .+? at (http:\/\/\S+)/.exec(output);
      if (found?.[1]) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    child.stdout?.on('data', watch);
    child.stderr?.on('data', watch);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`\`${line}\` exited (${code}) before serving:\n${output}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      process.kill(-child.pid, 'SIGTERM');
      const killed = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(killed);
    },
  };
}

/** Every file block, in the project it was written to, through that project's own tsc and tsconfig. */
async function typecheck(files: readonly { path: string; project: string }[], env: NodeJS.ProcessEnv, page: string) {
  for (const project of new Set(files.map((file) => file.project))) {
    const config = join(project, `tsconfig.docs-${process.pid}.json`);
    const include = files.filter((file) => file.project === project).map((file) => relative(project, file.path));
    writeFileSync(config, JSON.stringify({ extends: './tsconfig.json', include }));
    try {
      await new Promise<void>((resolve, reject) =>
        execFile(
          join(project, 'node_modules', '.bin', 'tsc'),
          ['-p', config],
          { cwd: project, env },
          (error, stdout) =>
            error ? reject(new Error(`${page}: its files do not typecheck in ${project}:\n${stdout}`)) : resolve(),
        ),
      );
    } finally {
      rmSync(config, { force: true });
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
