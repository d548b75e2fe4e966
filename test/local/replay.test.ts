import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiarsDiceView } from '../../games/liars-dice.js';
import { liarsDice } from '../../games/liars-dice.js';
import { createLobbyClient, type LobbyClient, type ReplayPage } from '../../src/client/index.js';
import {
  type AnyGame,
  checkReplay,
  matchHash,
  replayStep,
  STEP_HASH_LENGTH,
  startOfReplay,
  viewFor,
} from '../../src/engine/index.js';
import { ORDERING_MODES } from '../../src/handlers/index.js';
import { type LocalServer, type LocalServerOptions, startLocalServer } from '../../src/local/server.js';
import { silentLogger } from '../../src/ports/index.js';
import { recordedStepOf, replayStepOf, startFrom, verifyReplayExport } from '../../src/protocol/index.js';
import { stateWhere } from '../client/support/events.js';
import { liarsDiceTable, type Table } from '../support/liars-dice-table.js';

const common: LocalServerOptions = { port: 0, serveWeb: false, logger: silentLogger, redeliveryDelayMs: 0 };
const WIRINGS = {
  embedded: { ...common, database: ':memory:' },
  'aws-local': { ...common, wiring: 'aws-local', tokenSecret: 'x'.repeat(32) },
} satisfies Record<string, LocalServerOptions>;

const game = liarsDice as unknown as AnyGame;

/**
 * `GET /api/matches/{id}/replay` through the real server, on the SQLite and the DynamoDB wiring: a
 * three-player Liar's Dice match in which one player leaves, watched while it runs (views only, as
 * each caller may see them) and replayed in full once it is over (seed, fingerprints, final hash),
 * recomputed here by the engine.
 */
