import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLobbyClient, type ReplayExport } from '../../src/client/index.js';
import { type LocalServer, startLocalServer } from '../../src/local/server.js';
import { silentLogger } from '../../src/ports/index.js';
import { liarsDiceTable } from '../support/liars-dice-table.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx/cli');

/**
 * `turngate replay <file>` on a real export: a Liar's Dice match played to its end on the local
 * server, exported with the SDK (every page of GET /replay) and saved, is accepted; the same file
 * edited (a step's args, the seed, the claimed result, the final hash) is refused, naming the step
 * where the replay first differs.
 */
describe('turngate replay', () => {
  let server: LocalServer;
  let dir: string;
  let exported: ReplayExport;
  let running: ReplayExport;

  beforeAll(async () => {
    server = await startLocalServer({ port: 0, serveWeb: false, logger: silentLogger, database: ':memory:' });
    const table = await liarsDiceTable(server, ['alice', 'bob']);
    await table.playUntil((steps) => steps === 2);
    const alice = table.seats[0];
    if (alice === undefined) throw new Error('no seat');
    running = await alice.lobby.replayExport(table.id);
    await table.playUntil(() => false);
    table.close();
    exported = await createLobbyClient({ baseUrl: server.url }).replayExport(table.id);
    dir = mkdtempSync(join(tmpdir(), 'turngate-replay-'));
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the real command on `content` saved to a file. */
  async function replayCli(content: unknown): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    const child = spawn(process.execPath, [TSX, CLI, 'replay', file], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { code, stdout, stderr };
  }

  /** The export with step `number` (from 1) changed. */
  const withStep = (number: number, change: (step: ReplayExport['steps'][number]) => object): ReplayExport => ({
    ...exported,
    steps: exported.steps.map((step, index) => (index === number - 1 ? { ...step, ...change(step) } : step)),
  });
  const firstBid = () => exported.steps.findIndex((step) => step.move === 'bid') + 1;
  const firstChallenge = () => exported.steps.findIndex((step) => step.move === 'challenge') + 1;

  it('accepts a real export: every step checked against its fingerprint, ending in the recorded state', async () => {
    const { code, stdout, stderr } = await replayCli(exported);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`match ${exported.match.id} (liars-dice) replays exactly: ${exported.steps.length} steps`);
    expect(stdout).toContain('each checked against its recorded fingerprint');
    expect(stdout).toContain(`won by ${(exported.match.result as { winners: string[] }).winners[0]}`);
  }, 60_000);

  const editedSteps: readonly (readonly [string, () => unknown, () => number, string])[] = [
    [
      'a bid the rules refuse',
      () => withStep(firstBid(), () => ({ args: { quantity: 99, face: 1 } })),
      () => firstBid(),
      'it does not apply: invalid_move',
    ],
    [
      'a bid the rules accept, but not the one made',
      () => withStep(firstBid(), () => ({ args: { quantity: 2, face: 1 } })),
      () => firstBid(),
      'it applies, but the match it produces is not the one recorded',
    ],
    [
      'a move made by someone else',
      () => withStep(firstChallenge(), (step) => ({ player: exported.match.players.find((p) => p !== step.player) })),
      () => firstChallenge(),
      'it does not apply: not_your_turn',
    ],
    [
      'another seed',
      () => ({ ...exported, start: { ...exported.start, seed: 'a-seed-of-my-choosing' } }),
      () => 1,
      'is not the one recorded',
    ],
  ];
  it.each(editedSteps)(
    'refuses a log with %s, naming the step',
    async (_case, tamper, step, problem) => {
      const { code, stderr } = await replayCli(tamper());
      expect(code).toBe(1);
      expect(stderr).toContain(`turngate replay: refused: match ${exported.match.id} (liars-dice) does not replay`);
      expect(stderr).toContain(`at step ${step()} of ${exported.steps.length} (version `);
      expect(stderr).toContain(problem);
    },
    60_000,
  );

  const editedClaims: readonly (readonly [string, () => unknown, string])[] = [
    [
      'a result that is not the one played',
      () => ({ ...exported, match: { ...exported.match, result: { winners: exported.match.players } } }),
      'the summary says result',
    ],
    ['a final hash that is not the record’s', () => ({ ...exported, finalHash: 'x'.repeat(43) }), 'the final record'],
    ['a running match’s views', () => running, 'holds views only'],
    ['a file that is no export', () => ({ hello: 'world' }), 'is not an exported match'],
    ['a file that is not JSON', () => '{"format": "turngate-replay/1",', 'is not JSON'],
  ];
  it.each(editedClaims)(
    'refuses %s',
    async (_case, tamper, problem) => {
      const { code, stderr } = await replayCli(tamper());
      expect(code).toBe(1);
      expect(stderr).toContain(problem);
    },
    60_000,
  );
});
