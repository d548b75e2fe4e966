import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineGame, type PlayerId } from '../../src/engine/index.js';
import { startTestServer, type TestServer } from '../client/support/server.js';
import type { WatchedPage } from './support/chromium.js';
import { hasChromium, launchChromium } from './support/chromium.js';
import { connectFourFromTheDocs } from './support/doc-game.js';
import { createMatch, signedInPage, turnSays } from './support/ui.js';

/** A laptop's window: the move forms must be in view next to the board without scrolling. */
const LAPTOP = { width: 1280, height: 900 };

/** A game with records, text and player ids in its state, and no board of its own. */
const notes = defineGame({
  name: 'notes',
  players: { min: 2, max: 2 },
  setup: ({ players }): { title: string; scores: Record<PlayerId, number>; lastWriter: PlayerId | null } => ({
    title: 'two  spaces\n  and an indented line',
    scores: Object.fromEntries(players.map((player) => [player, 0])),
    lastWriter: null,
  }),
  moves: {
    write: {
      args: z.object({ text: z.string().max(40) }),
      apply: (state, { text }, ctx) => ({
        title: text,
        scores: { ...state.scores, [ctx.currentPlayer]: (state.scores[ctx.currentPlayer] ?? 0) + 1 },
        lastWriter: ctx.currentPlayer,
      }),
    },
  },
});

/** Whether the element's box lies wholly inside the page's viewport. */
async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize();
  if (!box || !viewport) return false;
  return box.y >= 0 && box.x >= 0 && box.y + box.height <= viewport.height && box.x + box.width <= viewport.width;
}

/** Text as the page shows it: unlike textContent, innerText collapses whitespace that the CSS does not keep. */
const shownText = (locator: Locator): Promise<string> =>
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what this test checks
  locator.innerText();

const discs = (watched: WatchedPage) => watched.page.locator('[data-testid="view-grid"] td [data-player]');

/** A legal move the generic board offers, by its args (the server's list: README "Legal moves"). */
const choice = (watched: WatchedPage, move: string, args: object): Locator =>
  watched.page.locator(`[data-testid="legal-${move}-choice"][data-args='${JSON.stringify(args)}']`);

/** Drops a disc with the generic board's choice for that column, and waits until both pages draw it. */
async function drop(mover: WatchedPage, other: WatchedPage, column: number): Promise<void> {
  const before = await discs(mover).count();
  await choice(mover, 'drop', { column }).click();
  await discs(mover).nth(before).waitFor();
  await discs(other).nth(before).waitFor();
}

