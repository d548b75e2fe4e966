import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_SERVERS, parseArgs, runBench, writeResults } from '../../bench/run.js';

/**
 * `npm run bench -- --quick` at the smallest N, so the benchmark cannot rot: every server starts in
 * its own process, the bots finish games against it through its own protocol, and the report, JSON
 * and SVG come out. No timing is asserted: only that real moves were played and none were lost.
 */
const outDir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('npm run bench --quick (smoke)', () => {
  it('plays real games on every server and writes the table, JSON and SVG', { timeout: 420_000 }, async () => {
    const lines: string[] = [];
    const options = {
      // The warm-up covers the first game's setup: aws-local (dynalite and local-aws-sqs in one
      // process) can take over a second to open a game while another test file keeps both cores
      // busy, and a window that closes before the first move counts nothing.
      ...parseArgs([
        '--quick',
        '--matches=1',
        '--duration=1000',
        '--warmup=2000',
        '--idle=20',
        '--matchmaking=20',
        '--burst=4',
        // Synthesizes the stack: test/bench/cold-start.test.ts measures that row on its own.
        '--no-cold-start',
      ]),
      log: (line: string) => lines.push(line),
    };
    const results = await runBench(options);
    const files = writeResults(results, outDir);

    const failures = lines.filter((line) => line.trimStart().startsWith('failed:'));
    expect(failures).toEqual([]);
    const servers = new Set(results.runs.map((run) => run.server));
    expect([...servers].sort()).toEqual([...ALL_SERVERS].sort());
    for (const run of results.runs) {
      expect(run.load.acceptedMoves, `${run.server} ${run.game}`).toBeGreaterThan(0);
      const troubles = run.load.unansweredMoves + run.load.failedSetups + run.load.errors;
      expect(troubles, `${run.server} ${run.game}: ${run.load.firstError}`).toBe(0);
      // Every accepted move was also seen by the opponent: the update half of the round trip works.
      expect(run.load.opponentUpdateMs.count).toBeGreaterThan(0);
    }
    expect(results.runs.some((run) => run.game === 'liars-dice')).toBe(true);
    // The single-pair row: every server, one match, its moves one at a time.
    const pairs = results.runs.filter((run) => run.scenario === 'pair');
    expect(pairs.map((run) => run.server).sort()).toEqual([...ALL_SERVERS].sort());
    // Idle connections: held open in games opened each server's own way, and the memory they cost.
    expect(results.idle?.length).toBeGreaterThan(0);
    for (const row of results.idle ?? []) {
      expect(row.connections, row.server).toBeGreaterThanOrEqual(20);
      expect(row.failedSetups, row.server).toBe(0);
    }

    // Matchmaking: turngate's quick match beside Colyseus' joinOrCreate, every player in a started match.
    expect(results.matchmaking?.map((row) => row.server).sort()).toEqual(['colyseus', 'turngate-embedded']);
    for (const row of results.matchmaking ?? []) {
      expect(row.failed, `${row.server}: ${row.firstError}`).toBe(0);
      expect(row.startedMs.count, row.server).toBe(20);
    }

    // The burst: every match opened, then all moving at once; each plays its nine moves to the draw.
    expect(results.burst?.map((row) => row.server).sort()).toEqual(
      ['boardgame-io', 'colyseus', 'echo', 'turngate-embedded', 'turngate-embedded-memory'].sort(),
    );
    for (const row of results.burst ?? []) {
      expect(row.failedSetups + row.unansweredMoves + row.errors, `${row.server}: ${row.firstError}`).toBe(0);
      expect(row.acceptedMoves, row.server).toBe(4 * 9);
      expect(row.ownAckMs.count, row.server).toBe(4 * 9);
    }

    const awsLocal = results.costs.find((cost) => cost.server === 'turngate-aws-local' && cost.game === 'tic-tac-toe');
    expect(awsLocal?.cost.total).toBeGreaterThan(0);
    expect(results.bytesPerMove?.length).toBeGreaterThan(0);

    expect(existsSync(files.json) && existsSync(files.svg)).toBe(true);
    expect(readFileSync(files.svg, 'utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(JSON.parse(readFileSync(files.json, 'utf8')).runs).toHaveLength(results.runs.length);
    const report = readFileSync(files.text, 'utf8');
    expect(report).toContain('| server');
    expect(report).toContain('Single pair');
    expect(report).toContain('Idle connections');
    expect(report).toContain('Matchmaking');
    expect(report).toContain('Burst');
  });
});
