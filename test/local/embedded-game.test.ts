import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../src/local/server.js';
import { silentLogger } from '../../src/ports/index.js';
import { api } from './local-client.js';
import { playTicTacToe } from './scripted-game.js';

describe('the embedded wiring', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer({ port: 0, database: ':memory:', serveWeb: false, logger: silentLogger });
  });
  afterAll(() => server.close());

  it('plays a whole tic-tac-toe game between two scripted clients', async () => {
    const game = await playTicTacToe(server);
    for (const player of ['alice', 'bob'] as const) {
      expect(game.finalStates[player]).toMatchObject({
        status: 'finished',
        result: { winners: [expect.stringContaining('alice')] },
        view: { board: ['X', 'X', 'X', 'O', 'O', null, null, null, null] },
      });
    }
    const log = await api<{ moves: { moveId: string; seq: number }[]; next: number | null }>(
      server.url,
      `/api/matches/${game.matchId}/log`,
    );
    expect(log.body.moves.map((move) => move.moveId)).toEqual(['move-0', 'move-1', 'move-2', 'move-3', 'move-4']);
    // Each player numbers their own moves: alice 1, 2, 3 and bob 1, 2, in turn.
    expect(log.body.moves.map((move) => move.seq)).toEqual([1, 1, 2, 2, 3]);
    expect(log.body.next).toBeNull();
  });
});
