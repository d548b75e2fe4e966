import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicTacToe } from '../../games/tic-tac-toe.js';
import {
  type ConnectionStatus,
  connectGame,
  type GameClient,
  type LobbyClient,
  TurngateError,
} from '../../src/client/index.js';
import { controllableSocket } from './support/controllable-socket.js';
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

interface Table {
  readonly matchId: string;
  readonly alice: LobbyClient;
  readonly bob: LobbyClient;
  readonly tokens: { readonly alice: string; readonly bob: string };
}

/** Two signed-in players seated at a new tic-tac-toe match (a full table starts it): alice plays X. */
async function seatedTable(): Promise<Table> {
  const suffix = Math.random().toString(36).slice(2, 8);
  const [a, b] = await Promise.all([server.lobby.signIn(`alice-${suffix}`), server.lobby.signIn(`bob-${suffix}`)]);
  const alice = server.lobby.withToken(a.token);
  const bob = server.lobby.withToken(b.token);
  const match = await alice.createMatch({ game: 'tic-tac-toe' });
  await alice.join(match.id);
  await bob.join(match.id);
  return { matchId: match.id, alice, bob, tokens: { alice: a.token, bob: b.token } };
}

function connect(
  table: Table,
  who: 'alice' | 'bob',
  socket?: ReturnType<typeof controllableSocket>,
  confirmTimeoutMs?: number,
) {
  const client = connectGame<TicTacToe>({
    url: server.webSocketUrl,
    matchId: table.matchId,
    token: table.tokens[who],
    // Retry at once in tests: backoff timing is not what these tests are about.
    backoff: { initialMs: 1, maxMs: 20 },
    ...(socket ? { socket: socket.factory } : {}),
    ...(confirmTimeoutMs ? { confirmTimeoutMs } : {}),
  });
  open.push(client as GameClient<unknown>);
  return client;
}

const rejectionOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected the move to be refused');
    },
    (error: unknown) => error,
  );

