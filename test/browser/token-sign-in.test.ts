import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/index.js';
import { startTestServer, type TestServer } from '../client/support/server.js';
import { hasChromium, launchChromium, openPage } from './support/chromium.js';

const SECRET = 'browser-token-secret-browser-token-secret';

/**
 * A server whose tokens come from the game's own sign-in (HS256 without the development sign-in, as
 * an HS256 stack on AWS is): the UI asks for a token, and the server says whose it is or why not.
 */
describe.skipIf(!hasChromium())('signing in with a pasted token in Chromium', () => {
  let browser: Browser;
  let server: TestServer;

  beforeAll(async () => {
    [browser, server] = await Promise.all([
      launchChromium(),
      startTestServer({ tokenSecret: SECRET, devSignIn: false }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const tokenFor = (userId: string, expiresIn: string) =>
    signToken({ userId, secret: SECRET, issuer: 'turngate-local', audience: 'turngate', expiresIn });

  it('signs in whoever the token names, and refuses an expired one with the reason', async () => {
    const watched = await openPage(browser, server.url);
    const { page } = watched;
    await page.getByTestId('sign-in-token').fill(await tokenFor('gina', '-1h'));
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('sign-in-error').filter({ hasText: 'Your sign-in has expired' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('turngate.session'))).toBeNull();

    await page.getByTestId('sign-in-token').fill(await tokenFor('gina', '1h'));
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('user-id').filter({ hasText: 'gina' }).waitFor();
    await page.getByTestId('lobby').waitFor();
    // The only console error is the browser's own report of the refused lobby call.
    expect(watched.errors.filter((error) => !error.includes('401'))).toEqual([]);
  });
});
