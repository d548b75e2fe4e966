import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { exampleGames } from '../../games/index.js';
import { signToken } from '../../src/auth/jwt.js';
import type { AnyGame } from '../../src/engine/index.js';
import type { OrderingMode } from '../../src/handlers/deps.js';
import type { Logger } from '../../src/ports/index.js';
import { marathon } from '../../test/support/marathon-game.js';
import type { CostCounters } from '../ipc.js';
import { freeCells } from '../load/bots.js';
import { LatencyHistogram } from '../load/histogram.js';
import { countingAwsLocal } from '../servers/aws-local-counting.js';
import { BOTS_FRAME_LIMIT } from '../servers/turngate.js';
import type { InvocationRecord } from './counter.js';

/**
 * One move at a time, as people play: a single pair of players, each move sent only after the
 * previous one's ack and the opponent's update arrived. Nothing can fill a batch, so every move is
 * one `move` invocation (and in `fifo` one queue invocation of one record). Runs the real local
 * runtime in this process; on aws-local the cost counter sees every SDK request, its consumed
 * capacity and each invocation's timing, which bench/cost/per-move.ts prices.
 *
 * Ids are as long as real ones: move ids are UUIDs, user ids are 46 characters (an OIDC `sub` such as
 * a Cognito identity id, `us-east-1:<uuid>`; most providers' are 36–50), match ids are the lobby's own.
 */
export type PerMoveGame = 'tic-tac-toe' | 'marathon';

export interface OneMoveScenario {
  readonly wiring: 'embedded' | 'aws-local';
  readonly mode: OrderingMode;
  readonly game: PerMoveGame;
  /** tic-tac-toe: games played back to back; marathon: moves in its one game. */
  readonly size: number;
}

export interface OneMoveResult extends OneMoveScenario {
  readonly moves: number;
  readonly ackMs: { readonly p50: number; readonly p99: number; readonly count: number };
  /** aws-local only: what the move path asked of AWS over all the moves. */
  readonly counters: CostCounters | null;
  /** aws-local only: every move-path function invocation. */
  readonly invocations: readonly InvocationRecord[];
}

const TOKEN = { secret: 'bench-only-secret-bench-only-secret-0123', issuer: 'turngate-local', audience: 'turngate' };
const MOVE_PATH = new Set(['move', 'queue']);
const silent: Logger = { info() {}, warn() {}, error() {} };

interface StateMessage {
  readonly type: 'state';
  readonly status: string;
  readonly turn: number;
  readonly currentPlayer: string | null;
  readonly view: unknown;
  readonly ack?: { readonly id: string };
}

