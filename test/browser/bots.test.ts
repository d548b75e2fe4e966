import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleGames } from '../../games/index.js';
import { startTestServer, type TestServer } from '../client/support/server.js';
import { hasChromium, launchChromium, type WatchedPage } from './support/chromium.js';
import { connectFourFromTheDocs } from './support/doc-game.js';
import { boardOf, createMatch, signedInPage } from './support/ui.js';

/**
 * A person plays a bot in Chromium: the lobby seats the bot when the match is made, the board shows
 * the bot's moves as the server plays them, and the generic board offers only the legal moves the
 * server lists.
 */
describe.skipIf(!hasChromium())('playing a bot in the web UI', () => {
  let browser: Browser;
  let server: TestServer;
  const pages: WatchedPage[] = [];

  beforeAll(async () => {
    const connectFour = await connectFourFromTheDocs();
    [browser, server] = await Promise.all([
      launchChromium(),
      startTestServer({ games: [...exampleGames, connectFour] }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const person = async (name: string) => {
    const watched = await signedInPage(browser, server.url, name);
    pages.push(watched);
    return watched;
  };

  it('plays tic-tac-toe against the search bot to the end, the bot answering each move', async () => {
    const alice = await person('alice');
    await alice.page.getByTestId('opponents-tic-tac-toe').selectOption('mcts');
    await createMatch(alice, 'tic-tac-toe');
    const { page } = alice;
    // Alice plays X and moves first; each time, the first free cell.
    for (let move = 1; ; move++) {
      const over = page.getByTestId('turn-status').filter({ hasText: /won|draw/ });
      await Promise.race([page.getByTestId('turn-status').filter({ hasText: 'Your turn.' }).waitFor(), over.waitFor()]);
      if (await over.count()) break;
      const board = await boardOf(alice);
      expect(board.filter((mark) => mark === 'O')).toHaveLength(move - 1);
      const free = board.indexOf('');
      await page.getByTestId(`cell-${free}`).click();
      await page.locator(`[data-testid="cell-${free}"][data-mark="X"]`).waitFor();
      expect(move).toBeLessThanOrEqual(5);
    }
    const board = await boardOf(alice);
    expect(board.filter((mark) => mark === 'O').length).toBeGreaterThanOrEqual(
      board.filter((mark) => mark === 'X').length - 1,
    );
    await expect(page.getByTestId('turn-status').textContent()).resolves.toMatch(/bot:mcts:2 won|draw/);
  });

  it('plays Connect Four on the generic board against the random bot, offered only the columns with room', async () => {
    const bob = await person('bob');
    await bob.page.getByTestId('opponents-connect-four').selectOption('random');
    await createMatch(bob, 'connect-four');
    const { page } = bob;
    const choices = page.getByTestId('legal-drop-choice');
    const over = page.getByTestId('moves-note').filter({ hasText: 'Game over' });
    for (let move = 0; move < 21; move++) {
      await Promise.race([choices.first().waitFor(), over.waitFor()]);
      if (await over.count()) break;
      // Every column offered has room; every column with room is offered.
      const offered = (await choices.evaluateAll((buttons) => buttons.map((button) => button.dataset.args))).map(
        (args) => (JSON.parse(args ?? '{}') as { column: number }).column,
      );
      // The view is `columns` (a column's discs, bottom first): the grid's row c is column c, full at its sixth disc.
      const full = await page.$$eval('td[data-column="5"] [data-player]', (cells) =>
        cells.map((cell) => Number(cell.closest('td')?.dataset.row)),
      );
      expect(offered.sort()).toEqual([0, 1, 2, 3, 4, 5, 6].filter((column) => !full.includes(column)));
      expect(await page.getByTestId('move-form-drop').isVisible()).toBe(false);
      const discs = await page.locator('[data-testid="view-grid"] td [data-player]').count();
      await choices.first().click();
      // Bob's disc, then (unless that ended it) the bot's: the grid grows by two.
      await Promise.race([
        page
          .locator('[data-testid="view-grid"] td [data-player]')
          .nth(discs + 1)
          .waitFor(),
        over.waitFor(),
      ]);
    }
    await over.waitFor();
  });

  it('logs no console errors on any page', () => {
    expect(pages.length).toBeGreaterThan(0);
    for (const watched of pages) expect(watched.errors).toEqual([]);
  });
});
