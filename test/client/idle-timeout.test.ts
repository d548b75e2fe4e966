import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicTacToe } from '../../games/tic-tac-toe.js';
import { type ConnectionStatus, connectGame } from '../../src/client/index.js';
import { nextEvent, stateWhere } from './support/events.js';
import { startTestServer, type TestServer } from './support/server.js';

/**
 * API Gateway closes a connection idle for 10 minutes (and any after 2 hours) from its side. The
 * emulator does the same, here after 200 ms; the client must come back on its own and keep playing.
 */
describe('a connection the server closes for idleness', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ idleTimeoutMs: 200 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reconnects by itself, syncs, and the next move goes through', async () => {
    const [alice, bob] = await Promise.all([server.lobby.signIn('alice'), server.lobby.signIn('bob')]);
    const match = await server.lobby.withToken(alice.token).createMatch({ game: 'tic-tac-toe' });
    await server.lobby.withToken(alice.token).join(match.id);
    await server.lobby.withToken(bob.token).join(match.id);

    const client = connectGame<TicTacToe>({
      url: server.webSocketUrl,
      matchId: match.id,
      token: alice.token,
      backoff: { initialMs: 1, maxMs: 20 },
    });
    const statuses: ConnectionStatus[] = [];
    client.on('status', (status) => statuses.push(status));
    await stateWhere(client, (s) => s.status === 'running');

    await nextEvent(client, 'status', (status) => status === 'reconnecting');
    await nextEvent(client, 'status', (status) => status === 'open');
    const ack = await client.move.place({ cell: 4 });
    expect(statuses.slice(0, 3)).toEqual(['open', 'reconnecting', 'open']);
    expect((await stateWhere(client, (s) => s.version >= ack.version)).view?.board[4]).toBe('X');
    client.close();
  });
});
