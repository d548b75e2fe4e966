import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledFunctions, synthInto } from '../../bench/cold-start/assembly.js';
import { measureColdStarts } from '../../bench/cold-start/cold-start.js';
import { coldStartSection } from '../../bench/report/cold-start-table.js';
import { HANDLER_NAMES, SWEEPER } from '../../infra/handler-functions.js';

/**
 * The cold-start row of `npm run bench`: `npm run synth`, then each function's real bundle in a fresh
 * `node` process, with the stack's environment pointed at the local engines, answering one first
 * event. Checks the row's shape and that every bundle answered its event as it should (a move is
 * applied, an authorizer allows, the lobby creates); no time is asserted.
 */
describe('bench: cold start per Lambda function', () => {
  // One `npm run synth` for both checks: eight esbuild runs.
  let work: string;
  let assemblyDir: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'turngate-cold-test-'));
    assemblyDir = join(work, 'cdk.out');
    await synthInto(assemblyDir);
  }, 300_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('measures every function of the default stack, each answering its first event', { timeout: 600_000 }, async () => {
    const result = await measureColdStarts({ assemblyDir, runs: 1 });
    // The default stack settles moves directly: no queue function; no turn timers, no notices.
    const expected = [...HANDLER_NAMES.filter((name) => name !== 'queue'), SWEEPER].sort();
    expect(result.rows.map((row) => row.name).sort()).toEqual(expected);
    for (const row of result.rows) {
      expect(row.problem, row.name).toBeUndefined();
      expect(row.runs, row.name).toBe(1);
      expect(row.bundleBytes, row.name).toBeGreaterThan(0);
      expect(row.coldMs, row.name).toBeCloseTo(row.importMs + row.firstEventMs, 0);
    }
    expect(result.nodeStartMs).toBeGreaterThan(0);
    expect(coldStartSection(result)).toContain('| move ');
  });

  it('bundles the move function without a queue, a scheduler or a token verifier, which this stack does not use', () => {
    // Direct ordering, no turn timers, no notices; tokens are the authorizer's. So no SQS, Scheduler
    // or Secrets Manager client and no jose (src/aws/lambda-functions.ts, infra/handler-functions.ts BUNDLE_PARTS).
    const move = bundledFunctions(assemblyDir).find((fn) => fn.name === 'move');
    const { sources } = JSON.parse(readFileSync(`${move?.bundle}.map`, 'utf8')) as { sources: string[] };
    const unused = /@aws-sdk\/client-(sqs|scheduler|secrets-manager)\/|node_modules\/jose\//;
    expect(sources.filter((source) => unused.test(source))).toEqual([]);
    expect(sources.some((source) => source.includes('@aws-sdk/client-dynamodb/'))).toBe(true);
  });
});
