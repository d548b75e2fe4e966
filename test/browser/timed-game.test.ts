import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicTacToe } from '../../games/tic-tac-toe.js';
import { connectGame } from '../../src/client/index.js';
import { stateWhere } from '../client/support/events.js';
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

  it('lists the matches where it is your turn first in the lobby', async () => {
    const [a, b] = await Promise.all([server.lobby.signIn('lobby-ann'), server.lobby.signIn('lobby-ben')]);
    const ann = server.lobby.withToken(a.token);
    const ben = server.lobby.withToken(b.token);
    const seated = async () => {
      const match = await ann.createMatch({ game: 'tic-tac-toe' });
      await ann.join(match.id);
      await ben.join(match.id);
      return match.id;
    };
    const annToMove = await seated();
    const benToMove = await seated(); // newer, so listed first by the server
    const client = connectGame<TicTacToe>({ url: server.webSocketUrl, matchId: benToMove, token: a.token });
    await stateWhere(client, (state) => state.status === 'running');
    await client.move.place({ cell: 4 });
    client.close();

    const page = await signedInPage(browser, server.url, 'lobby-ann');
    pages.push(page);
    await page.page.getByTestId(`match-${benToMove}`).waitFor();
    const order = await page.page.$$eval('[data-testid^="match-"]', (rows) =>
      rows.map((row) => (row as HTMLElement).dataset.testid),
    );
    expect(order.indexOf(`match-${annToMove}`)).toBeLessThan(order.indexOf(`match-${benToMove}`));
    expect(await page.page.getByTestId(`match-${annToMove}`).getByTestId('your-turn').count()).toBe(1);
    expect(await page.page.getByTestId(`match-${benToMove}`).getByTestId('your-turn').count()).toBe(0);
  });
});
