import { loadavg } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { connectGame, createLobbyClient, type GameClient, TurngateError } from '../../src/client/index.js';
import { type AnyGame, defineGame } from '../../src/engine/index.js';
import { ORDERING_MODES } from '../../src/handlers/index.js';
import { type LocalServerOptions, startLocalServer } from '../../src/local/server.js';
import { silentLogger } from '../../src/ports/index.js';
import { FRAME_LIMIT, type ServerMessage } from '../../src/protocol/index.js';
import { stateWhere } from '../client/support/events.js';
import { ScriptedClient } from './local-client.js';

/**
 * A griefer against the mover (issue 22): the player who may not move sends 200 move frames a second
 * (each its next number, each refused `not_your_turn` or `rate_limited`) while the mover plays 50
 * moves. The mover never gets `internal`, every move settles once, and the mover's ack latency with
 * the flood is printed beside the same run without it (docs/benchmarks.md records them; no time is
 * asserted). On each wiring, in each ordering mode. Also: a connection's frame budget is the same on
 * every wiring.
 */

/** The first seat moves, always; the second may never: every frame of theirs is refused. */
const solo = defineGame({
  name: 'flood-solo',
  players: { min: 2, max: 2 },
  setup: () => ({ steps: 0 }),
  moves: { step: { args: z.object({}), apply: (state) => ({ steps: state.steps + 1 }) } },
  turn: { next: (_state, ctx) => ctx.players[0] as string },
});

const MOVES = 50;
const MOVE_EVERY_MS = 40;
const FLOOD_PER_SECOND = 200;

const common: LocalServerOptions = { port: 0, serveWeb: false, logger: silentLogger, games: [solo as AnyGame] };
const WIRINGS = {
  embedded: { ...common, database: ':memory:' },
  'aws-local': { ...common, wiring: 'aws-local', tokenSecret: 'x'.repeat(32) },
} satisfies Record<string, LocalServerOptions>;

const results: Record<string, Record<string, number | string>> = {};
afterAll(() => {
  console.log(
    `flood: mover's ack latency in ms over ${MOVES} moves; load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  console.table(results);
});

const percentile = (samples: readonly number[], p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

describe.each(Object.entries(WIRINGS))('a flood on the %s wiring', (wiring, options) => {
  it.each(ORDERING_MODES)(
    '%s mode: the mover is never refused internal, and every move settles once',
    { timeout: 180_000 },
    async (orderingMode) => {
      const server = await startLocalServer({ ...options, orderingMode });
      const lobby = createLobbyClient({ baseUrl: server.url });
      const clients: GameClient<typeof solo>[] = [];
      try {
        const run = async (flood: boolean) => {
          const mover = await lobby.signIn(`mover-${Math.random().toString(36).slice(2, 8)}`);
          const griefer = await lobby.signIn(`griefer-${Math.random().toString(36).slice(2, 8)}`);
          const match = await lobby.withToken(mover.token).createMatch({ game: 'flood-solo', join: true });
          await lobby.withToken(griefer.token).join(match.id);
          const client = connectGame<typeof solo>({ url: server.wsUrl, matchId: match.id, token: mover.token });
          clients.push(client);
          await stateWhere(client, (state) => state.status === 'running');

          const raw = await ScriptedClient.connect(server.wsUrl, { game: match.id, token: griefer.token });
          let seq = 0;
          const flooding = flood
            ? setInterval(() => {
                for (let frame = 0; frame < FLOOD_PER_SECOND / 100; frame++) {
                  seq += 1;
                  raw.send({ action: 'move', id: `grief-${seq}`, seq, move: 'step', args: {} });
                }
              }, 10)
            : undefined;
          const latencies: number[] = [];
          const errors: string[] = [];
          for (let n = 0; n < MOVES; n++) {
            // A quick player, well inside their own frame budget: the flood has time to do its worst.
            await new Promise((resolve) => setTimeout(resolve, MOVE_EVERY_MS));
            const sent = performance.now();
            try {
              await client.move.step({});
              latencies.push(performance.now() - sent);
            } catch (error) {
              errors.push(error instanceof TurngateError ? error.code : String(error));
            }
          }
          clearInterval(flooding);
          raw.socket.close();
          const log = (await lobby.moveLog(match.id)).moves;
          const answers = raw.received.filter(
            (message): message is Extract<ServerMessage, { type: 'error' }> => message.type === 'error',
          );
          return { latencies, errors, log, sent: seq, answers, mover: mover.userId };
        };

        const calm = await run(false);
        const flooded = await run(true);
        for (const outcome of [calm, flooded]) {
          expect(outcome.errors).toEqual([]);
          expect(outcome.log.filter((entry) => entry.player === outcome.mover)).toHaveLength(MOVES);
          expect(new Set(outcome.log.map((entry) => entry.moveId)).size).toBe(outcome.log.length);
        }
        // The griefer changed nothing: every answer is a refusal, and none of theirs is in the log.
        expect(flooded.log.every((entry) => entry.player === flooded.mover)).toBe(true);
        expect(
          flooded.answers.every((message) =>
            ['not_your_turn', 'rate_limited', 'out_of_sequence'].includes(message.code),
          ),
        ).toBe(true);
        expect(flooded.answers.some((message) => message.code === 'rate_limited')).toBe(true);
        results[`${wiring}, ${orderingMode}`] = {
          'p50 calm': Math.round(percentile(calm.latencies, 50)),
          'p99 calm': Math.round(percentile(calm.latencies, 99)),
          'p50 flood': Math.round(percentile(flooded.latencies, 50)),
          'p99 flood': Math.round(percentile(flooded.latencies, 99)),
          'grief frames': flooded.sent,
          'rate limited': flooded.answers.filter((message) => message.code === 'rate_limited').length,
        };
      } finally {
        for (const client of clients) client.close();
        await server.close();
      }
    },
  );
});

describe.each(Object.entries(WIRINGS))('the frame budget on the %s wiring', (_wiring, options) => {
  it(`admits a burst of ${FRAME_LIMIT.burst} frames and answers the next rate_limited`, async () => {
    const now = Date.now();
    // Time stands still, so the bucket does not refill while the frames are on their way.
    const server = await startLocalServer({ ...options, clock: { now: () => now } });
    try {
      const lobby = createLobbyClient({ baseUrl: server.url });
      const { token } = await lobby.signIn('burst');
      const match = await lobby.withToken(token).createMatch({ game: 'flood-solo', join: true });
      const raw = await ScriptedClient.connect(server.wsUrl, { game: match.id, token });
      for (let frame = 0; frame <= FRAME_LIMIT.burst; frame++) raw.send({ action: 'sync' });
      // Answers may come in any order (frames run side by side): wait for all of them.
      for (let answer = 0; answer <= FRAME_LIMIT.burst; answer++) await raw.next();
      const errors = raw.received.filter((message) => message.type === 'error');
      expect(errors).toEqual([
        {
          type: 'error',
          code: 'rate_limited',
          message: expect.any(String),
          retryAfterMs: Math.ceil(1000 / FRAME_LIMIT.perSecond),
        },
      ]);
      expect(raw.received.filter((message) => message.type === 'state')).toHaveLength(FRAME_LIMIT.burst);
      raw.socket.close();
    } finally {
      await server.close();
    }
  });
});