describe('GameClient against the local runtime', () => {
  it('reconnects when the server has lost its connection row, and its next move lands once', async () => {
    const table = await seatedTable();
    const alice = connect(table, 'alice');
    await stateWhere(alice, (s) => s.status === 'running');
    // As if a send had met Gone while the socket was still inside $connect: the row is gone, the socket not.
    for (const { connectionId } of await server.deps.connections.listByGame(table.matchId, Date.now())) {
      await server.deps.connections.delete(connectionId);
    }
    const statuses: ConnectionStatus[] = [];
    alice.on('status', (status) => statuses.push(status));
    // `sync` reads the row, so it is answered unknown_connection: the client must reconnect, not give up.
    alice.sync();
    await nextEvent(alice, 'status', (status) => status === 'open');
    expect(statuses).toEqual(['reconnecting', 'open']);
    const ack = await alice.move.place({ cell: 4 });
    expect(ack).toMatchObject({ seq: 1 });
    const log = await table.alice.moveLog(table.matchId);
    expect(log.moves.map((entry) => entry.args)).toEqual([{ cell: 4 }]);
  });

  it('connects with the Auth header, syncs, and resolves a move on the ack riding on the state message', async () => {
    const table = await seatedTable();
    const alice = connect(table, 'alice');
    const bob = connect(table, 'bob');
    await Promise.all([
      stateWhere(alice, (s) => s.status === 'running'),
      stateWhere(bob, (s) => s.status === 'running'),
    ]);
    expect(alice.status).toBe('open');

    const bobSeesIt = stateWhere(bob, (s) => s.view?.board[4] === 'X');
    const ack = await alice.move.place({ cell: 4 });
    // Her first move in this match: number 1, acknowledged with the version it produced.
    expect(ack).toMatchObject({ seq: 1, version: alice.state?.version });
    expect(alice.state?.view?.board[4]).toBe('X');
    expect((await bobSeesIt).currentPlayer).toBe(bob.state?.players[1]);
    expect(alice.pendingMoves).toBe(0);
  });

  it('rejects refused moves with typed errors that name the move, and changes nothing', async () => {
    const table = await seatedTable();
    const alice = connect(table, 'alice');
    const bob = connect(table, 'bob');
    const running = await stateWhere(bob, (s) => s.status === 'running');

    const outOfTurn = await rejectionOf(bob.move.place({ cell: 0 }));
    expect(outOfTurn).toBeInstanceOf(TurngateError);
    expect(outOfTurn).toMatchObject({ code: 'not_your_turn' });
    expect((outOfTurn as TurngateError).moveId).toMatch(/^[A-Za-z0-9_-]+$/);

    await stateWhere(alice, (s) => s.status === 'running');
    await alice.move.place({ cell: 0 });
    await stateWhere(bob, (s) => s.view?.board[0] === 'X');
    const taken = await rejectionOf(bob.move.place({ cell: 0 }));
    expect(taken).toMatchObject({ code: 'invalid_move', message: expect.stringContaining('taken') });
    // The schema allows 0..8: the type says number, the server's schema says which numbers.
    const offBoard = await rejectionOf(bob.move.place({ cell: 9 }));
    expect(offBoard).toMatchObject({ code: 'bad_args' });

    const log = await table.alice.moveLog(table.matchId);
    expect(log.moves.map((entry) => entry.args)).toEqual([{ cell: 0 }]);
    // Each refusal is settled (a resend gets the same answer) in bob's ledger alone, so it takes no
    // version: only alice's move made one, and only the sender hears of a refusal.
    expect(log.moves[0]?.version).toBe(running.version + 1);
    expect(log.through).toBe(running.version + 1);
    expect(bob.state?.version).toBe(running.version + 1);
    expect(bob.state?.view?.board).toEqual(['X', null, null, null, null, null, null, null, null]);
  });

  it('after a drop that lost the ack, resends the move with the same id and the server applies it once', async () => {
    const table = await seatedTable();
    const socket = controllableSocket();
    const alice = connect(table, 'alice', socket);
    await stateWhere(alice, (s) => s.status === 'running');
    const statuses: ConnectionStatus[] = [];
    alice.on('status', (status) => statuses.push(status));

    // The frame leaves, the server applies the move, but its ack never arrives: then the line drops.
    socket.deafen();
    const move = alice.move.place({ cell: 4 });
    const applied = await waitForLog(table.alice, table.matchId, 1);
    socket.drop();

    // Settled from the sync reply's ledger: the same move, number and version the server logged.
    const ack = await move;
    expect(ack).toEqual({ id: applied[0]?.moveId, seq: 1, version: applied[0]?.version });
    expect(socket.opened()).toBe(2);
    expect(statuses).toEqual(['reconnecting', 'open']);
    await stateWhere(alice, (s) => s.version >= ack.version);
    const log = await table.alice.moveLog(table.matchId);
    expect(log.moves.filter((entry) => entry.moveId === ack.id)).toHaveLength(1);
    expect(log.moves).toHaveLength(1);
  });

  it('after a drop that lost the frame itself, sends the move on reconnect and it is applied once', async () => {
    const table = await seatedTable();
    const socket = controllableSocket();
    const alice = connect(table, 'alice', socket);
    await stateWhere(alice, (s) => s.status === 'running');

    socket.mute();
    const move = alice.move.place({ cell: 8 });
    expect(alice.pendingMoves).toBe(1);
    expect((await table.alice.moveLog(table.matchId)).moves).toEqual([]);
    socket.drop();

    const ack = await move;
    expect(ack.seq).toBe(1);
    const log = await table.alice.moveLog(table.matchId);
    expect(log.moves.map((entry) => [entry.moveId, entry.seq, entry.args])).toEqual([[ack.id, 1, { cell: 8 }]]);
    expect(alice.state?.view?.board[8]).toBe('X');
  });

  it('a move refused while its error was lost settles with a typed error instead of waiting forever', async () => {
    const table = await seatedTable();
    const socket = controllableSocket();
    const bob = connect(table, 'bob', socket, 300);
    const before = await stateWhere(bob, (s) => s.status === 'running');

    socket.deafen();
    const move = bob.move.place({ cell: 0 }).then(
      () => 'applied',
      (error: unknown) => error,
    );
    await until(() => socket.lost().some((text) => text.includes('not_your_turn')));
    socket.drop();

    // The refusal was settled in bob's ledger, so the sync reply after reconnecting carries it: the
    // move is rejected with its real code, not left to time out as unconfirmed.
    const outcome = await move;
    expect(outcome).toBeInstanceOf(TurngateError);
    expect(outcome).toMatchObject({ code: 'not_your_turn' });
    expect(bob.pendingMoves).toBe(0);
    expect((await table.bob.moveLog(table.matchId)).moves).toEqual([]);
    expect((await stateWhere(bob, (s) => s.version >= before.version)).view?.board).toEqual(Array(9).fill(null));
  });

  it('refuses a match that does not exist and a forged token, and stops retrying', async () => {
    const { token } = await server.lobby.signIn('carol');
    const missing = connectGame<TicTacToe>({ url: server.webSocketUrl, matchId: 'no-such-match', token });
    const missingError = await nextEvent(missing, 'error');
    expect(missingError.code).toBe('unknown_game');
    expect(missing.status).toBe('closed');

    const table = await seatedTable();
    const forged = connectGame<TicTacToe>({ url: server.webSocketUrl, matchId: table.matchId, token: `${token}x` });
    const pending = forged.move.place({ cell: 1 });
    expect((await nextEvent(forged, 'error')).code).toBe('unauthorized');
    await expect(pending).rejects.toMatchObject({ code: 'unauthorized' });
    expect(forged.status).toBe('closed');
  });

  it('close() settles pending moves with client_closed and is safe to call twice', async () => {
    const table = await seatedTable();
    const socket = controllableSocket();
    const alice = connect(table, 'alice', socket);
    await stateWhere(alice, (s) => s.status === 'running');
    socket.mute();
    const move = alice.move.place({ cell: 2 });
    alice.close();
    alice.close();
    await expect(move).rejects.toMatchObject({ code: 'client_closed' });
    await expect(alice.move.place({ cell: 3 })).rejects.toMatchObject({ code: 'client_closed' });
    expect(alice.status).toBe('closed');
  });
});

/** Polls the public move log until it holds `count` moves: the server's side of "the move landed". */
async function waitForLog(lobby: LobbyClient, matchId: string, count: number) {
  for (;;) {
    const { moves } = await lobby.moveLog(matchId);
    if (moves.length >= count) return moves;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
