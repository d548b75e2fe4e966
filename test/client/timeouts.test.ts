import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicTacToe } from '../../games/tic-tac-toe.js';
import { connectGame, type GameClient, timeLeft } from '../../src/client/index.js';
import { nextEvent, stateWhere } from './support/events.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
const open: GameClient<unknown>[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const client of open) client.close();
  await server?.close();
});

describe('the SDK and a timed match', () => {
  it('shows the deadline as the server set it, and tells every player of the timeout, typed', async () => {
    const [a, b] = await Promise.all([server.lobby.signIn('clock-alice'), server.lobby.signIn('clock-bob')]);
    const alice = server.lobby.withToken(a.token);
    const created = await alice.createMatch({ game: 'tic-tac-toe', timeControl: { turnMs: 1_000 } });
    expect(created.clock?.control).toEqual({ turnMs: 1_000 });
    expect((await server.lobby.games()).find((game) => game.name === 'tic-tac-toe')?.clock?.allow.turnMs).toEqual({
      min: 1_000,
      max: 86_400_000,
    });

    const connect = (token: string) => {
      const client = connectGame<TicTacToe>({ url: server.webSocketUrl, matchId: created.id, token });
      open.push(client as GameClient<unknown>);
      return client;
    };
    const clients = [connect(a.token), connect(b.token)];
    const timeouts = clients.map((client) => nextEvent(client, 'timeout'));
    await alice.join(created.id);
    await server.lobby.withToken(b.token).join(created.id);

    const running = await stateWhere(clients[0] as GameClient<TicTacToe>, (state) => state.status === 'running');
    const clock = running.clock;
    expect(clock?.deadline).toBe((clock?.turnStartedAt ?? 0) + 1_000);
    expect(timeLeft(clock ?? { deadline: null }, 0)).toBeLessThanOrEqual(1_000);
    expect(timeLeft(clock ?? { deadline: null }, 5_000)).toBe(0);

    for (const timeout of await Promise.all(timeouts)) {
      expect(timeout).toEqual({ player: a.userId, turn: 1, outcome: { kind: 'lost' } });
    }
    for (const client of clients) {
      expect(client.state).toMatchObject({
        status: 'finished',
        result: { winners: [b.userId] },
        clock: { deadline: null },
      });
      expect(client.state).not.toHaveProperty('timeout');
    }
  });
});
