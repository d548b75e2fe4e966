import { Agent, request } from 'node:http';
import WebSocket from 'ws';
import type { BenchGame } from '../../ipc.js';
import { freeCells } from '../bots.js';
import {
  type BotView,
  connections,
  type Driver,
  type GameListener,
  type OpenGame,
  type Seat,
  type SeatState,
} from '../driver.js';

/**
 * turngate's own protocol, as any client would speak it: sign in (development issuer), create a match
 * through the HTTP lobby with the creator seated, then the other bot takes its seat (a full table
 * starts) while both connect to `/?game=<id>&token=<jwt>` and send `sync`. Moves are `{"action":"move","id","seq","move","args"}`,
 * where `seq` is the sender's own move number in this match (1, 2, 3…, src/protocol/move-ledger.ts);
 * the mover's ack rides on its `state` message.
 */
interface Identity {
  readonly token: string;
  readonly userId: string;
}

interface StateMessage {
  readonly type: 'state';
  readonly status: 'waiting' | 'running' | 'finished';
  readonly currentPlayer: string | null;
  readonly turn: number;
  readonly view: unknown;
}

type ServerMessage = StateMessage | { type: 'ack' } | { type: 'error'; code: string; message: string };

let nextBot = 0;

export function turngateDriver(port: number): Driver {
  // Bots keep their identities between games, as players keep their sign-in between matches.
  const idle: Identity[] = [];

  const post = <T>(path: string, body: unknown, token?: string): Promise<T> =>
    postJson<T>(port, `/api${path}`, body, token);

  const identity = async (): Promise<Identity> =>
    idle.pop() ?? post<Identity>('/dev/sign-in', { name: `bot${process.pid}x${nextBot++}` });

  return {
    async open(game: BenchGame, listener: GameListener): Promise<OpenGame> {
      const bots = (await Promise.all([identity(), identity()])) as [Identity, Identity];
      // The first bot creates the match and takes its seat in one request, as the web UI does.
      const { match } = await post<{ match: { id: string } }>(
        '/matches',
        { game, seats: 2, join: true },
        bots[0].token,
      );
      // Then both at once, as two players' browsers would: the first connects, the second joins and
      // connects. The join that fills the table starts the match, and the server pushes that state to
      // whoever is connected by then; a bot that connects later reads it with its `sync`. Three round
      // trips in a row (create, join, connect + sync), six requests per game besides sign-ins.
      const sockets = await Promise.all(
        ([0, 1] as const).map(async (seat) => {
          if (seat === 1) await post(`/matches/${match.id}/join`, {}, bots[seat].token);
          return connect(port, match.id, bots[seat], seat, game, listener);
        }),
      );
      // Each bot numbers its own moves in this fresh match from 1; `moveNumber` counts both bots' moves.
      const sent: [number, number] = [0, 0];
      return {
        send: (seat, move, moveNumber) => {
          sent[seat] += 1;
          sockets[seat]?.send(
            JSON.stringify({ action: 'move', id: `m${moveNumber}`, seq: sent[seat], move: move.move, args: move.args }),
          );
        },
        close: () => {
          for (const socket of sockets) socket.close();
          idle.push(...bots);
        },
      };
    },
    close: async () => {},
  };
}

async function connect(
  port: number,
  matchId: string,
  bot: Identity,
  seat: Seat,
  game: BenchGame,
  listener: GameListener,
): Promise<WebSocket> {
  const url = `ws://127.0.0.1:${port}/?game=${encodeURIComponent(matchId)}&token=${encodeURIComponent(bot.token)}`;
  const socket = new WebSocket(url, { perMessageDeflate: false });
  let synced: () => void = () => {};
  const firstState = new Promise<void>((resolve) => {
    synced = resolve;
  });
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as ServerMessage;
    if (message.type === 'state') {
      // A bot that synced before the other one joined sees a waiting match, with no view yet: it
      // waits for the pushed start.
      if (message.status === 'waiting') return;
      listener.state(seat, seatState(message, bot.userId, game));
      synced();
    } else if (message.type === 'error') {
      listener.error(seat, `${message.code}: ${message.message}`);
    }
  });
  socket.on('error', (error) => listener.error(seat, error.message));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`connect refused: ${response.statusCode}`)),
    );
  });
  connections.opened();
  socket.once('close', () => connections.closed());
  // A connection cannot be sent to during $connect, so the client asks for its view once open.
  socket.send(JSON.stringify({ action: 'sync' }));
  await firstState;
  return socket;
}

function seatState(message: StateMessage, userId: string, game: BenchGame): SeatState {
  const over = message.status === 'finished';
  return {
    moves: Math.max(0, message.turn - 1),
    over,
    myTurn: message.status === 'running' && message.currentPlayer === userId,
    view: botView(message.view, game),
  };
}

function botView(view: unknown, game: BenchGame): BotView {
  if (game === 'tic-tac-toe') {
    return { game, free: freeCells((view as { board: (string | null)[] }).board) };
  }
  const dice = view as { diceCounts: Record<string, number>; bid: { quantity: number; face: number } | null };
  const totalDice = Object.values(dice.diceCounts).reduce((sum, count) => sum + count, 0);
  return { game, bid: dice.bid, totalDice };
}

/**
 * Lobby calls over a keep-alive pool of at most 64 sockets, as a fleet of browsers behind a load
 * balancer would arrive: queued here rather than opening thousands of sockets at once.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export function postJson<T>(port: number, path: string, body: unknown, token?: string): Promise<T> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = response.statusCode ?? 0;
          if (status < 200 || status >= 300) reject(new Error(`POST ${path}: ${status} ${text.slice(0, 200)}`));
          else resolve(JSON.parse(text) as T);
        });
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}
