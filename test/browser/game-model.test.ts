import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../client/support/server.js';
import { hasChromium, launchChromium, type WatchedPage } from './support/chromium.js';
import { createMatch, shareLinkOf, signedInPage, turnSays } from './support/ui.js';

/**
 * The game model in the web UI: two players who act at once (rock-paper-scissors), and a move out of
 * turn (resigning tic-tac-toe with the button). Real Chromium, one context per person.
 */
describe.skipIf(!hasChromium())('players who act at once, and moves out of turn, in Chromium', () => {
  let browser: Browser;
  let server: TestServer;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const person = (name: string, url = server.url): Promise<WatchedPage> => signedInPage(browser, url, name);

  async function table(game: string): Promise<[WatchedPage, WatchedPage]> {
    const alice = await person('alice');
    await createMatch(alice, game);
    const bob = await person('bob', await shareLinkOf(alice));
    await bob.page.getByTestId('join-match').click();
    return [alice, bob];
  }

  const choose = (watched: WatchedPage, hand: string) => watched.page.getByTestId(`hand-${hand}`).click();
  const roundSays = (watched: WatchedPage, index: number, text: string) =>
    watched.page.getByTestId('rps-round').nth(index).filter({ hasText: text }).waitFor();

  it('plays rock-paper-scissors in two browsers: both choose at once, neither sees the other’s hand first', async () => {
    const [alice, bob] = await table('rock-paper-scissors');
    await turnSays(alice, 'Your turn, with 1 more to act.');
    await turnSays(bob, 'Your turn, with 1 more to act.');

    await choose(alice, 'rock');
    await alice.page.getByTestId('rps-prompt').filter({ hasText: 'You chose ✊ rock' }).waitFor();
    await turnSays(bob, 'Your turn.');
    await bob.page.getByTestId('rps-prompt').filter({ hasText: 'Your opponent has chosen' }).waitFor();
    // Nothing on Bob's page names Alice's hand (only his own buttons do): not the prompt, the rounds,
    // the raw view, nor the move log.
    await bob.page.getByTestId('log-entry').first().filter({ hasText: 'choose (hidden)' }).waitFor();
    for (const part of ['rps-prompt', 'rps-rounds', 'raw-view', 'move-log']) {
      expect(await bob.page.getByTestId(part).textContent()).not.toMatch(/rock|✊/);
    }

    await choose(bob, 'paper');
    await roundSays(alice, 0, 'bob ✋, bob wins');
    await roundSays(bob, 0, 'bob (you) wins');
    // The second round at the same moment from both pages.
    await Promise.all([choose(alice, 'scissors'), choose(bob, 'scissors')]);
    await roundSays(bob, 1, 'a tie');
    await Promise.all([choose(alice, 'rock'), choose(bob, 'paper')]);
    await turnSays(bob, 'You won!');
    await turnSays(alice, 'bob won.');
    for (const watched of [alice, bob]) expect(watched.errors).toEqual([]);
  });

  it('resigns a tic-tac-toe match with the button, from the player who is not to move', async () => {
    const [alice, bob] = await table('tic-tac-toe');
    await turnSays(bob, 'Waiting for alice.');
    await bob.page.getByTestId('action-offerDraw').waitFor();
    await bob.page.getByTestId('resign').click();
    await turnSays(bob, 'alice won.');
    await turnSays(alice, 'You won!');
    // The match is over: no buttons left to press.
    expect(await alice.page.getByTestId('resign').count()).toBe(0);
    for (const watched of [alice, bob]) expect(watched.errors).toEqual([]);
  });
});
