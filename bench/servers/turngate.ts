import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from '../../src/ports/index.js';
import { localServerModule } from '../server-build.js';
import { countingAwsLocal } from './aws-local-counting.js';
import type { RunningServer } from './running-server.js';

/** The games table the aws-local wiring creates (src/local/wiring-aws-local.ts). */
const AWS_LOCAL_GAMES_TABLE = 'turngate-games';

/**
 * turngate's local runtime, started the way an embedder starts it. The embedded wiring runs with the
 * defaults a self-hosting user gets (a SQLite file in WAL mode, synchronous FULL, the durable
 * in-process FIFO queue): an acknowledged move is on disk, which neither peer promises. Info logs
 * (one line per move and per HTTP request) are dropped, as the peers run without theirs; warnings and
 * errors still go to stderr.
 */
const quietLogger: Logger = {
  info() {},
  warn: (event, fields) => process.stderr.write(`${JSON.stringify({ level: 'warn', event, ...fields })}\n`),
  error: (event, fields) => process.stderr.write(`${JSON.stringify({ level: 'error', event, ...fields })}\n`),
};

/**
 * The bots move the instant their turn comes, far faster than a person: the per-connection frame
 * budget (README "Limits") would measure itself, not the server. Out of the way, as for the peers.
 */
export const BOTS_FRAME_LIMIT = '1000000/1000000';

/**
 * `database: ':memory:'` is the variant with the peers' durability (none): it separates what the
 * handler pipeline costs from what waiting for the disk costs.
 */
export async function startTurngateServer(wiring: 'embedded' | 'aws-local', database?: string): Promise<RunningServer> {
  const { startLocalServer } = (await import(
    pathToFileURL(localServerModule()).href
  )) as typeof import('../../src/local/server.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'turngate-bench-'));
  const counting = wiring === 'aws-local' ? countingAwsLocal(AWS_LOCAL_GAMES_TABLE) : undefined;
  const server = await startLocalServer({
    port: 0,
    host: '127.0.0.1',
    wiring,
    dataDir,
    serveWeb: false,
    devSignIn: true,
    tokenSecret: 'bench-only-secret-bench-only-secret-0123',
    logger: quietLogger,
    frameLimit: BOTS_FRAME_LIMIT,
    ...(database ? { database } : {}),
    ...(counting ? { instrument: counting.instrument, onAwsClient: counting.onAwsClient } : {}),
  });
  return {
    port: server.port,
    ...(counting
      ? { counters: { snapshot: () => counting.counter.snapshot(), reset: () => counting.counter.reset() } }
      : {}),
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
