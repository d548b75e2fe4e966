import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicTacToe } from '../../games/tic-tac-toe.js';
import { connectGame, TurngateError } from '../../src/client/index.js';
import { eventually } from '../contracts/eventually.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('the SDK for Play now: quickMatch, private matches, rematch, ratings and the leaderboard', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ serveWeb: false });
  });
  afterAll(async () => {
    await server?.close();
  });

  const player = async (name: string) => {
    const { token } = await server.lobby.signIn(name);
    return { token, lobby: server.lobby.withToken(token) };
  };

  it('quick-matches two players, plays, rates both, and makes a rematch', async () => {
    const [uma, vic] = await Promise.all([player('uma'), player('vic')]);
    const first = await uma.lobby.quickMatch({ game: 'tic-tac-toe' });
    expect(first).toMatchObject({ started: false, match: { players: ['uma'] } });
    const second = await vic.lobby.quickMatch({ game: 'tic-tac-toe' });
    expect(second).toMatchObject({ started: true, match: { id: first.match.id, players: ['uma', 'vic'] } });

    const url = server.webSocketUrl;
    const clients = {
      uma: connectGame<TicTacToe>({ url, matchId: first.match.id, token: uma.token }),
      vic: connectGame<TicTacToe>({ url, matchId: first.match.id, token: vic.token }),
    };
    try {
      for (const [who, cell] of [
        ['uma', 0],
        ['vic', 3],
        ['uma', 1],
        ['vic', 4],
        ['uma', 2],
      ] as const) {
        await clients[who].move.place({ cell });
      }
    } finally {
      clients.uma.close();
      clients.vic.close();
    }
    await eventually(async () => expect((await uma.lobby.me()).ratings).toHaveLength(1));
    const me = await uma.lobby.me();
    expect(me.ratings[0]).toMatchObject({ game: 'tic-tac-toe', matches: 1, last: { matchId: first.match.id } });
    const board = await server.lobby.leaderboard({ game: 'tic-tac-toe', limit: 1 });
    expect(board.ratings.map((rating) => rating.userId)).toEqual(['uma']);
    const rest = await server.lobby.leaderboard({ game: 'tic-tac-toe', cursor: board.next ?? '' });
    expect(rest).toMatchObject({ ratings: [{ userId: 'vic' }], next: null });

    const [one, two] = await Promise.all([uma.lobby.rematch(first.match.id), vic.lobby.rematch(first.match.id)]);
    expect(one.id).toBe(two.id);
    expect(one).toMatchObject({ status: 'running', players: ['vic', 'uma'] });
  });

  it('creates a private match whose invite code seats a friend, and refuses a wrong one', async () => {
    const [wes, xia, yan] = await Promise.all([player('wes'), player('xia'), player('yan')]);
    const { match, invite } = await wes.lobby.createPrivateMatch({ game: 'tic-tac-toe' });
    expect(match).toMatchObject({ unlisted: true, players: ['wes'] });
    const wrong = await yan.lobby.join(match.id, { invite: 'x'.repeat(22) }).catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(TurngateError);
    expect(wrong).toMatchObject({ code: 'bad_invite', status: 403 });
    expect(await xia.lobby.join(match.id, { invite })).toMatchObject({ status: 'running', players: ['wes', 'xia'] });
    expect((await server.lobby.matches({ game: 'tic-tac-toe' })).map((listed) => listed.id)).not.toContain(match.id);
  });
});
