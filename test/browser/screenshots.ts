/**
 * Regenerates the README's screenshots in docs/ from a real run: `npx tsx test/browser/screenshots.ts`.
 * Not a test (it writes into the repository), but it drives the same UI the browser tests check.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startTestServer } from '../client/support/server.js';
import { launchChromium } from './support/chromium.js';
import { connectFourFromTheDocs } from './support/doc-game.js';
import { createMatch, place, shareLinkOf, signedInPage, turnSays } from './support/ui.js';

const docs = join(import.meta.dirname, '..', '..', 'docs');

const [browser, server, firstGame] = await Promise.all([
  launchChromium(),
  startTestServer(),
  // What `turngate dev` serves in docs/first-game.md: Connect Four, as that page writes it.
  connectFourFromTheDocs().then((connectFour) => startTestServer({ games: [connectFour] })),
]);
try {
  const alice = await signedInPage(browser, server.url, 'alice');
  await createMatch(alice, 'tic-tac-toe');
  const bob = await signedInPage(browser, await shareLinkOf(alice), 'bob');
  await bob.page.getByTestId('join-match').click();
  await turnSays(alice, 'Your turn.');
  for (const [player, cell, mark] of [
    [alice, 4, 'X'],
    [bob, 1, 'O'],
    [alice, 0, 'X'],
    [bob, 8, 'O'],
    [alice, 6, 'X'],
    [bob, 3, 'O'],
    [alice, 2, 'X'],
  ] as const) {
    await place(player, cell, mark);
  }
  await turnSays(alice, 'You won!');
  await alice.page.getByTestId('log-entry').nth(6).waitFor();
  // One more match in the lobby, waiting for players, so the list shows both kinds.
  const carol = await signedInPage(browser, server.url, 'carol');
  await createMatch(carol, 'liars-dice');
  await alice.page.screenshot({ path: join(docs, 'screenshot-finished-game.png'), fullPage: true });

  // Liar's Dice on a phone, one bid in: the viewer's own dice face up, the opponent's as a count.
  const erin = await signedInPage(browser, server.url, 'erin', { width: 390, height: 844 });
  await createMatch(erin, 'liars-dice');
  const frank = await signedInPage(browser, await shareLinkOf(erin), 'frank');
  await frank.page.getByTestId('join-match').click();
  await turnSays(erin, 'Your turn.');
  await erin.page.getByTestId('bid-quantity').fill('2');
  await erin.page.getByTestId('bid-face').selectOption('4');
  await erin.page.getByTestId('bid-submit').click();
  await turnSays(erin, 'Waiting for frank.');
  await erin.page.getByTestId('log-entry').first().waitFor({ state: 'attached' });
  await erin.page.screenshot({ path: join(docs, 'screenshot-liars-dice-phone.png'), fullPage: true });

  await alice.page.goto(server.url);
  await alice.page.getByTestId('match-list').waitFor();
  await alice.page.screenshot({ path: join(docs, 'screenshot-lobby.png'), fullPage: true });

  await firstGameScreenshots(browser, firstGame.url);
  console.log(`screenshots written to ${docs}`);
} finally {
  await browser.close();
  await server.close();
  await firstGame.close();
}

/**
 * docs/first-game.md §3: Connect Four mid-game on the generic board at a laptop's size, the same match
 * in the debug panel, and the lobby of turngate dev.
 */
async function firstGameScreenshots(browser: Browser, url: string): Promise<void> {
  const laptop = { width: 1280, height: 900 };
  const ann = await signedInPage(browser, url, 'ann', laptop);
  const matchId = await createMatch(ann, 'connect-four');
  const bob = await signedInPage(browser, `${url}#/match/${matchId}`, 'bob', laptop);
  await bob.page.getByTestId('join-match').click();
  await turnSays(ann, 'Your turn.');
  for (const [index, column] of [3, 3, 4, 2, 4, 4, 2, 5].entries()) {
    const [mover, other] = index % 2 === 0 ? [ann, bob] : [bob, ann];
    // The generic board offers the legal drops the server lists (README "Legal moves").
    await mover.page.locator(`[data-testid="legal-drop-choice"][data-args='${JSON.stringify({ column })}']`).click();
    await other.page.locator('[data-testid="view-grid"] td [data-player]').nth(index).waitFor();
  }
  await turnSays(ann, 'Your turn.');
  await ann.page.getByTestId('log-entry').nth(7).waitFor();
  await ann.page.screenshot({ path: join(docs, 'screenshot-first-game-board.png') });
  // §3, one tab: the same match in the debug panel, three steps back (viewport only, to stay small).
  await ann.page.getByTestId('debug-link').click();
  await ann.page.getByTestId('debug-position').filter({ hasText: 'Live, after step 8' }).waitFor();
  for (let step = 0; step < 3; step++) await ann.page.getByTestId('debug-back').click();
  await ann.page.getByTestId('debug-state-caption').filter({ hasText: 'After step 5' }).waitFor();
  await ann.page.screenshot({ path: join(docs, 'screenshot-first-game-debug-panel.png') });
  const carol = await signedInPage(browser, url, 'carol', laptop);
  await createMatch(carol, 'connect-four');
  await ann.page.goto(url);
  await ann.page.getByTestId('match-list').waitFor();
  await ann.page.screenshot({ path: join(docs, 'screenshot-first-game-lobby.png') });
}
