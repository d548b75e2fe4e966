import WebSocket from 'ws';
import { freeCells, ticTacToeOver } from '../bots.js';
import { connections, type Driver, type GameListener, type OpenGame, type Seat } from '../driver.js';

let nextRoom = 0;

/**
 * The floor's client: the server only relays, so each bot keeps the board itself and treats its own
 * echoed frame as the ack and the relayed frame as the opponent's update.
 */
export function echoDriver(port: number): Driver {
  return {
    async open(game, listener: GameListener): Promise<OpenGame> {
      if (game !== 'tic-tac-toe') throw new Error('the echo floor plays tic-tac-toe only');
      const room = `r${process.pid}-${nextRoom++}`;
      const sockets = await Promise.all(([0, 1] as const).map((seat) => connect(port, room, seat, listener)));
      return {
        send: (seat, move, moveNumber) => {
          if (move.move !== 'place') return;
          sockets[seat]?.send(JSON.stringify({ n: moveNumber, cell: move.args.cell, seat }));
        },
        close: () => {
          for (const socket of sockets) socket.close();
        },
      };
    },
    close: async () => {},
  };
}

async function connect(port: number, room: string, seat: Seat, listener: GameListener): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/?room=${room}`, { perMessageDeflate: false });
  const board: (string | null)[] = Array(9).fill(null);
  let moves = 0;
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { n: number; cell: number; seat: Seat };
    if (frame.n <= moves) return;
    board[frame.cell] = String(frame.seat);
    moves = frame.n;
    const over = ticTacToeOver(board);
    listener.state(seat, {
      moves,
      over,
      myTurn: !over && moves % 2 === seat,
      view: { game: 'tic-tac-toe', free: freeCells(board) },
    });
  });
  socket.on('error', (error) => listener.error(seat, error.message));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  connections.opened();
  socket.once('close', () => connections.closed());
  // No server state to wait for: the opening position is known, and seat 0 moves first.
  listener.state(seat, {
    moves: 0,
    over: false,
    myTurn: seat === 0,
    view: { game: 'tic-tac-toe', free: freeCells(board) },
  });
  return socket;
}
