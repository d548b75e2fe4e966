import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateFinishedMatch } from '../../src/handlers/index.js';
import { type LocalServer, type LocalServerOptions, startLocalServer } from '../../src/local/server.js';
import { silentLogger } from '../../src/ports/index.js';
import type { MatchSummary, PlayerRating, StateMessage } from '../../src/protocol/index.js';
import { eventually } from '../contracts/eventually.js';
import { type DynamoDbLocal, startDynamoDbLocal } from '../support/dynamodb-local.js';
import { api, ScriptedClient, signIn } from './local-client.js';
import { playTicTacToe } from './scripted-game.js';

const common: LocalServerOptions = { port: 0, serveWeb: false, logger: silentLogger, orderingMode: 'direct' };

/**
 * Ratings, private matches and rematch through the real HTTP API and sockets, on SQLite and on the
 * DynamoDB adapters (DynamoDB Local: ratings need TransactWriteItems, which dynalite lacks).
 */
describe.each(['embedded', 'aws-local on DynamoDB Local'])('play now on the %s wiring', (wiring) => {
  let server: LocalServer;
  let dynamodbLocal: DynamoDbLocal | undefined;
  beforeAll(async () => {
    if (wiring === 'embedded') {
      server = await startLocalServer({ ...common, database: ':memory:' });
      return;
    }
    dynamodbLocal = await startDynamoDbLocal();
    server = await startLocalServer({
      ...common,
      wiring: 'aws-local',
      tokenSecret: 'x'.repeat(32),
      dynamodbEndpoint: dynamodbLocal.endpoint,
      // Its timers (kept with an outside engine) in memory, not in the checkout's ./data beside other servers'.
      database: ':memory:',
    });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await dynamodbLocal?.stop();
  });

  const ratingsOf = async (name: string) => {
    const token = await signIn(server.url, name);
    return (await api<{ ratings: PlayerRating[] }>(server.url, '/api/me', { token })).body.ratings;
  };

  it('rates a finished match once, however often its finish is settled again, and pages the leaderboard', async () => {
    const game = await playTicTacToe(server, 'rated-');
    await eventually(async () => expect(await ratingsOf('rated-alice')).toHaveLength(1));
    const [alice] = await ratingsOf('rated-alice');
    const [bob] = await ratingsOf('rated-bob');
    expect(alice).toMatchObject({ game: 'tic-tac-toe', matches: 1, last: { matchId: game.matchId } });
    expect(bob).toMatchObject({ game: 'tic-tac-toe', matches: 1, last: { matchId: game.matchId } });
    expect(alice?.rating).toBeGreaterThan(bob?.rating ?? Number.POSITIVE_INFINITY);
    expect(alice?.last?.change).toBeGreaterThan(0);
    expect(bob?.last?.change).toBeLessThan(0);

    // The finish settled again and again (a redelivery, a raced retry, a re-run after a crash): nothing moves.
    const stored = await server.wiring.deps.matches.get(game.matchId);
    if (stored === undefined) throw new Error('the match is gone');
    await Promise.all(Array.from({ length: 5 }, () => rateFinishedMatch(server.wiring.deps, stored)));
    await rateFinishedMatch(server.wiring.deps, stored);
    expect(await ratingsOf('rated-alice')).toEqual([alice]);
    expect(await ratingsOf('rated-bob')).toEqual([bob]);

    const first = await api<{ ratings: PlayerRating[]; next: string | null }>(
      server.url,
      '/api/leaderboard?game=tic-tac-toe&limit=1',
    );
    expect(first.body.ratings.map((rating) => rating.userId)).toEqual(['rated-alice']);
    const second = await api<{ ratings: PlayerRating[]; next: string | null }>(
      server.url,
      `/api/leaderboard?game=tic-tac-toe&limit=1&cursor=${first.body.next}`,
    );
    expect(second.body.ratings.map((rating) => rating.userId)).toEqual(['rated-bob']);
    const forged = await api(server.url, '/api/leaderboard?game=tic-tac-toe&cursor=bm9wZQ');
    expect(forged).toMatchObject({ status: 400, body: { error: { code: 'bad_args' } } });

    const token = await signIn(server.url, 'rated-alice');
    const inbox = await api<{ matches: { id: string; rating?: number }[] }>(server.url, '/api/me/matches', { token });
    expect(inbox.body.matches.find((match) => match.id === game.matchId)?.rating).toBe(alice?.rating);
  });

  it('rates a match a player left: the one who stayed wins', async () => {
    const [stays, goes] = await Promise.all(['left-stays', 'left-goes'].map((name) => signIn(server.url, name)));
    const created = await api<{ match: MatchSummary }>(server.url, '/api/matches', {
      token: stays,
      body: { game: 'tic-tac-toe', join: true },
    });
    const id = created.body.match.id;
    await api(server.url, `/api/matches/${id}/join`, { token: goes, body: {} });
    const left = await api<{ match: MatchSummary }>(server.url, `/api/matches/${id}/leave`, { token: goes, body: {} });
    expect(left.body.match).toMatchObject({ status: 'finished', result: { winners: ['left-stays'] } });
    await eventually(async () => expect(await ratingsOf('left-goes')).toHaveLength(1));
    expect((await ratingsOf('left-stays'))[0]).toMatchObject({ matches: 1, last: { matchId: id } });
    expect((await ratingsOf('left-goes'))[0]?.last?.change).toBeLessThan(0);
  });

  it('keeps an unlisted match out of the lobby, seats only players with its invite code', async () => {
    const [host, guest, stranger] = await Promise.all(['host', 'guest', 'stranger'].map((n) => signIn(server.url, n)));
    const created = await api<{ match: MatchSummary; invite: string }>(server.url, '/api/matches', {
      token: host,
      body: { game: 'tic-tac-toe', unlisted: true, join: true },
    });
    expect(created.status).toBe(201);
    expect(created.body.match.unlisted).toBe(true);
    expect(created.body.invite).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const id = created.body.match.id;
    const lobby = await api<{ matches: MatchSummary[] }>(server.url, '/api/matches?game=tic-tac-toe&limit=100');
    expect(lobby.body.matches.map((match) => match.id)).not.toContain(id);

    const join = (token: string | undefined, invite?: string) =>
      api(server.url, `/api/matches/${id}/join`, { token, body: invite === undefined ? {} : { invite } });
    expect(await join(stranger)).toMatchObject({ status: 403, body: { error: { code: 'bad_invite' } } });
    const wrong = `${created.body.invite.slice(0, 21)}${created.body.invite.endsWith('A') ? 'B' : 'A'}`;
    expect(await join(stranger, wrong)).toMatchObject({ status: 403, body: { error: { code: 'bad_invite' } } });
    expect((await api<{ match: MatchSummary }>(server.url, `/api/matches/${id}`)).body.match.players).toEqual(['host']);
    const joined = await join(guest, created.body.invite);
    expect(joined).toMatchObject({ status: 200, body: { match: { status: 'running', players: ['host', 'guest'] } } });
    const inbox = await api<{ matches: { id: string; invite?: string }[] }>(server.url, '/api/me/matches', {
      token: guest,
    });
    expect(inbox.body.matches.find((match) => match.id === id)?.invite).toBe(created.body.invite);
  });

  it('makes one rematch however many players ask at once, seats rotated, and tells the others', async () => {
    const game = await playTicTacToe(server, 'again-');
    const [alice, bob] = await Promise.all(['again-alice', 'again-bob'].map((name) => signIn(server.url, name)));
    const watching = await ScriptedClient.connect(server.wsUrl, { game: game.matchId, token: bob });
    try {
      const asks = [alice, bob, alice, bob, alice, bob].map((token) =>
        api<{ match: MatchSummary }>(server.url, `/api/matches/${game.matchId}/rematch`, { token, body: {} }),
      );
      const answers = await Promise.all(asks);
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
      const ids = new Set(answers.map((answer) => answer.body.match.id));
      expect(ids.size).toBe(1);
      const rematch = answers[0]?.body.match;
      expect(rematch).toMatchObject({ status: 'running', game: 'tic-tac-toe', players: ['again-bob', 'again-alice'] });
      expect(rematch?.currentPlayer).toBe('again-bob');
      const told = (await watching.next(
        (message) => message.type === 'state' && message.rematch !== undefined,
        'the rematch',
      )) as StateMessage;
      expect(told.rematch?.matchId).toBe(rematch?.id);
      expect(told.status).toBe('finished');
    } finally {
      await watching.close();
    }
    const stranger = await signIn(server.url, 'again-stranger');
    const refused = await api(server.url, `/api/matches/${game.matchId}/rematch`, { token: stranger, body: {} });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'not_a_player' } } });
  });

  it('refuses a rematch of a match that is not over', async () => {
    const [one, two] = await Promise.all(['busy-1', 'busy-2'].map((name) => signIn(server.url, name)));
    const created = await api<{ match: MatchSummary }>(server.url, '/api/matches', {
      token: one,
      body: { game: 'tic-tac-toe', join: true },
    });
    await api(server.url, `/api/matches/${created.body.match.id}/join`, { token: two, body: {} });
    const early = await api(server.url, `/api/matches/${created.body.match.id}/rematch`, { token: one, body: {} });
    expect(early).toMatchObject({ status: 409, body: { error: { code: 'game_not_running' } } });
  });
});

describe("play now on aws-local's own dynalite", () => {
  const errors: string[] = [];
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer({
      ...common,
      wiring: 'aws-local',
      tokenSecret: 'x'.repeat(32),
      logger: { ...silentLogger, error: (event) => errors.push(event) },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('does not rate matches, as the README says, and logs no failed rating for each one', async () => {
    await playTicTacToe(server, 'unrated-');
    const token = await signIn(server.url, 'unrated-alice');
    const me = await api<{ ratings: PlayerRating[] }>(server.url, '/api/me', { token });
    expect(me.body.ratings).toEqual([]);
    expect(server.wiring.deps.ratings).toBeUndefined();
    expect(errors).toEqual([]);
  });
});
