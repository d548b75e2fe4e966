import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiarsDice } from '../../games/liars-dice.js';
import type { TicTacToe } from '../../games/tic-tac-toe.js';
import { connectGame, createLobbyClient, type LobbyClient, TurngateError } from '../../src/client/index.js';
import { runSweeps, type SweepReport, sweeperDeps } from '../../src/handlers/index.js';
import { abandonWaiting } from '../../src/handlers/sweeps/abandon-waiting.js';
import { type LocalServer, startLocalServer } from '../../src/local/server.js';
import { silentLogger } from '../../src/ports/index.js';
import { nextEvent, stateWhere } from '../client/support/events.js';
import { type Receiver, startReceiver } from '../notify/receiver.js';
import { finishedMatch } from '../support/finished-match.js';

/**
 * The retention sweeps through the local runtime, on both wirings (SQLite; the DynamoDB adapters on
 * dynalite): a waiting match nobody fills and a running one nobody plays end as abandoned with their
 * players told (a state to the connected, `match_finished` to the away), one still played is left
 * alone, and a finished match goes with its log and seats once kept long enough. The server's clock
 * is the test's: a sweep runs when the test asks (`wiring.sweep()`), at the time it sets.
 */
const MINUTE = 60_000;
const secret = 'a-webhook-secret-of-at-least-32-bytes!!';

