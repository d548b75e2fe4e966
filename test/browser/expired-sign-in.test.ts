import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/index.js';
import { startTestServer, type TestServer } from '../client/support/server.js';
import { hasChromium, launchChromium, openPageWithSession } from './support/chromium.js';

const SECRET = 'browser-test-secret-browser-test-secret!';

/**
 * A browser cannot read why a WebSocket upgrade was refused, so an expired token would otherwise
 * leave the page reconnecting forever: the UI asks the lobby API (`GET /api/me`) and signs out.
 */
describe.skipIf(!hasChromium())('an expired sign-in in Chromium', () => {
  let browser: Browser;
  let server: TestServer;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startTestServer({ tokenSecret: SECRET })]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sends the user back to the sign-in form with the reason, instead of reconnecting forever', async () => {
    const expired = await signToken({
      userId: 'zoe',
      secret: SECRET,
      issuer: 'turngate-local',
      audience: 'turngate',
      expiresIn: '-1h',
    });
    const watched = await openPageWithSession(browser, server.url, { token: expired, userId: 'zoe' });
    await watched.page.getByTestId('sign-in-error').filter({ hasText: 'Your sign-in has expired' }).waitFor();
    expect(await watched.page.evaluate(() => sessionStorage.getItem('turngate.session'))).toBeNull();
    // The only console error is the browser's own report of the refused lobby call.
    expect(watched.errors.filter((error) => !error.includes('401'))).toEqual([]);
  });
});
