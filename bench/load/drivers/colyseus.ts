import { Client, type Room } from '@colyseus/sdk';
import { freeCells } from '../bots.js';
import { connections, type Driver, type GameListener, type OpenGame, type Seat, type SeatState } from '../driver.js';

interface TicTacToeWire {
  readonly board: readonly string[];
  readonly players: readonly string[];
  readonly turn: number;
  readonly moves: number;
  readonly over: boolean;
}

/**
 * Colyseus' own client (@colyseus/sdk): seat 0 creates a room through the matchmaker, seat 1 joins it
 * by id, and each applies the schema patches the room broadcasts.
 */
export function colyseusDriver(port: number): Driver {
  const client = new Client(`http://127.0.0.1:${port}`);
  return {
    async open(game, listener: GameListener): Promise<OpenGame> {
      if (game !== 'tic-tac-toe') throw new Error('the Colyseus peer plays tic-tac-toe only');
      const first = await client.create('tic-tac-toe', {});
      watch(first, 0, listener);
      const second = await client.joinById(first.roomId, {});
      watch(second, 1, listener);
      const rooms = [first, second] as const;
      await Promise.all(rooms.map((room) => bothSeated(room)));
      for (const [seat, room] of rooms.entries()) listener.state(seat as Seat, seatState(room, seat as Seat));
      return {
        send: (seat, move) => {
          if (move.move === 'place') rooms[seat].send('place', move.args.cell);
        },
        close: () => {
          for (const room of rooms) void room.leave(true).catch(() => {});
        },
      };
    },
    close: async () => {},
  };
}

function watch(room: Room, seat: Seat, listener: GameListener): void {
  connections.opened();
  room.onLeave(() => connections.closed());
  room.onError((code, message) => listener.error(seat, `${code} ${message ?? ''}`));
  room.onStateChange(() => {
    if ((room.state as TicTacToeWire).players.length === 2) listener.state(seat, seatState(room, seat));
  });
}

function bothSeated(room: Room): Promise<void> {
  if ((room.state as TicTacToeWire | undefined)?.players?.length === 2) return Promise.resolve();
  return new Promise((resolve) => {
    room.onStateChange(function seated() {
      if ((room.state as TicTacToeWire).players.length === 2) {
        room.onStateChange.remove(seated);
        resolve();
      }
    });
  });
}

function seatState(room: Room, seat: Seat): SeatState {
  const state = room.state as TicTacToeWire;
  const board = Array.from(state.board);
  return {
    moves: state.moves,
    over: state.over,
    myTurn: !state.over && state.turn === seat,
    view: { game: 'tic-tac-toe', free: freeCells(board) },
  };
}