describe.each(['embedded', 'aws-local'] as const)('retention sweeps on the %s wiring', (wiring) => {
  let server: LocalServer;
  let receiver: Receiver;
  let offset = 0;
  const clock = { now: () => Date.now() + offset };
  let lobby: LobbyClient;
  const signIn = async (name: string) => {
    const { token } = await lobby.signIn(name);
    return { token, lobby: lobby.withToken(token) };
  };
  const sweep = async (): Promise<Record<string, SweepReport>> =>
    Object.fromEntries((await server.wiring.sweep()).map((report) => [report.sweep, report]));

  beforeAll(async () => {
    receiver = await startReceiver();
    server = await startLocalServer({
      port: 0,
      database: ':memory:',
      wiring,
      serveWeb: false,
      logger: silentLogger,
      clock,
      abandonWaitingAfter: '10m',
      abandonIdleAfter: '30m',
      keepFinishedFor: '60m',
      // Only when the test asks.
      sweepEveryMs: 24 * 60 * MINUTE,
      noticeWebhookUrl: receiver.url,
      noticeWebhookSecret: secret,
    });
    lobby = createLobbyClient({ baseUrl: server.url });
  });
  afterAll(async () => {
    await server?.close();
    await receiver?.stop();
  });

  it('ends a waiting match nobody filled as abandoned, telling the connected and the away', async () => {
    const [ann, bob] = [await signIn(`ann-${wiring}`), await signIn(`bob-${wiring}`)];
    const match = await ann.lobby.createMatch({ game: 'liars-dice', seats: 3, join: true });
    await bob.lobby.join(match.id);
    const client = connectGame<LiarsDice>({ url: server.wsUrl, matchId: match.id, token: ann.token });
    try {
      await stateWhere(client, (state) => state.status === 'waiting');
      offset += 9 * MINUTE;
      expect((await sweep())['abandon-waiting']).toMatchObject({ changed: 0 });
      const notices = receiver.received.length;
      offset += 2 * MINUTE;
      expect((await sweep())['abandon-waiting']).toMatchObject({ changed: 1 });

      const ended = await stateWhere(client, (state) => state.status === 'finished');
      expect(ended.result).toEqual({ abandoned: true });
      await receiver.waitFor(notices + 1);
      const told = receiver.received.slice(notices).map(({ body }) => JSON.parse(body));
      expect(told).toEqual([
        expect.objectContaining({ kind: 'match_finished', userId: `bob-${wiring}`, matchId: match.id }),
      ]);
      expect((await lobby.match(match.id)).match).toMatchObject({ status: 'finished', result: { abandoned: true } });
      // Ended once: the next run finds nothing to do for it.
      expect((await sweep())['abandon-waiting']).toMatchObject({ looked: 0 });
    } finally {
      client.close();
    }
  });

  it('ends a running match nobody played, and leaves one still played alone', async () => {
    const [cat, dan] = [await signIn(`cat-${wiring}`), await signIn(`dan-${wiring}`)];
    const open = async () => {
      const match = await cat.lobby.createMatch({ game: 'tic-tac-toe', join: true });
      await dan.lobby.join(match.id);
      return match.id;
    };
    const [idle, played] = [await open(), await open()];
    const client = connectGame<TicTacToe>({ url: server.wsUrl, matchId: played, token: cat.token });
    try {
      await stateWhere(client, (state) => state.status === 'running');
      offset += 20 * MINUTE;
      await client.move.place({ cell: 4 });
      offset += 15 * MINUTE;
      const first = await sweep();
      expect(first['abandon-idle']).toMatchObject({ changed: 1 });
      expect((await lobby.match(idle)).match.result).toEqual({ abandoned: true });
      expect((await lobby.match(played)).match).toMatchObject({ status: 'running', result: null });
      // The played one was looked at once and put back until it could next be idle, not every run.
      expect((await sweep())['abandon-idle']).toMatchObject({ looked: 0 });
      offset += 20 * MINUTE;
      expect((await sweep())['abandon-idle']).toMatchObject({ changed: 1 });
      expect((await stateWhere(client, (state) => state.status === 'finished')).result).toEqual({ abandoned: true });
    } finally {
      client.close();
    }
  });

  it('finishes the job of a sweep that died after ending a match: its players are told again, then it is remembered', async () => {
    const jo = await signIn(`jo-${wiring}`);
    const match = await jo.lobby.createMatch({ game: 'tic-tac-toe', join: true });
    const client = connectGame<TicTacToe>({ url: server.wsUrl, matchId: match.id, token: jo.token });
    try {
      await stateWhere(client, (state) => state.status === 'waiting');
      offset += 11 * MINUTE;
      const deps = sweeperDeps(server.wiring.deps);
      // The store fails the last step, as a sweeper killed after telling the players would.
      const dying = { ...deps, retention: { ...deps.retention, remember: () => Promise.reject(new Error('killed')) } };
      const [died] = await runSweeps(dying, [abandonWaiting]);
      expect(died).toMatchObject({ sweep: 'abandon-waiting', failed: true });
      expect((await stateWhere(client, (state) => state.status === 'finished')).result).toEqual({ abandoned: true });

      const told = nextEvent(client, 'state');
      offset += MINUTE;
      expect((await sweep())['abandon-waiting']).toMatchObject({ looked: 1, changed: 0 });
      expect((await told).result).toEqual({ abandoned: true });
      expect((await sweep())['abandon-waiting']).toMatchObject({ looked: 0 });
    } finally {
      client.close();
    }
  });

  it('deletes a finished match with its log and seats once kept long enough', async () => {
    const [eve, fay] = [await signIn(`eve-${wiring}`), await signIn(`fay-${wiring}`)];
    const matchId = await finishedMatch(server.wsUrl, eve, fay);
    expect((await lobby.moveLog(matchId)).moves).toHaveLength(5);
    // Seen as ended by the idle sweep's next look, then kept an hour from its end.
    offset += 31 * MINUTE;
    await sweep();
    expect((await lobby.match(matchId)).match.status).toBe('finished');
    offset += 30 * MINUTE;
    // This one, and the matches the tests before abandoned an hour ago.
    expect((await sweep())['purge-finished']?.changed).toBeGreaterThanOrEqual(1);

    const gone = await lobby.match(matchId).catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(TurngateError);
    expect(gone).toMatchObject({ code: 'unknown_game', status: 404 });
    await expect(lobby.moveLog(matchId)).rejects.toMatchObject({ code: 'unknown_game' });
    expect((await eve.lobby.myMatches()).map((mine) => mine.id)).not.toContain(matchId);
  });
});

describe('finished matches kept forever', () => {
  it('are never deleted, and still end as abandoned when nobody plays', async () => {
    let offset = 0;
    const server = await startLocalServer({
      port: 0,
      database: ':memory:',
      serveWeb: false,
      logger: silentLogger,
      clock: { now: () => Date.now() + offset },
      abandonWaitingAfter: '1m',
      keepFinishedFor: 'forever',
      sweepEveryMs: 24 * 60 * MINUTE,
    });
    try {
      const lobby = createLobbyClient({ baseUrl: server.url });
      const gus = lobby.withToken((await lobby.signIn('gus')).token);
      const match = await gus.createMatch({ game: 'tic-tac-toe', join: true });
      offset += 2 * MINUTE;
      await server.wiring.sweep();
      offset += 365 * 24 * 60 * MINUTE;
      const reports = await server.wiring.sweep();
      expect(reports.find((report) => report.sweep === 'purge-finished')).toMatchObject({ looked: 0 });
      expect((await lobby.match(match.id)).match.result).toEqual({ abandoned: true });
    } finally {
      await server.close();
    }
  });
});
