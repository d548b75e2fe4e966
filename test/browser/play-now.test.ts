import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../client/support/server.js';
import { hasChromium, launchChromium, type WatchedPage } from './support/chromium.js';
import { place, shareLinkOf, signedInPage, turnSays } from './support/ui.js';

const matchIdOf = (watched: WatchedPage): string =>
  decodeURIComponent(new URL(watched.page.url()).hash.replace(/^#\/match\/([^/]+).*$/, '$1'));

/**
 * "Play now" in real Chromium, two people in two browser contexts: both press Play now and land in
 * the same match, play it out, both see their new rating, one presses Rematch and both land in the
 * new match; and a private match's copied invite link seats a friend.
 */
describe.skipIf(!hasChromium())('Play now in Chromium', () => {
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

  const person = async (name: string, url = server.url) => {
    const watched = await signedInPage(browser, url, name);
    pages.push(watched);
    return watched;
  };

  it('two players press Play now, play, see their new ratings, and a rematch takes both to a new match', async () => {
    const [ann, ben] = await Promise.all([person('ann'), person('ben')]);
    await ann.page.getByTestId('play-now-tic-tac-toe').click();
    await ann.page.waitForURL(/#\/match\/[^/]+$/);
    await turnSays(ann, 'Waiting for players (1 of 2 seated).');
    await ben.page.getByTestId('play-now-tic-tac-toe').click();
    await ben.page.waitForURL(/#\/match\/[^/]+$/);
    const first = matchIdOf(ann);
    expect(matchIdOf(ben)).toBe(first);
    await turnSays(ann, 'Your turn.');
    await turnSays(ben, 'Waiting for ann.');

    for (const [who, cell, mark] of [
      [ann, 0, 'X'],
      [ben, 3, 'O'],
      [ann, 1, 'X'],
      [ben, 4, 'O'],
      [ann, 2, 'X'],
    ] as const) {
      await place(who, cell, mark);
    }
    await turnSays(ann, 'You won!');
    await turnSays(ben, 'ann won.');
    await ann.page
      .getByTestId('my-rating')
      .filter({ hasText: /Tic-tac-toe rating: .*\(\+/ })
      .waitFor();
    await ben.page
      .getByTestId('my-rating')
      .filter({ hasText: /Tic-tac-toe rating: / })
      .waitFor();
    const rating = (watched: WatchedPage) => watched.page.getByTestId('my-rating').getAttribute('data-rating');
    expect(Number(await rating(ann))).toBeGreaterThan(Number(await rating(ben)));

    await ben.page.getByTestId('rematch').click();
    await ben.page.waitForURL((url) => !url.hash.includes(first));
    const second = matchIdOf(ben);
    // Ann's page hears of the rematch on the finished match's socket and follows it.
    await ann.page.waitForURL((url) => url.hash.includes(second));
    // Seats rotated: ben starts the rematch.
    await turnSays(ben, 'Your turn.');
    await turnSays(ann, 'Waiting for ben.');
    for (const watched of [ann, ben]) expect(watched.errors).toEqual([]);
  });

  it('a private match is not in the lobby, and its copied invite link seats a friend', async () => {
    const cat = await person('cat');
    await cat.page.getByTestId('create-private-tic-tac-toe').click();
    await cat.page.waitForURL(/#\/match\/[^/]+\/invite\/[^/]+$/);
    const id = matchIdOf(cat);
    const link = await shareLinkOf(cat);
    expect(link).toMatch(new RegExp(`#/match/${id}/invite/[A-Za-z0-9_-]{22}$`));
    const dan = await person('dan', link);
    await dan.page.getByTestId('join-match').click();
    await turnSays(dan, 'Waiting for cat.');
    await turnSays(cat, 'Your turn.');
    const eve = await person('eve');
    await eve.page.getByTestId('matches').waitFor();
    expect(await eve.page.getByTestId(`match-${id}`).count()).toBe(0);
    for (const watched of [cat, dan, eve]) expect(watched.errors).toEqual([]);
  });
});
