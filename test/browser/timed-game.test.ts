import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../client/support/server.js';
import { hasChromium, launchChromium, type WatchedPage } from './support/chromium.js';
import { shareLinkOf, signedInPage, turnSays } from './support/ui.js';

/**
 * A timed tic-tac-toe in real Chromium on the real local runtime: the creator picks a per-move limit in
 * the lobby, both pages count the clock down from the server's deadline, and when X lets it run out
 * the server's own timer ends the match; both pages show the result and the reason.
 */
describe.skipIf(!hasChromium())('a timed match in the web UI', () => {
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

  it('runs out one side’s clock: both pages show who won and why', async () => {
    const alice = await signedInPage(browser, server.url, 'alice');
    pages.push(alice);
    await alice.page.getByTestId('time-tic-tac-toe').selectOption('10000');
    await alice.page.getByTestId('create-tic-tac-toe').click();
    await alice.page.waitForURL(/#\/match\/[^/]+$/);
    const link = await shareLinkOf(alice);

    const bob = await signedInPage(browser, link, 'bob');
    pages.push(bob);
    await bob.page.getByTestId('join-match').click();

    // Alice (X) is on turn with her ten seconds ticking on both pages, then lets them run out.
    for (const watched of [alice, bob]) await watched.page.locator('[data-testid="clock-0"].ticking').waitFor();
    expect(await alice.page.getByTestId('clock-0').textContent()).toMatch(/^alice \(you\): 0:(10|0\d)$/);
    expect(await bob.page.getByTestId('clock-0').textContent()).toMatch(/^alice: 0:(10|0\d)$/);
    await turnSays(alice, 'bob won.');
    await turnSays(bob, 'You won!');
    await alice.page.getByTestId('timeout-notice').filter({ hasText: 'You ran out of time and lost.' }).waitFor();
    await bob.page.getByTestId('timeout-notice').filter({ hasText: 'alice ran out of time and lost.' }).waitFor();
    // The match is over: no clock ticks any more.
    expect(await alice.page.locator('[data-testid^="clock-"].ticking').count()).toBe(0);
    for (const watched of pages) expect(watched.errors).toEqual([]);
  });
});
