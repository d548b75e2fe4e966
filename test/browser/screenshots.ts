/**
 * Regenerates the README's screenshots in docs/ from a real run: `npx tsx test/browser/screenshots.ts`.
 * Not a test (it writes into the repository), but it drives the same UI the browser tests check.
 */
import { join } from 'node:path';
import { startTestServer } from '../client/support/server.js';
import { launchChromium } from './support/chromium.js';
import { createMatch, place, shareLinkOf, signedInPage, turnSays } from './support/ui.js';

const docs = join(import.meta.dirname, '..', '..', 'docs');

const [browser, server] = await Promise.all([launchChromium(), startTestServer()]);
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
  console.log(`screenshots written to ${docs}`);
} finally {
  await browser.close();
  await server.close();
}
