import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiarsDiceState, LiarsDiceView } from '../../games/liars-dice.js';
import { createLobbyClient, isTurngateError, type LobbyClient } from '../../src/client/index.js';
import { type LocalServer, type LocalServerOptions, startLocalServer } from '../../src/local/server.js';
import { silentLogger } from '../../src/ports/index.js';
import { DEV_STATE_PATH } from '../../src/protocol/index.js';
import { liarsDiceTable, type Table } from '../support/liars-dice-table.js';

const options: LocalServerOptions = {
  port: 0,
  serveWeb: false,
  logger: silentLogger,
  orderingMode: 'direct',
  database: ':memory:',
};

/**
 * `GET /api/dev/matches/{id}/state`, the debug panel's endpoint, through the real local server: in
 * development mode the whole state of a hidden-information game beside each seat's own view, past
 * positions recomputed from the seed and the log (the same as the replay's views), and bad queries
 * refused with a typed error. Without the development sign-in the endpoint does not exist.
 */
describe('the development state endpoint', () => {
  let server: LocalServer;
  let anonymous: LobbyClient;
  let table: Table;

  beforeAll(async () => {
    server = await startLocalServer(options);
    anonymous = createLobbyClient({ baseUrl: server.url });
    table = await liarsDiceTable(server, ['ann', 'ben']);
    await table.playUntil((steps) => steps === 4);
  }, 60_000);
  afterAll(async () => {
    table?.close();
    await server?.close();
  });

  it('shows the true state, every seat’s own view and the spectator’s, and the whole log', async () => {
    const shown = await anonymous.devState(table.id);
    const [ann, ben] = table.seats.map((seat) => seat.userId) as [string, string];
    const state = shown.state as LiarsDiceState;
    expect(Object.keys(state.dice).sort()).toEqual([ann, ben].sort());
    expect(shown.at).toBe(shown.match.version);
    expect(shown.views.map((seen) => seen.player)).toEqual([ann, ben, null]);
    const views = shown.views.map((seen) => (seen.view as LiarsDiceView).myDice);
    expect(views).toEqual([state.dice[ann], state.dice[ben], null]);
    expect(shown.log.map((entry) => entry.move)).toEqual(['bid', 'bid', 'challenge', 'bid']);
    expect(shown.log[0]?.args).toEqual({ quantity: 1, face: 1 });
    expect(shown.next).toBeNull();
  });

  it('recomputes a past position from the seed and the log, as the replay shows it', async () => {
    const [ann] = table.seats;
    const replay = await ann?.lobby.replay(table.id);
    const second = replay?.steps[1];
    if (second === undefined) throw new Error('the replay has no second step');
    const past = await anonymous.devState(table.id, { at: second.version });
    expect(past.at).toBe(second.version);
    expect(past.position).toEqual(second.position);
    expect(past.views.find((seen) => seen.player === ann?.userId)?.view).toEqual(second.view);
    // Before the challenge: the bid of one 2 stands, and the dice are the first round's.
    expect((past.state as LiarsDiceState).bid).toMatchObject({ quantity: 1, face: 2 });
    const start = await anonymous.devState(table.id, { at: 0 });
    expect((start.state as LiarsDiceState).bid).toBeNull();
    expect(start.position.turn).toBe(replay?.start?.position?.turn);
    // Only the log after `after`.
    expect((await anonymous.devState(table.id, { after: second.version })).log).toHaveLength(2);
  });

  it.each([
    ['a negative position', '?at=-1'],
    ['a position that is no number', '?at=soon'],
    ['a fractional `after`', '?after=1.5'],
  ])('refuses %s with bad_args', async (_case, query) => {
    const answer = await fetch(new URL(`${DEV_STATE_PATH(table.id)}${query}`, server.url));
    expect([answer.status, (await answer.json()).error.code]).toEqual([400, 'bad_args']);
  });

  it('answers unknown_game for a match that does not exist', async () => {
    await expect(anonymous.devState('nope')).rejects.toMatchObject({ code: 'unknown_game' });
  });
});

describe('the local server without its development sign-in', () => {
  let server: LocalServer;

  beforeAll(async () => {
    server = await startLocalServer({ ...options, devSignIn: false, tokenSecret: 'x'.repeat(32) });
  });
  afterAll(() => server?.close());

  it('has no development state endpoint', async () => {
    const refused = await createLobbyClient({ baseUrl: server.url })
      .devState('any')
      .catch((error: unknown) => error);
    expect(isTurngateError(refused) && refused.code).toBe('unknown_action');
  });
});
