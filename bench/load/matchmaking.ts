/**
 * Child process entry: the matchmaking row. Receives a MatchmakingPlan over IPC; N players arrive
 * over the ramp, each asks the server's own matchmaker for a two-player tic-tac-toe match (turngate:
 * `POST /api/matchmaking`, then the match's WebSocket and `sync`; Colyseus: `joinOrCreate`) and waits
 * until its connection holds the started match. Reports requests per second and the time each
 * player took to a started match. Stops by itself; the runner kills it if it does not.
 */
import { Client, type Room } from '@colyseus/sdk';
import WebSocket from 'ws';
import type { MatchmakingPlan, MatchmakingReport, ServerAddress } from '../ipc.js';
import { postJson } from './drivers/turngate.js';
import { LatencyHistogram } from './histogram.js';

/** One player's way through a server's matchmaker: resolves `asked` on the answer, the returned promise once started. */
type Player = (asked: () => void) => Promise<() => void>;

async function playersFor(address: ServerAddress, count: number): Promise<Player[]> {
  if (address.kind === 'colyseus' || address.kind === 'colyseus-default') {
    const client = new Client(`http://127.0.0.1:${address.port}`);
    return Array.from({ length: count }, () => async (asked) => {
      const room = await client.joinOrCreate('tic-tac-toe', {});
      asked();
      await started(room);
      return () => void room.leave(true).catch(() => {});
    });
  }
  if (!address.kind.startsWith('turngate')) throw new Error(`${address.kind} has no matchmaker`);
  // Sign-ins come first and are not timed: a player arrives signed in.
  const tokens = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      postJson<{ token: string }>(address.port, '/api/dev/sign-in', { name: `mm${process.pid}x${index}` }),
    ),
  );
  return tokens.map(({ token }) => async (asked) => {
    const { match } = await postJson<{ match: { id: string } }>(
      address.port,
      '/api/matchmaking',
      { game: 'tic-tac-toe' },
      token,
    );
    asked();
    const socket = await runningOn(address.port, match.id, token);
    return () => socket.close();
  });
}

function started(room: Room): Promise<void> {
  const full = () => ((room.state as { players?: { length: number } } | undefined)?.players?.length ?? 0) >= 2;
  if (full()) return Promise.resolve();
  return new Promise((resolve) => {
    room.onStateChange(function seated() {
      if (!full()) return;
      room.onStateChange.remove(seated);
      resolve();
    });
  });
}

/** Connects to the match and resolves once a `state` says it is running (pushed at the start, or the sync reply). */
function runningOn(port: number, matchId: string, token: string): Promise<WebSocket> {
  const url = `ws://127.0.0.1:${port}/?game=${encodeURIComponent(matchId)}&token=${encodeURIComponent(token)}`;
  const socket = new WebSocket(url, { perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; status?: string };
      if (message.type === 'state' && message.status === 'running') resolve(socket);
    });
    socket.once('open', () => socket.send(JSON.stringify({ action: 'sync' })));
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`refused: ${response.statusCode}`)));
  });
}

async function run(plan: MatchmakingPlan): Promise<MatchmakingReport> {
  const players = await playersFor(plan.address, plan.players);
  const requestMs = new LatencyHistogram();
  const startedMs = new LatencyHistogram();
  const closers: (() => void)[] = [];
  let failed = 0;
  let firstError: string | null = null;
  let lastAnswer = 0;
  const began = performance.now();
  const spacing = plan.rampMs / Math.max(1, plan.players);
  await Promise.all(
    players.map(async (player, index) => {
      await new Promise((resolve) => setTimeout(resolve, index * spacing));
      const sent = performance.now();
      const asked = () => {
        const now = performance.now();
        lastAnswer = Math.max(lastAnswer, now);
        requestMs.recordMs(now - sent);
      };
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('not started within the timeout')), plan.timeoutMs);
      });
      try {
        closers.push(await Promise.race([player(asked), timeout]));
        startedMs.recordMs(performance.now() - sent);
      } catch (error) {
        failed += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  for (const close of closers) close();
  const answered = requestMs.summary().count;
  const seconds = Math.max(1e-3, (lastAnswer - began) / 1000);
  return {
    type: 'matchmaking',
    result: {
      players: plan.players,
      requestsPerSecond: Math.round(answered / seconds),
      requestMs: requestMs.summary(),
      startedMs: startedMs.summary(),
      failed,
      firstError,
    },
  };
}

process.once('message', (plan: MatchmakingPlan) => {
  run(plan)
    .then((report) => process.send?.(report))
    .catch((error: unknown) =>
      process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
    )
    .finally(() => setTimeout(() => process.exit(0), 100));
});
