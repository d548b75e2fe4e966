import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLobbyClient, TurngateError } from '../../src/client/index.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('LobbyClient against the local runtime', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('walks the lobby: games, create, join, start, list, show, log', async () => {
    const games = await server.lobby.games();
    expect(games.map((game) => game.name).sort()).toEqual([
      'liars-dice',
      'rock-paper-scissors',
      'sealed-bid',
      'tic-tac-toe',
    ]);

    const { token, userId } = await server.lobby.signIn('gina');
    expect(userId).toBe('gina');
    const gina = server.lobby.withToken(token);
    const created = await gina.createMatch({ game: 'liars-dice', seats: 3 });
    expect(created).toMatchObject({ game: 'liars-dice', status: 'waiting', seats: 3, players: [] });
    expect((await gina.join(created.id)).players).toEqual(['gina']);
    const hank = server.lobby.withToken((await server.lobby.signIn('hank')).token);
    expect((await hank.join(created.id)).players).toEqual(['gina', 'hank']);
    const started = await gina.start(created.id);
    expect(started).toMatchObject({ status: 'running', currentPlayer: 'gina' });

    const running = await server.lobby.matches({ game: 'liars-dice', status: 'running' });
    expect(running.map((match) => match.id)).toContain(created.id);
    const shown = await server.lobby.match(created.id);
    expect(shown.match.id).toBe(created.id);
    // The lobby shows the spectator's view: no one's dice.
    expect(shown.view).toMatchObject({ myDice: null, diceCounts: { gina: 3, hank: 3 } });
    expect(await server.lobby.moveLog(created.id)).toEqual({ moves: [], next: null, through: started.version });
  });

  it('turns refusals into TurngateErrors with the protocol code and the HTTP status', async () => {
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: unknown) => error,
      );

    const anonymous = await refusal(server.lobby.createMatch({ game: 'tic-tac-toe' }));
    expect(anonymous).toBeInstanceOf(TurngateError);
    expect(anonymous).toMatchObject({ code: 'unauthorized', status: 401 });

    const missing = await refusal(server.lobby.match('no-such-match'));
    expect(missing).toMatchObject({ code: 'unknown_game', status: 404 });
    expect(await refusal(server.lobby.moveLog('no-such-match'))).toMatchObject({ code: 'unknown_game', status: 404 });

    const signedIn = server.lobby.withToken((await server.lobby.signIn('ivan')).token);
    expect(await refusal(signedIn.createMatch({ game: 'chess' }))).toMatchObject({ code: 'bad_args', status: 400 });

    const unreachable = createLobbyClient({ baseUrl: 'http://127.0.0.1:9' });
    expect(await refusal(unreachable.games())).toMatchObject({ code: 'network' });
  });

  it('retries a create whose answer was lost with the same Idempotency-Key, making one match', async () => {
    const { token } = await server.lobby.signIn('jill');
    const keys: string[] = [];
    let lost = 0;
    // The first create reaches the server and is done, then its answer is lost on the way back.
    const flaky: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method === 'POST' && String(input).endsWith('/api/matches')) {
        keys.push(new Headers(init.headers).get('idempotency-key') ?? '');
        if (lost++ === 0) throw new TypeError('fetch failed');
      }
      return response;
    };
    const jill = createLobbyClient({
      baseUrl: server.url.replace(/\/$/, ''),
      token,
      fetch: flaky,
      retry: { initialMs: 1 },
    });
    const match = await jill.createMatch({ game: 'tic-tac-toe', join: true });
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect((await jill.myMatches()).map((mine) => mine.id)).toEqual([match.id]);
    // A refusal is an answer: it is not retried.
    await expect(jill.createMatch({ game: 'chess' })).rejects.toMatchObject({ code: 'bad_args' });
    expect(keys).toHaveLength(3);
  });

  it('revalidates a lobby page with its ETag: 304 while unchanged, the new page after a change', async () => {
    const statuses: number[] = [];
    const counting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).includes('/api/matches?')) statuses.push(response.status);
      return response;
    };
    const { token } = await server.lobby.signIn('kim');
    const kim = createLobbyClient({ baseUrl: server.url.replace(/\/$/, ''), token, fetch: counting });
    const query = { game: 'liars-dice', status: 'waiting' } as const;
    const first = await kim.matchPage(query);
    const again = await kim.matchPage(query);
    expect(again).toEqual(first);
    const created = await kim.createMatch({ game: 'liars-dice' });
    const changed = await kim.matchPage(query);
    expect(changed.matches.map((match) => match.id)).toContain(created.id);
    expect(statuses).toEqual([200, 304, 200]);
  });
});
