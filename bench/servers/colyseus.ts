import { type Client, Room, Server } from '@colyseus/core';
import { type SchemaType, schema, t } from '@colyseus/schema';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { WINNING_LINES } from '../../games/tic-tac-toe.js';
import type { RunningServer } from './running-server.js';

/**
 * Colyseus 0.18 serving the same tic-tac-toe rules as games/tic-tac-toe.ts. With `patchRate` 0 the room
 * sends a patch right after each accepted move (`broadcastPatch()`), which is the fair comparison for a
 * turn-based game; with the default 50 ms rate, patches are batched and every move waits for the tick.
 */
export const TicTacToeState = schema(
  {
    /** '' for an empty cell, else the mover's seat as '0' or '1'. */
    board: t.array('string'),
    /** Session ids by seat. */
    players: t.array('string'),
    turn: t.number().default(0),
    moves: t.number().default(0),
    over: t.boolean().default(false),
  },
  'TicTacToeState',
);
export type TicTacToeState = SchemaType<typeof TicTacToeState>;

const isOver = (board: readonly string[]): boolean =>
  WINNING_LINES.some(([a, b, c]) => board[a] !== '' && board[a] === board[b] && board[a] === board[c]) ||
  board.every((cell) => cell !== '');

interface RoomOptions {
  readonly patchRate: number;
}

export class TicTacToeRoom extends Room {
  override maxClients = 2;
  override state = new TicTacToeState();
  private immediate = true;

  override onCreate(options: RoomOptions) {
    this.immediate = options.patchRate === 0;
    this.patchRate = options.patchRate === 0 ? null : options.patchRate;
    for (let cell = 0; cell < 9; cell++) this.state.board.push('');
    this.onMessage('place', (client: Client, cell: unknown) => this.place(client, cell));
  }

  override onJoin(client: Client) {
    this.state.players.push(client.sessionId);
    if (this.immediate) this.broadcastPatch();
  }

  private place(client: Client, cell: unknown) {
    const seat = this.state.players.indexOf(client.sessionId);
    if (this.state.over || this.state.players.length < 2 || seat !== this.state.turn) return;
    if (typeof cell !== 'number' || !Number.isInteger(cell) || this.state.board[cell] !== '') return;
    this.state.board[cell] = String(seat);
    this.state.moves += 1;
    this.state.turn = 1 - seat;
    this.state.over = isOver(this.state.board);
    if (this.immediate) this.broadcastPatch();
  }
}

export async function startColyseusServer(patchRate: number): Promise<RunningServer> {
  const server = new Server({
    transport: new WebSocketTransport({ perMessageDeflate: false }),
    greet: false,
  });
  server.define('tic-tac-toe', TicTacToeRoom, { patchRate });
  // Port 0 is not reported back by Colyseus, so pick a free port first.
  const port = await freePort();
  await server.listen(port, '127.0.0.1');
  return { port, close: () => server.gracefullyShutdown(false) };
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
