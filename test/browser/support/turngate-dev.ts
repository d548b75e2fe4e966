import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../../docs/code-blocks.js';

export interface TurngateDev {
  /** The web UI's root, `http://127.0.0.1:PORT/`. */
  readonly url: string;
  /** Stops it as Ctrl-C does, and waits until it has exited. */
  close(): Promise<void>;
}

/** How long `turngate dev` may take to say where it serves: tsx, the games module and two bundles. */
const START_MS = 60_000;

/**
 * `turngate dev <games module>` as a developer runs it, from this repository's sources, in a
 * folder of its own: on a free port, keeping nothing (an in-memory database), without watching files.
 * Resolves once it prints the address it serves.
 */
export async function startTurngateDev(gamesModule: string): Promise<TurngateDev> {
  const folder = mkdtempSync(join(tmpdir(), 'turngate-dev-'));
  const command = [join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(REPO, 'src', 'cli', 'main.ts')];
  const flags = ['--no-watch', '--port', '0', '--database', ':memory:'];
  const child = spawn(process.execPath, [...command, 'dev', gamesModule, ...flags], {
    cwd: folder,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = await servingAt(child);
    return {
      url,
      async close() {
        child.kill('SIGTERM');
        await exited;
        rmSync(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

/** The address from `turngate dev: serving … at http://…`; its log lines are read and dropped. */
function servingAt(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let errors = '';
    const timer = setTimeout(
      () => reject(new Error(`turngate dev did not start in ${START_MS} ms: ${errors}`)),
      START_MS,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const serving = /^turngate dev: serving .* at (http:\/\/\S+) /m.exec(out);
      if (serving?.[1] === undefined) return;
      clearTimeout(timer);
      // From here its logs are drained unread, so the pipe never fills.
      child.stdout?.removeAllListeners('data').resume();
      resolve(`${serving[1]}/`);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`turngate dev exited with ${code}: ${errors}`));
    });
  });
}
