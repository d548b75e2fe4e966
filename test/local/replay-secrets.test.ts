import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SealedBid, SealedBidView } from '../../games/sealed-bid.js';
import { connectGame, createLobbyClient, type GameClient, type LobbyClient } from '../../src/client/index.js';
import { type LocalServer, type LocalServerOptions, startLocalServer } from '../../src/local/server.js';
import { silentLogger } from '../../src/ports/index.js';
import { stateWhere } from '../client/support/events.js';
import { api } from './local-client.js';

const common: LocalServerOptions = { port: 0, serveWeb: false, logger: silentLogger, orderingMode: 'direct' };
const WIRINGS = {
  embedded: { ...common, database: ':memory:' },
  'aws-local': { ...common, wiring: 'aws-local', tokenSecret: 'x'.repeat(32) },
} satisfies Record<string, LocalServerOptions>;

/**
 * A game that keeps its seed after the end (sealed bids: bids private while a lot is open), and
 * requests that are wrong, through the real server on each wiring: the replay is views only, before
 * and after the end, each bid hidden from everyone but its bidder while it is secret, and a bad
 * request gets a typed error and nothing else.
 */
describe.each(Object.entries(WIRINGS))('replays that keep secrets, on the %s wiring', (_wiring, options) => {
  let server: LocalServer;
  let anonymous: LobbyClient;
  const players: { userId: string; token: string; lobby: LobbyClient; client: GameClient<SealedBid> }[] = [];
  let matchId = '';

  beforeAll(async () => {
    server = await startLocalServer(options);
    anonymous = createLobbyClient({ baseUrl: server.url });
    const tag = Math.random().toString(36).slice(2, 8);
    for (const name of ['ann', 'ben', 'cat']) {
      const { token, userId } = await anonymous.signIn(`${name}-${tag}`);
      players.push({ userId, token, lobby: anonymous.withToken(token), client: undefined as never });
    }
    const [first, ...rest] = players;
    matchId = (await first?.lobby.createMatch({ game: 'sealed-bid', seats: 3, join: true }))?.id ?? '';
    for (const other of rest) await other.lobby.join(matchId);
    for (const player of players) {
      player.client = connectGame<SealedBid>({ url: server.wsUrl, matchId, token: player.token });
    }
    await Promise.all(players.map((player) => stateWhere(player.client, (state) => state.status === 'running')));
    // Ann and Ben bid for the first lot; Cat has not: the lot is open, the two bids secret.
    await players[0]?.client.move.bid({ amount: 7 });
    await players[1]?.client.move.bid({ amount: 4 });
  }, 120_000);
  afterAll(async () => {
    for (const player of players) player.client?.close();
    await server?.close();
  });

  it('shows each player their own secret bid and nobody else’s, while the lot is open', async () => {
    const [ann, ben, cat] = players;
    const asAnn = await ann?.lobby.replay(matchId);
    expect(asAnn).toMatchObject({ reveal: 'views', viewer: ann?.userId });
    expect(asAnn?.steps.map((step) => [step.player, step.args, step.hidden])).toEqual([
      [ann?.userId, { amount: 7 }, undefined],
      [ben?.userId, null, true],
    ]);
    expect(asAnn?.steps.at(-1)?.view).toMatchObject({ myBid: 7 } satisfies Partial<SealedBidView>);
    const asCat = await cat?.lobby.replay(matchId);
    expect(asCat?.steps.every((step) => step.hidden === true && step.args === null)).toBe(true);
    expect(JSON.stringify(asCat)).not.toMatch(/"amount"|"myBid":[0-9]/);
  });

  it('stays views only after the end (no seed, no fingerprints), every bid shown once the game reveals them', async () => {
    const [ann, ben, cat] = players as [(typeof players)[0], (typeof players)[0], (typeof players)[0]];
    await cat.client.move.bid({ amount: 1 });
    for (let lot = 1; lot < 5; lot++) {
      await Promise.all([
        ann.client.move.bid({ amount: 1 }),
        ben.client.move.bid({ amount: 0 }),
        cat.client.move.bid({ amount: 0 }),
      ]);
    }
    await stateWhere(ann.client, (state) => state.status === 'finished');
    const after = await anonymous.replayExport(matchId);
    expect(after).toMatchObject({ reveal: 'views', viewer: null, match: { status: 'finished' } });
    expect(after.start).not.toHaveProperty('seed');
    expect(after).not.toHaveProperty('finalHash');
    expect(after.steps).toHaveLength(15);
    expect(after.steps.every((step) => step.hash === undefined && step.hidden === undefined)).toBe(true);
    expect(after.steps.at(-1)?.position).toMatchObject({ status: 'finished', result: after.match.result });
    await expect(anonymous.replay(matchId, { views: true })).resolves.toMatchObject({ reveal: 'views' });
  }, 60_000);

  it.each([
    ['a negative after', '?after=-1', 400, 'bad_args'],
    ['a page of no steps', '?limit=0', 400, 'bad_args'],
    ['a page over the limit', '?limit=1001', 400, 'bad_args'],
    ['views that are neither true nor false', '?views=yes', 400, 'bad_args'],
  ])('refuses %s with a typed error', async (_case, query, status, code) => {
    const answer = await api<{ error: { code: string } }>(server.url, `/api/matches/${matchId}/replay${query}`);
    expect(answer).toMatchObject({ status, body: { error: { code } } });
  });

  it('refuses a token that is sent but not valid, rather than answering as a spectator', async () => {
    const answer = await api(server.url, `/api/matches/${matchId}/replay`, { token: 'not-a-token' });
    expect(answer).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
  });

  it('answers a match that never started with nothing to replay', async () => {
    const waiting = await players[0]?.lobby.createMatch({ game: 'sealed-bid', seats: 3, join: true });
    await expect(anonymous.replay(waiting?.id ?? '')).resolves.toMatchObject({
      reveal: 'views',
      start: null,
      steps: [],
      next: null,
    });
  });
});
