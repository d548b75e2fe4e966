import type { Server as HttpServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { WINNING_LINES } from '../../games/tic-tac-toe.js';
import type { RunningServer } from './running-server.js';

/**
 * boardgame.io 0.50's own `Server` (Koa + socket.io) serving the same tic-tac-toe rules as
 * games/tic-tac-toe.ts. The package has no `exports` map and its root pulls in React, so the CommonJS
 * server build is loaded directly. Matches are created on demand by the first `sync`, which is how a
 * boardgame.io client without the lobby starts one, and are kept in its in-memory store.
 */
const require = createRequire(import.meta.url);

interface BgioContext {
  readonly currentPlayer: string;
}
type Cells = (string | null)[];
interface BgioServer {
  run(config: { port: number; callback?: () => void }): Promise<{ appServer: HttpServer; apiServer?: HttpServer }>;
  kill(servers: { appServer: HttpServer; apiServer?: HttpServer }): void;
}

const { Server, SocketIO } = require('boardgame.io/dist/cjs/server.js') as {
  Server: (options: { games: unknown[]; transport: unknown; origins: string[] }) => BgioServer;
  SocketIO: new (options?: { socketOpts?: Record<string, unknown> }) => unknown;
};
const { INVALID_MOVE } = require('boardgame.io/dist/cjs/core.js') as { INVALID_MOVE: string };

const winner = (cells: Cells): string | null => {
  for (const [a, b, c] of WINNING_LINES) {
    const mark = cells[a];
    if (mark && mark === cells[b] && mark === cells[c]) return mark;
  }
  return null;
};

export const bgioTicTacToe = {
  name: 'tic-tac-toe',
  minPlayers: 2,
  maxPlayers: 2,
  setup: () => ({ cells: Array<string | null>(9).fill(null) }),
  turn: { minMoves: 1, maxMoves: 1 },
  moves: {
    place: ({ G, playerID }: { G: { cells: Cells }; playerID: string }, cell: number) => {
      if (!Number.isInteger(cell) || cell < 0 || cell > 8 || G.cells[cell] !== null) return INVALID_MOVE;
      G.cells[cell] = playerID;
    },
  },
  endIf: ({ G, ctx }: { G: { cells: Cells }; ctx: BgioContext }) => {
    const mark = winner(G.cells);
    if (mark !== null) return { winner: mark };
    if (G.cells.every((cell) => cell !== null)) return { draw: true };
    return ctx.currentPlayer === '' ? { draw: true } : undefined;
  },
};

export async function startBoardgameIoServer(): Promise<RunningServer> {
  // The lobby API is not used: socket.io transport only, as the issue asks, with no polling fallback.
  const server = Server({
    games: [bgioTicTacToe],
    transport: new SocketIO({ socketOpts: { transports: ['websocket'], perMessageDeflate: false } }),
    // Loopback clients only; set so the server does not warn about CORS at start.
    origins: ['http://127.0.0.1'],
  });
  const servers = await server.run({ port: 0 });
  return {
    port: (servers.appServer.address() as AddressInfo).port,
    close: async () => server.kill(servers),
  };
}
