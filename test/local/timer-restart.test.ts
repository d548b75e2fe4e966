import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { MatchSummary, MoveLogPage } from '../../src/protocol/index.js';
import { eventually } from '../contracts/eventually.js';
import { freePort } from '../support/ports.js';
import { api, signIn } from './local-client.js';
import { startChild } from './server-process.js';

const kill = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

/** A tic-tac-toe match with a per-move limit, both seats taken: its first turn's clock runs. */
async function timedMatch(url: string, tokens: readonly string[], turnMs: number): Promise<string> {
  const created = await api<{ match: MatchSummary }>(url, '/api/matches', {
    token: tokens[0],
    body: { game: 'tic-tac-toe', timeControl: { turnMs } },
  });
  expect(created.status).toBe(201);
  for (const token of tokens) await api(url, `/api/matches/${created.body.match.id}/join`, { token, body: {} });
  return created.body.match.id;
}

const armedTimers = (dataDir: string) => {
  const db = new Database(join(dataDir, 'turngate.db'), { readonly: true });
  try {
    return db.prepare('SELECT match_id AS matchId, turn, due_at AS dueAt FROM turn_timers').all();
  } finally {
    db.close();
  }
};

describe('turn timers across a SIGKILL of the real server process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'turngate-timer-restart-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('fires every timer that fell due while the server was down, once, late, and loses none', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    children.push(await startChild(port, dataDir));
    const tokens = [await signIn(url, 'alice'), await signIn(url, 'bob')];
    const later = await timedMatch(url, tokens, 24 * 60 * 60 * 1000);
    const soon = await timedMatch(url, tokens, 5_000);
    const before = (await api<{ match: MatchSummary }>(url, `/api/matches/${soon}`)).body.match;
    const deadline = before.clock?.deadline ?? 0;
    expect(before.status).toBe('running');

    // Killed with no chance to tidy up, before the first deadline (a precondition, with seconds to spare).
    await kill(children[0] as ChildProcess);
    expect(Date.now()).toBeLessThan(deadline);
    expect(armedTimers(dataDir)).toEqual(
      expect.arrayContaining([
        { matchId: soon, turn: 1, dueAt: deadline },
        { matchId: later, turn: 1, dueAt: expect.any(Number) },
      ]),
    );
    // Down past the deadline, then back.
    await new Promise((resolve) => setTimeout(resolve, deadline - Date.now() + 200));
    children.push(await startChild(port, dataDir));

    const decided = async () => {
      const { match } = (await api<{ match: MatchSummary }>(url, `/api/matches/${soon}`)).body;
      expect(match).toMatchObject({ status: 'finished', result: { winners: ['bob'] } });
      return match;
    };
    await eventually(async () => void (await decided()));
    const log = async () => (await api<MoveLogPage>(url, `/api/matches/${soon}/log`)).body.moves;
    expect(await log()).toEqual([expect.objectContaining({ player: 'alice', moveId: 'timeout:1', move: '$lost' })]);
    expect((await log())[0]?.at).toBeGreaterThan(deadline);

    // Killed and restarted once more: the timer fired already, nothing applies twice.
    const version = (await decided()).version;
    await kill(children[1] as ChildProcess);
    children.push(await startChild(port, dataDir));
    expect((await decided()).version).toBe(version);
    expect(await log()).toHaveLength(1);
    // The other match's timer is still armed, its match still running.
    expect(armedTimers(dataDir)).toEqual([{ matchId: later, turn: 1, dueAt: expect.any(Number) }]);
    expect((await api<{ match: MatchSummary }>(url, `/api/matches/${later}`)).body.match.status).toBe('running');
  });
});
