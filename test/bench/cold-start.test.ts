import { describe, expect, it } from 'vitest';
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
  it('measures every function of the default stack, each answering its first event', { timeout: 600_000 }, async () => {
    const result = await measureColdStarts({ runs: 1 });
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
});
