import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MATCH_PAGE } from '../../src/protocol/index.js';
import { startTestServer, type TestServer } from '../client/support/server.js';
import { hasChromium, launchChromium } from './support/chromium.js';
import { signedInPage } from './support/ui.js';

/** The lobby shows one bounded page of matches at a time, with Older and Newer to move between pages. */
describe.skipIf(!hasChromium())('the lobby’s pages in Chromium', () => {
  let browser: Browser;
  let server: TestServer;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('pages through more matches than fit on one page', async () => {
    const { token } = await server.lobby.signIn('alice');
    const lobby = server.lobby.withToken(token);
    for (let index = 0; index < DEFAULT_MATCH_PAGE + 2; index++) await lobby.createMatch({ game: 'tic-tac-toe' });

    const { page, errors } = await signedInPage(browser, server.url, 'alice');
    const rows = page.locator('[data-testid^="match-"][data-game]');
    await page.getByTestId('older-matches').waitFor();
    expect(await rows.count()).toBe(DEFAULT_MATCH_PAGE);
    expect(await page.getByTestId('newer-matches').count()).toBe(0);

    await page.getByTestId('older-matches').click();
    await page.getByTestId('newer-matches').waitFor();
    expect(await rows.count()).toBe(2);
    expect(await page.getByTestId('older-matches').count()).toBe(0);

    await page.getByTestId('newer-matches').click();
    await page.getByTestId('older-matches').waitFor();
    expect(await rows.count()).toBe(DEFAULT_MATCH_PAGE);
    expect(errors).toEqual([]);
  });
});
