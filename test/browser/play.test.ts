import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../client/support/server.js';
import { hasChromium, launchChromium, type WatchedPage } from './support/chromium.js';
import { boardOf, createMatch, place, shareLinkOf, signedInPage, turnSays } from './support/ui.js';

/**
 * The web UI end to end: real Chromium, the real local runtime, one browser and one context per person.
 */
describe.skipIf(!hasChromium())('the web UI in Chromium', () => {
  let browser: Browser;
  let server: TestServer;
  const pages: WatchedPage[] = [];

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const person = async (name: string, url = server.url, viewport?: { width: number; height: number }) => {
    const watched = await signedInPage(browser, url, name, viewport);
    pages.push(watched);
    return watched;
  };

  it('two players play tic-tac-toe to a win that both screens and a spectator show', async () => {
    const alice = await person('alice');
    const matchId = await createMatch(alice, 'tic-tac-toe');
    await turnSays(alice, 'Waiting for players (1 of 2 seated).');
    const link = await shareLinkOf(alice);
    expect(link).toBe(`${server.url}#/match/${matchId}`);

    // Bob follows the shared link on a phone-sized screen and takes the free seat.
    const bob = await person('bob', link, { width: 375, height: 740 });
    await bob.page.getByTestId('join-match').click();
    await turnSays(bob, 'Waiting for alice.');
    await turnSays(alice, 'Your turn.');

    const carol = await person('carol', link);
    await carol.page.getByTestId('spectating').waitFor();
    await turnSays(carol, 'Waiting for alice.');

    // Out of turn: the click goes to the server, which refuses; the page says why in plain words.
    await bob.page.getByTestId('cell-0').click();
    await bob.page.getByTestId('error-message').filter({ hasText: 'It is not your turn.' }).waitFor();
    expect(await boardOf(bob)).toEqual(Array(9).fill(''));

    await place(alice, 0, 'X');
    await turnSays(bob, 'Your turn.');
    await place(bob, 3, 'O');
    await place(alice, 1, 'X');

    // A reload mid-game restores the board from the server (the session survives in sessionStorage).
    await bob.page.locator('[data-testid="cell-1"][data-mark="X"]').waitFor();
    await bob.page.reload();
    await bob.page.locator('[data-testid="cell-1"][data-mark="X"]').waitFor();
    expect(await boardOf(bob)).toEqual(['X', 'X', '', 'O', '', '', '', '', '']);
    await turnSays(bob, 'Your turn.');
    // Bob's phone-sized page fits its width: nothing scrolls sideways.
    expect(await bob.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(
      0,
    );

    await place(bob, 4, 'O');
    await place(alice, 2, 'X');

    await turnSays(alice, 'You won!');
    await turnSays(bob, 'alice won.');
    await turnSays(carol, 'alice won.');
    const finalBoard = ['X', 'X', 'X', 'O', 'O', '', '', '', ''];
    for (const watched of [alice, bob, carol]) expect(await boardOf(watched)).toEqual(finalBoard);

    // The inspector: version, status and the move log (who, what) from the HTTP API.
    await alice.page.getByTestId('log-entry').nth(4).waitFor();
    const log = await alice.page.getByTestId('log-entry').allInnerTexts();
    expect(log).toHaveLength(5);
    expect(log[0]).toMatch(/alice.*place \{"cell":0\}/);
    expect(log[1]).toMatch(/bob.*place \{"cell":3\}/);
    expect(await alice.page.getByTestId('inspector-status').textContent()).toBe('finished');
    const raw = JSON.parse((await alice.page.getByTestId('raw-view').textContent()) ?? '') as { board: string[] };
    expect(raw.board).toEqual(finalBoard.map((mark) => mark || null));
  });

  it("in Liar's Dice each page shows its own dice and only a count of the opponent's", async () => {
    const dana = await person('dana');
    await createMatch(dana, 'liars-dice');
    const eve = await person('eve', await shareLinkOf(dana));
    await eve.page.getByTestId('join-match').click();
    await turnSays(dana, 'Your turn.');
    await turnSays(eve, 'Waiting for dana.');

    const danaDice = await ownDice(dana);
    const eveDice = await ownDice(eve);
    for (const [watched, own, opponent] of [
      [dana, danaDice, 'eve'],
      [eve, eveDice, 'dana'],
    ] as const) {
      expect(own).toHaveLength(3);
      // The only dice on the page are the viewer's own; the opponent is a count.
      const shown = await watched.page.$$eval('[data-value]', (dice) =>
        dice.map((die) => die.getAttribute('data-value')),
      );
      expect(shown.map(Number)).toEqual(own);
      await expect(watched.page.getByTestId(`opponent-${opponent}`).getAttribute('data-dice-count')).resolves.toBe('3');
      const view = JSON.parse((await watched.page.getByTestId('raw-view').textContent()) ?? '') as Record<
        string,
        unknown
      >;
      expect(Object.keys(view).sort()).toEqual(['bid', 'diceCounts', 'lastReveal', 'myDice', 'round']);
      expect(view.myDice).toEqual(own);
    }

    // A spectator sees counts only: not one die on the page, nor in the raw view.
    const fay = await person('fay', await shareLinkOf(dana));
    await fay.page.getByTestId('spectating').waitFor();
    await expect(fay.page.getByTestId('opponent-dana').getAttribute('data-dice-count')).resolves.toBe('3');
    expect(await fay.page.locator('[data-value]').count()).toBe(0);
    const spectatorView = JSON.parse((await fay.page.getByTestId('raw-view').textContent()) ?? '') as Record<
      string,
      unknown
    >;
    expect(spectatorView.myDice).toBeNull();

    // A bid travels through the server to both screens.
    await dana.page.getByTestId('bid-quantity').fill('2');
    await dana.page.getByTestId('bid-face').selectOption('5');
    await dana.page.getByTestId('bid-submit').click();
    await eve.page.getByTestId('current-bid').filter({ hasText: 'dana bids 2 × ⚄' }).waitFor();
    await turnSays(eve, 'Your turn.');
  });

  it('logs no console errors on any page', () => {
    expect(pages.length).toBeGreaterThan(0);
    for (const watched of pages) expect(watched.errors).toEqual([]);
  });
});

async function ownDice(watched: WatchedPage): Promise<number[]> {
  await watched.page.getByTestId('my-die').first().waitFor();
  return (
    await watched.page.getByTestId('my-die').evaluateAll((dice) => dice.map((die) => die.getAttribute('data-value')))
  ).map(Number);
}
