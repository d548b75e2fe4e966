import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fireTurnTimer, ORDERING_MODES } from '../../src/handlers/index.js';
import { type LocalServer, type LocalServerOptions, startLocalServer } from '../../src/local/server.js';
import { silentLogger } from '../../src/ports/index.js';
import type { MatchSummary, MoveLogPage, ServerMessage, StateMessage } from '../../src/protocol/index.js';
import { api, ScriptedClient, signIn } from './local-client.js';

/** Time that moves only when the test says: the race's two sides are ordered by the test alone. */
const clock = { time: Date.now(), now: () => clock.time };
const TURN_MS = 60_000;

const isState = (message: ServerMessage): message is StateMessage => message.type === 'state';

const wirings: Record<string, LocalServerOptions> = {
  embedded: { database: ':memory:' },
  'aws-local (dynalite)': { wiring: 'aws-local', tokenSecret: 'x'.repeat(32) },
};

/**
 * A timeout racing a legal move, through the real local runtime on each wiring and ordering mode:
 * whichever reaches the match's order first is settled, the other changes nothing. The timer is
 * fired by the test (as the local scheduler would), so the order is the test's, not the machine's.
 */
describe.each(Object.keys(wirings))('timeouts on the %s wiring', (wiring) => {
  describe.each(ORDERING_MODES)('%s mode', (orderingMode) => {
    let server: LocalServer;
    beforeAll(async () => {
      server = await startLocalServer({
        port: 0,
        serveWeb: false,
        logger: silentLogger,
        redeliveryDelayMs: 0,
        clock,
        orderingMode,
        ...wirings[wiring],
      });
    });
    afterAll(() => server?.close());

    async function timedMatch(prefix: string) {
      clock.time += 10 * TURN_MS;
      const names = { alice: `${prefix}-alice`, bob: `${prefix}-bob` };
      const tokens = { alice: await signIn(server.url, names.alice), bob: await signIn(server.url, names.bob) };
      const created = await api<{ match: MatchSummary }>(server.url, '/api/matches', {
        token: tokens.alice,
        body: { game: 'tic-tac-toe', timeControl: { turnMs: TURN_MS } },
      });
      const id = created.body.match.id;
      for (const token of [tokens.alice, tokens.bob])
        await api(server.url, `/api/matches/${id}/join`, { token, body: {} });
      const alice = await ScriptedClient.connect(server.wsUrl, { game: id, token: tokens.alice });
      const bob = await ScriptedClient.connect(server.wsUrl, { game: id, token: tokens.bob });
      const summary = async () => (await api<{ match: MatchSummary }>(server.url, `/api/matches/${id}`)).body.match;
      const timer = { matchId: id, turn: 1, dueAt: (await summary()).clock?.deadline ?? 0 };
      expect(timer.dueAt).toBe(clock.time + TURN_MS);
      const fire = async () => {
        await fireTurnTimer(server.wiring.deps, timer);
        await server.wiring.drain();
      };
      const log = async () => (await api<MoveLogPage>(server.url, `/api/matches/${id}/log`)).body.moves;
      return { id, alice, bob, timer, fire, summary, log, names };
    }

    it('a move just before the deadline wins; the timer after it changes nothing', async () => {
      const { alice, bob, timer, fire, summary, log } = await timedMatch(`${orderingMode}-move-first`);
      clock.time = timer.dueAt - 1;
      alice.send({ action: 'move', id: 'a1', seq: 1, move: 'place', args: { cell: 4 } });
      await alice.next((message) => isState(message) && message.ack?.id === 'a1', 'the ack');
      await bob.next(isState, 'the new state');
      const before = await summary();
      expect(before).toMatchObject({ turn: 2, currentPlayer: expect.stringContaining('bob') });

      clock.time = timer.dueAt;
      await fire();
      await fire();
      // Unchanged but for the clock's `now`, the server's time of this answer.
      expect(await summary()).toEqual({ ...before, clock: { ...before.clock, now: clock.time } });
      expect((await log()).map((entry) => entry.moveId)).toEqual(['a1']);
      expect([...alice.received, ...bob.received].some((message) => isState(message) && message.timeout)).toBe(false);
      await Promise.all([alice.close(), bob.close()]);
    });

    it('a timer first: the timeout applies once, both players hear it, and the late move is refused', async () => {
      const { alice, bob, timer, fire, summary, log, names } = await timedMatch(`${orderingMode}-timer-first`);
      clock.time = timer.dueAt;
      await fire();
      for (const client of [alice, bob]) {
        const heard = (await client.next(isState, 'the timed-out state')) as StateMessage;
        expect(heard).toMatchObject({
          status: 'finished',
          result: { winners: [names.bob] },
          timeout: { player: names.alice, turn: 1, outcome: { kind: 'lost' } },
          clock: { deadline: null },
        });
      }
      alice.send({ action: 'move', id: 'a1', seq: 1, move: 'place', args: { cell: 4 } });
      expect(await alice.next((message) => message.type === 'error', 'the refusal')).toMatchObject({
        code: 'game_not_running',
        id: 'a1',
      });
      // Fired again after the match finished: nothing changes.
      const after = await summary();
      await fire();
      expect(await summary()).toEqual(after);
      expect(await log()).toEqual([expect.objectContaining({ player: names.alice, moveId: 'timeout:1', seq: 0 })]);
      await Promise.all([alice.close(), bob.close()]);
    });
  });
});