describe.skipIf(!hasChromium())('the generic board in Chromium', () => {
  let browser: Browser;
  let server: TestServer;

  beforeAll(async () => {
    const connectFour = await connectFourFromTheDocs();
    [browser, server] = await Promise.all([launchChromium(), startTestServer({ games: [connectFour, notes] })]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Alice creates a match of `game` on a laptop's screen, Bob takes the second seat: Alice's turn. */
  async function aliceAndBob(game: string) {
    const alice = await signedInPage(browser, server.url, 'alice', LAPTOP);
    const matchId = await createMatch(alice, game);
    const bob = await signedInPage(browser, `${server.url}#/match/${matchId}`, 'bob', LAPTOP);
    await bob.page.getByTestId('join-match').click();
    await turnSays(alice, 'Your turn.');
    return { alice, bob, matchId };
  }

  it('plays Connect Four from the docs: a grid, its legal moves in view, a full column not offered, the log at its newest, the end', async () => {
    const { alice, bob } = await aliceAndBob('connect-four');

    // The columns are a table, not a list; the legal drops are in view beside it, one per column, no form.
    const grid = alice.page.locator('[data-key="columns"] [data-testid="view-grid"]');
    expect(await grid.evaluate((element) => element.tagName)).toBe('TABLE');
    expect(await alice.page.locator('[data-key="columns"] li').count()).toBe(0);
    expect(await grid.locator('tbody tr').count()).toBe(7);
    expect(await inViewport(alice.page, alice.page.getByTestId('legal-drop'))).toBe(true);
    expect(await alice.page.getByTestId('legal-drop-choice').count()).toBe(7);
    expect(await alice.page.getByTestId('move-form-drop').isVisible()).toBe(false);

    // Column 0 filled, each disc its player's name in their seat's colour.
    for (let disc = 0; disc < 6; disc++) await drop(disc % 2 === 0 ? alice : bob, disc % 2 === 0 ? bob : alice, 0);
    const first = bob.page.locator('td[data-row="0"][data-column="0"] [data-player]');
    expect(await first.getAttribute('data-player')).toBe('alice');
    expect(await first.getAttribute('class')).toContain('seat-0');
    expect(await bob.page.locator('td[data-row="0"][data-column="1"] [data-player]').getAttribute('class')).toContain(
      'seat-1',
    );

    // Only the moves a player may make now are offered: Bob, waiting, has none, and a line that says why.
    await bob.page.getByTestId('moves-note').filter({ hasText: 'No move for you now. Waiting for alice.' }).waitFor();
    expect(await bob.page.getByTestId('legal-drop').isVisible()).toBe(false);

    // Column 0 is full: the rules would refuse a seventh disc, so the board offers none.
    await alice.page.getByTestId('legal-drop-choice').nth(5).waitFor();
    expect(await alice.page.getByTestId('legal-drop-choice').count()).toBe(6);
    expect(await choice(alice, 'drop', { column: 0 }).count()).toBe(0);
    expect(await inViewport(alice.page, alice.page.getByTestId('legal-drop'))).toBe(true);

    // Columns 1 and 2 alternate too (no four anywhere), then Alice's disc in column 3 makes four in row 0.
    for (const column of [1, 2]) {
      for (let disc = 0; disc < 6; disc++) {
        await drop(disc % 2 === 0 ? alice : bob, disc % 2 === 0 ? bob : alice, column);
      }
    }
    await drop(alice, bob, 3);
    await turnSays(alice, 'You won!');
    await turnSays(bob, 'alice won.');

    // The log shows its newest entry: the 19th move, scrolled into its box.
    const log = alice.page.getByTestId('move-log');
    await alice.page.getByTestId('log-entry').nth(18).waitFor();
    await alice.page.getByTestId('inspector-moves').filter({ hasText: '19' }).waitFor();
    const newest = await log.evaluate((element) => {
      const last = element.lastElementChild?.getBoundingClientRect();
      const box = element.getBoundingClientRect();
      return {
        overflows: element.scrollHeight > element.clientHeight,
        lastShown: last !== undefined && last.bottom <= box.bottom + 1 && last.top >= box.top - 1,
      };
    });
    expect(newest).toEqual({ overflows: true, lastShown: true });
    expect(await alice.page.getByTestId('inspector-turn').textContent()).toBe('–');

    // The end: the result where the forms were, beside the final position, and no form left.
    for (const [watched, words] of [
      [alice, 'Game over. You won!'],
      [bob, 'Game over. alice won.'],
    ] as const) {
      await watched.page.getByTestId('moves-note').filter({ hasText: words }).waitFor();
      expect(await watched.page.getByTestId('legal-drop').isVisible()).toBe(false);
      expect(await watched.page.getByText('Final position').isVisible()).toBe(true);
      expect(await discs(watched).count()).toBe(19);
    }
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it('shows records as labelled fields, text with its whitespace, and players by name', async () => {
    const { alice, bob, matchId } = await aliceAndBob('notes');

    const title = alice.page.locator('[data-key="title"] dd');
    expect(await shownText(title)).toBe('two  spaces\n  and an indented line');
    const scores = alice.page.locator('[data-key="scores"]');
    expect(await scores.locator('dt').allTextContents()).toEqual(['scores', 'alice (you)', 'bob']);
    expect(await scores.locator('dt [data-player="bob"]').getAttribute('class')).toContain('seat-1');

    // Free text has no list of legal values: the move gets a form, and a refusal is shown under it, in view.
    await alice.page.getByTestId('move-write-text').fill('x'.repeat(41));
    await alice.page.getByTestId('move-write').click();
    const problem = alice.page.getByTestId('move-write-problem');
    await problem.filter({ hasText: 'The move’s arguments are not valid.' }).waitFor();
    expect(await inViewport(alice.page, problem)).toBe(true);
    await alice.page.getByTestId('move-write-text').fill('a   b');
    await alice.page.getByTestId('move-write').click();
    await bob.page.locator('[data-key="lastWriter"] [data-player="alice"]').waitFor();
    expect(await shownText(bob.page.locator('[data-key="title"] dd'))).toBe('a   b');
    expect(await bob.page.locator('[data-key="lastWriter"] [data-player="alice"]').getAttribute('class')).toContain(
      'seat-0',
    );

    // A spectator sees the view, and no form: only seated players move.
    const carol = await signedInPage(browser, `${server.url}#/match/${matchId}`, 'carol', LAPTOP);
    await carol.page.getByTestId('moves-note').filter({ hasText: 'You are watching' }).waitFor();
    expect(await carol.page.getByTestId('move-form-write').isVisible()).toBe(false);
    expect([...alice.errors, ...bob.errors, ...carol.errors]).toEqual([]);
  });
});
