import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireFreePort } from './free-port.js';
import { UsageProblem } from './usage-problem.js';

export const DEFAULT_GAMES_MODULE = 'src/games.ts';

/** `--board <module>`, repeatable: a board module bundled into the web UI's page. */
export const BOARD_FLAG = '--board';

/**
 * `turngate dev`: the local runtime (dev-server.ts) under tsx, so a games module in TypeScript loads
 * as it is, and `tsx watch` restarts the server when the module or anything it imports changes. The
 * module is checked here first, so a typo in its path is one clear line rather than a restart loop.
 */
export async function runDev(args: readonly string[]): Promise<number> {
  const watch = !args.includes('--no-watch');
  const rest = args.filter((arg) => arg !== '--no-watch');
  const first = rest[0];
  const module = first !== undefined && !first.startsWith('--') ? first : DEFAULT_GAMES_MODULE;
  const flags = first !== undefined && !first.startsWith('--') ? rest.slice(1) : rest;
  const path = resolve(module);
  if (!existsSync(path)) {
    throw new UsageProblem(
      `no games module at ${path}: pass its path (turngate dev path/to/games.ts) or create ${DEFAULT_GAMES_MODULE}`,
    );
  }
  const { boards, rest: serverFlags } = boardFlags(flags);
  // Settings a file change cannot fix are checked here, once: under tsx watch the server would wait for one.
  const { host, port } = await serverSettings(serverFlags);
  await requireFreePort(host, port);
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const server = fileURLToPath(new URL('./dev-server.js', import.meta.url));
  // Node never imports a board (it is browser code), so tsx watch is told about each one.
  const watching = watch ? ['watch', '--clear-screen=false', ...boards.flatMap((board) => ['--include', board])] : [];
  const child = spawn(
    process.execPath,
    [tsx, ...watching, server, path, ...boards.flatMap((board) => [BOARD_FLAG, board]), ...serverFlags],
    { stdio: 'inherit' },
  );
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolveExit) => {
    child.on('exit', (code, signal) => resolveExit(code ?? (signal ? 128 : 1)));
  });
}

/** The address the server will listen on, from the flags and the environment as the server reads them. */
async function serverSettings(flags: readonly string[]): Promise<{ host: string; port: number }> {
  // Imported here, not at the top: `turngate init` and `synth` need none of the server's settings.
  const { configFromEnvironment, resolveConfig } = await import('../local/config.js');
  try {
    return resolveConfig(configFromEnvironment(flags, process.env));
  } catch (error) {
    throw new UsageProblem(error instanceof Error ? error.message : String(error));
  }
}

/** Takes the `--board <module>` pairs out of the flags, each board resolved and checked to exist. */
export function boardFlags(flags: readonly string[]): { boards: string[]; rest: string[] } {
  const boards: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i] as string;
    if (flag !== BOARD_FLAG) {
      rest.push(flag);
      continue;
    }
    const board = flags[++i];
    if (board === undefined || board.startsWith('--')) throw new UsageProblem(`${BOARD_FLAG} needs a module's path`);
    const path = resolve(board);
    if (!existsSync(path)) throw new UsageProblem(`no board module at ${path}`);
    boards.push(path);
  }
  return { boards, rest };
}