describe.each(ORDERING_MODES)('replays, %s mode', (orderingMode) => {
  describe.each(Object.entries(WIRINGS))('on the %s wiring', (_wiring, options) => {
    let server: LocalServer;
    let table: Table;
    let spectator: LobbyClient;
    let anonymous: LobbyClient;
    const whileRunning: Record<string, ReplayPage> = {};

    beforeAll(async () => {
      server = await startLocalServer({ ...options, orderingMode });
      anonymous = createLobbyClient({ baseUrl: server.url });
      spectator = anonymous.withToken((await anonymous.signIn(`watcher-${Date.now()}`)).token);
      table = await liarsDiceTable(server, ['alice', 'bob', 'carol']);
      await table.playUntil((steps) => steps === 3);
      await table.leave('carol');
      await table.playUntil((steps) => steps === 2);
      for (const seat of table.seats) whileRunning[seat.name] = await seat.lobby.replay(table.id);
      whileRunning.spectator = await spectator.replay(table.id);
      whileRunning.anonymous = await anonymous.replay(table.id);
      await table.playUntil(() => false);
    }, 120_000);
    afterAll(async () => {
      table?.close();
      await server?.close();
    });

    it('shows a running match as each caller may see it: their own views, never the seed or a fingerprint', async () => {
      const bob = table.seats[1];
      const bobs = whileRunning.bob as ReplayPage;
      expect(bobs).toMatchObject({ reveal: 'views', viewer: bob?.userId, next: null });
      expect(bobs.start).not.toHaveProperty('seed');
      expect(bobs).not.toHaveProperty('finalHash');
      expect(bobs.steps.map((step) => step.move)).toEqual(['bid', 'bid', 'challenge', '$leave', 'bid', 'bid']);
      expect(bobs.steps.every((step) => !('hash' in step))).toBe(true);
      // Each view is bob's own, after that step: his dice, everyone else's as counts.
      for (const step of bobs.steps) expect(Object.keys(step.view as object).sort()).toEqual(viewKeys);
      expect(JSON.stringify(bobs)).not.toContain(await seedOf(table.id));
      const spectators = whileRunning.spectator as ReplayPage;
      expect(spectators.viewer).toBeNull();
      expect(spectators.steps.every((step) => (step.view as LiarsDiceView).myDice === null)).toBe(true);
      expect(spectators.start?.view).toMatchObject({ myDice: null });
      expect(whileRunning.anonymous).toEqual({ ...spectators, match: whileRunning.anonymous?.match });
    });

    it('gives each player the views the engine computes for them, step by step, and nothing more', async () => {
      const full = await anonymous.replay(table.id);
      const seed = full.start?.seed as string;
      let position = startOfReplay(game, startFrom({ ...(full.start as ReplayPage['start'] & object), seed }));
      const running = whileRunning.alice as ReplayPage;
      expect(running.start?.view).toEqual(viewFor(game, position, table.seats[0]?.userId ?? null));
      for (const [index, step] of running.steps.entries()) {
        position = replayStep(game, position, replayStepOf(step), index + 1);
        expect(step.view).toEqual(viewFor(game, position, table.seats[0]?.userId ?? null));
      }
    });

    it('replays a finished match in full: the seed, every step with its fingerprint, and the final hash', async () => {
      const full = await anonymous.replay(table.id);
      expect(full).toMatchObject({ reveal: 'full', viewer: null, next: null, match: { status: 'finished' } });
      expect(full.steps.length).toBeGreaterThan(6);
      expect(full.steps.every((step) => step.hash?.length === STEP_HASH_LENGTH && step.view === undefined)).toBe(true);
      expect(full.steps.find((step) => step.move === '$leave')).toMatchObject({ player: table.seats[2]?.userId });
      const checked = checkReplay(
        game,
        startFrom({ ...(full.start as ReplayPage['start'] & object), seed: full.start?.seed as string }),
        full.steps.map(recordedStepOf),
        full.finalHash,
      );
      expect(checked).toMatchObject({ ok: true, hashedSteps: full.steps.length });
      expect(checked.ok && matchHash(checked.final)).toBe(full.finalHash);
      expect(verifyReplayExport(game, { ...full, next: null })).toMatchObject({ ok: true });
    });

    it('pages a replay: pages of any size join to the whole, and views can be asked for in full', async () => {
      const whole = await anonymous.replayExport(table.id);
      const pages: ReplayPage[] = [await anonymous.replay(table.id, { limit: 3 })];
      while (pages.at(-1)?.next != null)
        pages.push(await anonymous.replay(table.id, { limit: 3, after: pages.at(-1)?.next ?? 0 }));
      expect(pages.slice(0, -1).every((page) => page.steps.length === 3)).toBe(true);
      expect(pages.flatMap((page) => page.steps)).toEqual(whole.steps);
      const withViews = await table.seats[0]?.lobby.replay(table.id, { views: true });
      expect(withViews?.reveal).toBe('full');
      expect(withViews?.steps.map(({ view: _view, position: _position, ...step }) => step)).toEqual(whole.steps);
      expect(withViews?.steps.at(-1)?.position).toMatchObject({ status: 'finished', result: whole.match.result });
      expect(withViews?.steps.every((step) => (step.view as LiarsDiceView).myDice !== null)).toBe(true);
    });

    it('replays a timed match whose player ran out of time, then left: the timeout is a step like any other', async () => {
      const timed = await liarsDiceTable(server, ['dora', 'eli'], { turnMs: 1_000 });
      try {
        // Dora is first to bid, and lets her second run out: the rules bid for her.
        const [dora, eli] = timed.seats as [Table['seats'][0], Table['seats'][0]];
        await stateWhere(eli.client, (state) => state.turn > 1);
        await eli.lobby.leave(timed.id);
        await stateWhere(dora.client, (state) => state.status === 'finished');
        const full = await anonymous.replayExport(timed.id);
        expect(full.steps.map((step) => [step.seq, step.moveId.split(':')[0], step.player])).toEqual([
          [0, 'timeout', dora.userId],
          [0, 'leave', eli.userId],
        ]);
        expect(full.start?.timeControl).toEqual({ turnMs: 1_000 });
        expect(verifyReplayExport(game, full)).toMatchObject({ ok: true, steps: 2, hashedSteps: 2 });
      } finally {
        timed.close();
      }
    }, 60_000);

    it('answers a typed 404 for an unknown match and a 400 for a bad page', async () => {
      await expect(anonymous.replay('no-such-match')).rejects.toMatchObject({ code: 'unknown_game', status: 404 });
      await expect(anonymous.replay(table.id, { limit: 1001 })).rejects.toMatchObject({
        code: 'bad_args',
        status: 400,
      });
    });

    async function seedOf(id: string): Promise<string> {
      return (await anonymous.replay(id)).start?.seed as string;
    }
  });
});

const viewKeys = ['bid', 'diceCounts', 'lastReveal', 'myDice', 'round'];
