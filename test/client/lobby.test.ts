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
});
