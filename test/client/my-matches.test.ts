import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TurngateError } from '../../src/client/index.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('GET /api/me/matches through the typed client', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("lists the caller's matches across games, their turn first", async () => {
    const signIn = async (name: string) => server.lobby.withToken((await server.lobby.signIn(name)).token);
    const [olga, pete] = [await signIn('olga'), await signIn('pete')];

    // Pete's turn: olga sits in it, waiting for him.
    const petesTurn = await pete.createMatch({ game: 'tic-tac-toe' });
    await pete.join(petesTurn.id);
    await olga.join(petesTurn.id);
    // Olga's turn (she sat first), created after.
    const olgasTurn = await olga.createMatch({ game: 'tic-tac-toe' });
    await olga.join(olgasTurn.id);
    await pete.join(olgasTurn.id);
    // Still waiting for players; and a match she does not sit in.
    const waiting = await olga.createMatch({ game: 'liars-dice', seats: 3 });
    await olga.join(waiting.id);
    await pete.createMatch({ game: 'tic-tac-toe' });

    const inbox = await olga.myMatches();
    expect(inbox.map((match) => [match.id, match.yourTurn, match.status])).toEqual([
      [olgasTurn.id, true, 'running'],
      [petesTurn.id, false, 'running'],
      [waiting.id, false, 'waiting'],
    ]);
    expect(inbox[0]).toMatchObject({ game: 'tic-tac-toe', currentPlayer: 'olga', players: ['olga', 'pete'] });
    // No match here has a clock, so none has a deadline.
    expect(inbox.some((match) => 'deadline' in match)).toBe(false);
    expect((await olga.myMatches({ limit: 1 })).map((match) => match.id)).toEqual([waiting.id]);
    expect((await pete.myMatches()).map((match) => match.id)).toContain(petesTurn.id);
  });

  it('is for signed-in callers only, and refuses a bad limit', async () => {
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: unknown) => error,
      );
    const anonymous = await refusal(server.lobby.myMatches());
    expect(anonymous).toBeInstanceOf(TurngateError);
    expect(anonymous).toMatchObject({ code: 'unauthorized', status: 401 });
    const quinn = server.lobby.withToken((await server.lobby.signIn('quinn')).token);
    expect(await quinn.myMatches()).toEqual([]);
    expect(await refusal(quinn.myMatches({ limit: 0 }))).toMatchObject({ code: 'bad_args', status: 400 });
  });
});