export async function runOneMoveScenario(scenario: OneMoveScenario): Promise<OneMoveResult> {
  const { startLocalServer } = await import('../../src/local/server.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'turngate-one-move-'));
  const counting = scenario.wiring === 'aws-local' ? countingAwsLocal('turngate-games') : undefined;
  const invocations: InvocationRecord[] = [];
  let measuring = false;
  if (counting) {
    counting.counter.onInvocation = (record) => {
      if (measuring && MOVE_PATH.has(record.handler)) invocations.push(record);
    };
  }
  const server = await startLocalServer({
    port: 0,
    host: '127.0.0.1',
    wiring: scenario.wiring,
    orderingMode: scenario.mode,
    dataDir,
    serveWeb: false,
    devSignIn: false,
    tokenSecret: TOKEN.secret,
    logger: silent,
    games: [...exampleGames, marathon as AnyGame],
    // A scripted player answers the instant its turn comes, as the bench's bots do.
    frameLimit: BOTS_FRAME_LIMIT,
    ...(counting ? { instrument: counting.instrument, onAwsClient: counting.onAwsClient } : {}),
  });
  const histogram = new LatencyHistogram();
  let moves = 0;
  let snapshot: CostCounters | null = null;
  const totals: CostCounters[] = [];
  try {
    const users = [`us-east-1:${randomUUID()}`, `us-east-1:${randomUUID()}`] as const;
    const tokens = await Promise.all(users.map((userId) => signToken({ userId, ...TOKEN, expiresIn: '1h' })));
    // Game 0 warms the process up (module loading, JIT) and is not counted: Lambda bills warm
    // invocations far more often than cold ones, and a cold start is not the move's own cost.
    const games = scenario.game === 'marathon' ? 2 : scenario.size + 1;
    for (let game = 0; game < games; game++) {
      const warmup = game === 0;
      const table = await openTable(server.url, server.wsUrl, scenario.game, tokens);
      // Only the moves are counted: the lobby, $connect and sync are setup, priced elsewhere.
      counting?.counter.reset();
      measuring = !warmup;
      const limit = scenario.game === 'marathon' ? (warmup ? 10 : scenario.size) : Number.POSITIVE_INFINITY;
      for (let played = 0; played < limit; played++) {
        const latest = table.latest();
        if (latest.status !== 'running') break;
        const seat = users.indexOf(latest.currentPlayer as (typeof users)[number]);
        const args =
          scenario.game === 'marathon'
            ? { move: 'step', args: { by: 1 } }
            : { move: 'place', args: { cell: pick(freeCells((latest.view as { board: (string | null)[] }).board)) } };
        const elapsed = await table.move(seat, args.move, args.args);
        if (warmup) continue;
        histogram.recordMs(elapsed);
        moves += 1;
      }
      // The fifo consumer's DeleteMessageBatch and the last fan-out settle after the final state arrives.
      await new Promise((resolve) => setTimeout(resolve, 150));
      if (counting && measuring) totals.push(counting.counter.snapshot());
      measuring = false;
      table.close();
    }
    snapshot = counting ? addCounters(totals) : null;
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const summary = histogram.summary();
  return {
    ...scenario,
    moves,
    ackMs: { p50: summary.p50, p99: summary.p99, count: summary.count },
    counters: snapshot,
    invocations,
  };
}

const pick = <T>(items: readonly T[]): T => {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error('no legal move');
  return item;
};

/** Two seated players on open, synced sockets; `move` resolves once both have seen it. */
async function openTable(baseUrl: string, wsUrl: string, game: PerMoveGame, tokens: readonly string[]) {
  const post = async (path: string, token: string, body: unknown) => {
    const response = await fetch(`${baseUrl}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { match: { id: string } };
  };
  const [first, second] = tokens as [string, string];
  const { match } = await post('/matches', first, { game, seats: 2 });
  await post(`/matches/${match.id}/join`, first, {});
  await post(`/matches/${match.id}/join`, second, {});

  const states: StateMessage[] = [];
  const waiters: (() => void)[] = [];
  const sockets = await Promise.all(
    tokens.map(async (token, seat) => {
      const query = new URLSearchParams({ game: match.id, token });
      const socket = new WebSocket(`${wsUrl}/?${query}`, { perMessageDeflate: false });
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as StateMessage | { type: 'error'; code: string };
        if (message.type === 'error') throw new Error(`seat ${seat}: ${message.code}`);
        if (message.type !== 'state') return;
        states[seat] = message;
        for (const wake of waiters.splice(0)) wake();
      });
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      socket.send(JSON.stringify({ action: 'sync' }));
      return socket;
    }),
  );
  const until = async (done: () => boolean) => {
    const deadline = performance.now() + 10_000;
    while (!done()) {
      if (performance.now() > deadline) throw new Error('no answer within 10 s');
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 1000);
      });
    }
  };
  await until(() => states[0] !== undefined && states[1] !== undefined);
  const seqs = [0, 0];
  return {
    latest: (): StateMessage => states[0] as StateMessage,
    async move(seat: number, move: string, args: unknown): Promise<number> {
      const id = randomUUID();
      const turn = (states[seat] as StateMessage).turn;
      seqs[seat] = (seqs[seat] ?? 0) + 1;
      const sent = performance.now();
      let ackMs = 0;
      sockets[seat]?.send(JSON.stringify({ action: 'move', id, seq: seqs[seat], move, args }));
      await until(() => {
        if (ackMs === 0 && states[seat]?.ack?.id === id) ackMs = performance.now() - sent;
        return ackMs > 0 && (states[1 - seat]?.turn ?? 0) > turn;
      });
      return ackMs;
    },
    close: () => {
      for (const socket of sockets) socket.close();
    },
  };
}

function addCounters(all: readonly CostCounters[]): CostCounters {
  const byHandler: Record<string, Record<string, unknown>> = {};
  for (const counters of all) {
    for (const [handler, usage] of Object.entries(counters.byHandler)) {
      byHandler[handler] ??= { requests: {} };
      const into = byHandler[handler] as Record<string, number> & { requests: Record<string, number> };
      for (const [key, value] of Object.entries(usage)) {
        if (key === 'requests') {
          for (const [op, count] of Object.entries(value as Record<string, number>)) {
            into.requests[op] = (into.requests[op] ?? 0) + count;
          }
        } else {
          into[key] = (into[key] ?? 0) + (value as number);
        }
      }
    }
  }
  const sum = (pick: (c: CostCounters) => number) => all.reduce((total, c) => total + pick(c), 0);
  return {
    byHandler: byHandler as unknown as CostCounters['byHandler'],
    gameBytesWritten: sum((c) => c.gameBytesWritten),
    gameWrites: sum((c) => c.gameWrites),
    emptyReceives: sum((c) => c.emptyReceives),
  };
}
