import { createRequire } from 'node:module';
import type { io as ioType, Socket } from 'socket.io-client';
import { freeCells } from '../bots.js';
import { connections, type Driver, type GameListener, type OpenGame, type Seat, type SeatState } from '../driver.js';

/**
 * boardgame.io's wire protocol over socket.io, as its own client speaks it: `sync` seats the socket
 * (creating the match on first use), `update` carries a MAKE_MOVE action with the state id it was
 * made against, and the server answers every socket of the match with `update` (matchID, state).
 * The socket.io client is the one boardgame.io itself depends on.
 */
const requireFromBgio = createRequire(createRequire(import.meta.url).resolve('boardgame.io/package.json'));
const { io } = requireFromBgio('socket.io-client') as { io: typeof ioType };

interface BgioState {
  readonly G: { readonly cells: readonly (string | null)[] };
  readonly ctx: { readonly currentPlayer: string; readonly gameover?: unknown };
  readonly _stateID: number;
}

let nextMatch = 0;

export function boardgameIoDriver(port: number): Driver {
  return {
    async open(game, listener: GameListener): Promise<OpenGame> {
      if (game !== 'tic-tac-toe') throw new Error('the boardgame.io peer plays tic-tac-toe only');
      const matchID = `m${process.pid}-${nextMatch++}`;
      // Seat 1 syncs first so the match exists, with no moves, before seat 0 can move.
      const second = await seatBot(port, matchID, 1, listener);
      const first = await seatBot(port, matchID, 0, listener);
      const bots = [first, second] as const;
      return {
        send: (seat, move) => {
          if (move.move !== 'place') return;
          const bot = bots[seat];
          const action = {
            type: 'MAKE_MOVE',
            payload: { type: 'place', args: [move.args.cell], playerID: String(seat) },
          };
          bot.socket.emit('update', action, bot.stateID(), matchID, String(seat));
        },
        close: () => {
          for (const bot of bots) bot.socket.disconnect();
        },
      };
    },
    close: async () => {},
  };
}

interface Bot {
  readonly socket: Socket;
  stateID(): number;
}

async function seatBot(port: number, matchID: string, seat: Seat, listener: GameListener): Promise<Bot> {
  const socket = io(`http://127.0.0.1:${port}/tic-tac-toe`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  let stateID = 0;
  const onState = (state: BgioState): void => {
    stateID = state._stateID;
    listener.state(seat, seatState(state, seat));
  };
  socket.on('update', (_match: string, state: BgioState) => onState(state));
  socket.on('connect_error', (error: Error) => listener.error(seat, error.message));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  connections.opened();
  socket.once('disconnect', () => connections.closed());
  await new Promise<void>((resolve) => {
    socket.once('sync', (_match: string, info: { state: BgioState }) => {
      onState(info.state);
      resolve();
    });
    socket.emit('sync', matchID, String(seat), undefined, 2);
  });
  return { socket, stateID: () => stateID };
}

function seatState(state: BgioState, seat: Seat): SeatState {
  const cells = state.G.cells;
  const over = state.ctx.gameover !== undefined;
  return {
    moves: cells.filter((cell) => cell !== null).length,
    over,
    myTurn: !over && state.ctx.currentPlayer === String(seat),
    view: { game: 'tic-tac-toe', free: freeCells(cells) },
  };
}
