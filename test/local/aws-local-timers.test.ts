import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { timerFor } from '../../src/handlers/arm-turn-timer.js';
import { type LocalServer, startLocalServer } from '../../src/local/index.js';
import { silentLogger } from '../../src/ports/index.js';
import type { MatchSummary } from '../../src/protocol/index.js';
import { eventually } from '../contracts/eventually.js';
import { api, signIn } from './local-client.js';

/**
 * aws-local on its own in-process dynalite holds its matches only as long as the process, and so its
 * turn timers: a second server started in the same directory (another port, a test beside it) has
 * neither, and must not fire, and so remove, the first one's timers.
 */
describe('aws-local turn timers on the in-process dynalite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'turngate-aws-local-timers-'));
  const servers: LocalServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    rmSync(dataDir, { recursive: true, force: true });
  });
  const start = async () => {
    const server = await startLocalServer({
      port: 0,
      wiring: 'aws-local',
      dataDir,
      tokenSecret: 'x'.repeat(32),
      serveWeb: false,
      logger: silentLogger,
    });
    servers.push(server);
    return server;
  };

  it('are its own: a second server in the same data directory leaves them alone, and the turn times out', async () => {
    const first = await start();
    const tokens = [await signIn(first.url, 'alice'), await signIn(first.url, 'bob')];
    const created = await api<{ match: MatchSummary }>(first.url, '/api/matches', {
      token: tokens[0],
      body: { game: 'tic-tac-toe', timeControl: { turnMs: 2_000 }, join: true },
    });
    const { id } = created.body.match;
    await api(first.url, `/api/matches/${id}/join`, { token: tokens[1], body: {} });
    // A second server in the same directory, told to drop that very timer, as its own loop would on
    // firing it against its own database (where the match does not exist) and finding nothing to do.
    const second = await start();
    const stored = await first.wiring.deps.matches.get(id);
    const timer = stored && timerFor(id, stored.match, Date.now());
    if (timer === undefined) throw new Error('the timed match armed no timer');
    await second.wiring.deps.scheduler?.cancel(timer);
    // Well before the deadline sweep's first pass (a minute): only the match's own timer ends it this soon.
    await eventually(async () => {
      const { match } = (await api<{ match: MatchSummary }>(first.url, `/api/matches/${id}`)).body;
      expect(match.status).toBe('finished');
    }, 15_000);
  }, 30_000);
});
