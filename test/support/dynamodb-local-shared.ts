import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DYNAMODB_LOCAL_CACHE, type DynamoDbLocal, launchDynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.js';
import { waitUntilAnswering } from './ports.js';

/**
 * One DynamoDB Local for a whole test run, shared by every worker: a JVM start costs seconds of
 * CPU on a two-core machine, once per run instead of once per file. Safe to share because every
 * suite creates tables under fresh names (createTestTables).
 *
 * Vitest's workers are children of the run's main process, so their parent pid names the run. The
 * first worker to create `shared/<pid>/` starts the engine, detached and watched by the run itself:
 * it stops, and the folder goes, when the run ends. The others wait for `endpoint.json`. `stop()`
 * is a no-op for that reason. Outside such a run, or if anything looks off, a private engine is
 * started instead, so a test never depends on the sharing working.
 */
export async function sharedDynamoDbLocal(): Promise<DynamoDbLocal> {
  if (!process.env.VITEST) return startDynamoDbLocal();
  const run = process.ppid;
  const folder = join(DYNAMODB_LOCAL_CACHE, 'shared', String(run));
  const info = join(folder, 'endpoint.json');
  await mkdir(join(DYNAMODB_LOCAL_CACHE, 'shared'), { recursive: true });
  try {
    await mkdir(folder);
  } catch {
    return (await joinRunning(folder, info)) ?? startDynamoDbLocal();
  }
  const log = openSync(join(folder, 'java.log'), 'a');
  try {
    const { child, endpoint, port } = await launchDynamoDbLocal({
      watchPid: run,
      cleanup: folder,
      output: log,
      detached: true,
    });
    child.unref();
    await writeFile(`${info}.tmp`, JSON.stringify({ endpoint, port }));
    await rename(`${info}.tmp`, info);
    return { endpoint, port, stop: async () => {} };
  } catch (error) {
    await writeFile(info, JSON.stringify({ error: String(error) })).catch(() => undefined);
    throw new Error(`shared DynamoDB Local did not start: ${tail(join(folder, 'java.log'))}`, { cause: error });
  } finally {
    closeSync(log);
  }
}

/** The run's engine once its starter has written where it listens; undefined if it never answers. */
async function joinRunning(folder: string, info: string): Promise<DynamoDbLocal | undefined> {
  const deadline = Date.now() + 60_000;
  // The watchdog removes the folder when the engine stops: a failed start ends the wait at once.
  while (Date.now() < deadline && existsSync(folder)) {
    const text = await readFile(info, 'utf8').catch(() => undefined);
    if (text !== undefined) {
      const found = JSON.parse(text) as { endpoint?: string; port?: number; error?: string };
      if (!found.endpoint || found.port === undefined) return undefined;
      try {
        await waitUntilAnswering(found.endpoint, undefined, 5_000);
      } catch {
        return undefined;
      }
      return { endpoint: found.endpoint, port: found.port, stop: async () => {} };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

const tail = (file: string): string => {
  try {
    return readFileSync(file, 'utf8').slice(-2000);
  } catch {
    return '';
  }
};
