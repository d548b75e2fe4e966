import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiarsDiceState, liarsDice } from '../../games/liars-dice.js';
import type { ReplayExport } from '../../src/client/index.js';
import { type AnyGame, type Match, replayStep, startOfReplay, viewFor } from '../../src/engine/index.js';
import { replayStepOf, startFrom } from '../../src/protocol/index.js';
import { startTestServer, type TestServer } from '../client/support/server.js';
import { liarsDiceTable, type Table } from '../support/liars-dice-table.js';
import type { WatchedPage } from './support/chromium.js';
import { hasChromium, launchChromium } from './support/chromium.js';
import { signedInPage } from './support/ui.js';

const game = liarsDice as unknown as AnyGame;

/** What one replay board shows: the dice it holds as its own, and the dice of the last challenge (public). */
interface Shown {
  readonly own: number[];
  readonly revealed: number[];
  readonly others: number;
}

/**
 * The replay viewer in Chromium, on a Liar's Dice match played through the real server: watched as a
 * player while it runs (the server's views: their own dice, never an opponent's), then once it is over
 * (recomputed in the page from the seed: every seat's dice at every position, checked against the
 * engine here), stepping forward, back, by the slider and by play.
 */
describe.skipIf(!hasChromium())('the replay viewer, in Chromium', () => {
  let browser: Browser;
  let server: TestServer;
  let table: Table;
  /** What bob's page showed at each position while the match ran, and the page's whole HTML. */
  const duringPlay: { shown: Shown[]; html: string[] } = { shown: [], html: [] };
  let runningSteps = 0;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startTestServer()]);
    table = await liarsDiceTable({ url: server.url.replace(/\/$/, ''), wsUrl: server.webSocketUrl }, ['alice', 'bob']);
    runningSteps = await table.playUntil((steps) => steps === 5);
  }, 120_000);
  afterAll(async () => {
    table?.close();
    await browser?.close();
    await server?.close();
  });

  const seat = (name: string) => {
    const found = table.seats.find((candidate) => candidate.name === name);
    if (found === undefined) throw new Error(`no seat ${name}`);
    return found;
  };

  it('shows a player of a running match their own dice at every step, and none of the opponent’s', async () => {
    const bob = seat('bob');
    const page = await openReplay(bob.userId);
    await expect(page.page.getByTestId('replay-verdict').getAttribute('data-verdict')).resolves.toBe('views');
    expect(await page.page.getByTestId('replay-board').count()).toBe(1);
    await expect(page.page.getByTestId('replay-board').getAttribute('data-perspective')).resolves.toBe(bob.userId);
    for (let position = 0; position <= runningSteps; position++) {
      await at(page, position);
      duringPlay.shown.push(await shownOn(page, bob.userId));
      duringPlay.html.push(await page.page.content());
      if (position < runningSteps) await page.page.getByTestId('replay-forward').click();
    }
    expect(page.errors).toEqual([]);
    await page.context.close();
  }, 120_000);

  it('steps back and forth through the finished match, every seat’s dice at every position', async () => {
    await table.playUntil(() => false);
    const exported = await server.lobby.replayExport(table.id);
    const positions = replayed(exported);
    const [alice, bob] = [seat('alice'), seat('bob')];

    // What bob's page showed while the match ran was his own dice alone, and the public reveal.
    duringPlay.shown.forEach((shown, position) => {
      const match = positions[position] as Match;
      expect(shown.own).toEqual(diceOf(match, bob.userId));
      expect(shown.revealed).toEqual(revealedOf(match));
      expect(shown.others).toBe(0);
    });
    for (const html of duringPlay.html) expect(html).not.toContain(exported.start?.seed);

    // From the match page's Replay link, as a spectator: the page recomputes the match from the seed.
    const watcher = await signedInPage(browser, `${server.url}#/match/${table.id}`, `watcher-${Date.now()}`);
    await watcher.page.getByTestId('replay-link').click();
    await watcher.page.getByTestId('replay-page').waitFor();
    await expect(watcher.page.getByTestId('replay-verdict').getAttribute('data-verdict')).resolves.toBe('verified');
    expect(await watcher.page.getByTestId('replay-board').count()).toBe(2);
    const last = positions.length - 1;
    const check = async (position: number) => {
      await at(watcher, position);
      const match = positions[position] as Match;
      for (const player of [alice.userId, bob.userId]) {
        const shown = await shownOn(watcher, player);
        expect(shown.own).toEqual(diceOf(match, player));
        expect(shown.revealed).toEqual(revealedOf(match));
      }
    };
    for (let position = 0; position <= last; position++) {
      await check(position);
      if (position < last) await watcher.page.getByTestId('replay-forward').click();
    }
    for (let position = last - 1; position >= last - 3; position--) {
      await watcher.page.getByTestId('replay-back').click();
      await check(position);
    }
    await watcher.page.getByTestId('replay-slider').fill('2');
    await check(2);
    await watcher.page.getByTestId('replay-play').click();
    await at(watcher, 3);
    await watcher.page.getByTestId('replay-play').click();
    expect(await watcher.page.getByTestId('replay-play').getAttribute('data-playing')).toBe('false');
    // The last position is the result the server recorded.
    await watcher.page.getByTestId('replay-last').click();
    await check(last);
    expect(watcher.errors).toEqual([]);
    await watcher.context.close();
  }, 180_000);

  async function openReplay(userId: string): Promise<WatchedPage> {
    const watched = await signedInPage(browser, `${server.url}#/match/${table.id}/replay`, userId);
    await watched.page.getByTestId('replay-page').waitFor();
    await watched.page.getByTestId('replay-controls').waitFor();
    return watched;
  }
});

/** Waits until the page shows `position` (0: the start). */
async function at(watched: WatchedPage, position: number): Promise<void> {
  const text = position === 0 ? /^The start/ : new RegExp(`^Step ${position} of`);
  await watched.page.getByTestId('replay-position').filter({ hasText: text }).waitFor();
}

/** The dice on the replay board drawn as `perspective`. */
async function shownOn(watched: WatchedPage, perspective: string): Promise<Shown> {
  const board = watched.page.locator(`[data-testid="replay-board"][data-perspective="${perspective}"]`);
  const values = (testid: string) =>
    board
      .locator(`[data-testid="${testid}"]`)
      .evaluateAll((dice) => dice.map((die) => Number(die.getAttribute('data-value'))));
  const [own, revealed, all] = await Promise.all([
    values('my-die'),
    values('revealed-die'),
    board.locator('[data-value]').count(),
  ]);
  return { own, revealed, others: all - own.length - revealed.length };
}

/** Every position of the match, recomputed by the engine from the published seed. */
function replayed(exported: ReplayExport): Match[] {
  const start = exported.start;
  if (start?.seed === undefined) throw new Error('the finished match published no seed');
  const positions = [startOfReplay(game, startFrom({ ...start, seed: start.seed }))];
  for (const [index, step] of exported.steps.entries()) {
    positions.push(replayStep(game, positions.at(-1) as Match, replayStepOf(step), index + 1));
  }
  return positions;
}

const diceOf = (match: Match, player: string): readonly number[] => (match.state as LiarsDiceState).dice[player] ?? [];

/** The dice the last challenge showed: public, in the spectator's view too. */
const revealedOf = (match: Match): number[] => {
  const view = viewFor(game, match, null) as { lastReveal: { dice: Record<string, number[]> } | null };
  return Object.values(view.lastReveal?.dice ?? {}).flat();
};
