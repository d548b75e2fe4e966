import { generateKeyPair, SignJWT } from 'jose';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../client/support/server.js';
import { hasChromium, launchChromium, openPage, openPageWithSession, type WatchedPage } from './support/chromium.js';
import { listenForProvider, type TestProvider } from './support/oidc-provider.js';
import { createMatch, place, shareLinkOf, turnSays } from './support/ui.js';

const CLIENT_ID = 'turngate-web';

/**
 * Sign-in through an OIDC provider, end to end: the local runtime in JWKS mode (as on AWS), a real
 * provider on loopback, and the web UI's Authorization Code flow with PKCE in Chromium.
 */
describe.skipIf(!hasChromium())('OIDC sign-in in Chromium', () => {
  let browser: Browser;
  let provider: TestProvider;
  let server: TestServer;

  beforeAll(async () => {
    // The provider must know the UI's address (its redirect URI), and the runtime the provider's; the
    // runtime fetches the key set only on the first token, by when the provider answers.
    browser = await launchChromium();
    const listening = await listenForProvider();
    server = await startTestServer({
      tokenIssuer: listening.issuer,
      tokenJwksUrl: listening.jwksUrl,
      tokenAudience: CLIENT_ID,
    });
    // ID tokens live 65 s: the UI renews a minute before expiry, so within seconds of each sign-in.
    provider = await listening.start({ clientId: CLIENT_ID, redirectUri: server.url, idTokenSeconds: 65 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await provider?.close();
  });

  /** Opens the UI as a new person and signs in at the provider as `name`. */
  async function signIn(name: string, url = server.url): Promise<WatchedPage> {
    const watched = await openPage(browser, url);
    const { page } = watched;
    // The provider's development login page imports a web font: nothing leaves loopback in a test.
    await watched.context.route(
      (target) => target.hostname !== '127.0.0.1',
      (route) => route.abort(),
    );
    await page.getByTestId('sign-in-provider').click();
    await page.waitForURL(`${provider.issuer}/**`);
    await page.locator('input[name="login"]').fill(name);
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
    // The consent screen (offline_access asks for it): continue.
    await page.locator('button[type="submit"]').click();
    await page.getByTestId('user-id').filter({ hasText: name }).waitFor();
    return watched;
  }

  it('signs two players in with the provider, and they create a match and play a move', async () => {
    const alice = await signIn('alice');
    expect(new URL(alice.page.url()).search).toBe('');
    const session = await alice.page.evaluate(() => JSON.parse(sessionStorage.getItem('turngate.session') ?? '{}'));
    expect(session).toMatchObject({ userId: 'alice', refreshToken: expect.any(String), expiresAt: expect.any(Number) });

    const matchId = await createMatch(alice, 'tic-tac-toe');
    const link = await shareLinkOf(alice);
    // Bob follows the link, signs in at the provider and comes back to the match, not the lobby.
    const bob = await signIn('bob', link);
    expect(bob.page.url()).toBe(`${server.url}#/match/${matchId}`);
    await bob.page.getByTestId('join-match').click();
    await turnSays(alice, 'Your turn.');
    await place(alice, 4, 'X');
    await turnSays(bob, 'Your turn.');
    // The provider's pages fail to load that font and a favicon; the UI's own pages report nothing.
    const ours = (errors: readonly string[]) => errors.filter((error) => !error.includes('Failed to load resource'));
    expect(ours(alice.errors)).toEqual([]);
    expect(ours(bob.errors)).toEqual([]);
  });

  it('renews the token with the refresh token before it expires, without leaving the page', async () => {
    const carol = await signIn('carol');
    const tokenIn = () =>
      carol.page.evaluate(() => JSON.parse(sessionStorage.getItem('turngate.session') ?? '{}').token as string);
    const first = await tokenIn();
    await carol.page.waitForFunction(
      (old) => JSON.parse(sessionStorage.getItem('turngate.session') ?? '{}').token !== old,
      first,
    );
    const renewed = await tokenIn();
    expect(await server.lobby.withToken(renewed).me()).toEqual({ userId: 'carol', ratings: [] });
    expect(carol.page.url()).toBe(server.url);
    await carol.page.getByTestId('lobby').waitFor();
  });

  it('signs out at the provider too, so the next sign-in asks who you are', async () => {
    const erin = await signIn('erin');
    const { page } = erin;
    await page.getByTestId('sign-out').click();
    // The provider's RP-initiated logout page (end_session_endpoint from its discovery document).
    await page.waitForURL(`${provider.issuer}/**`);
    await page.locator('button[name="logout"]').click();
    // Back at the UI, signed out; signing in again shows the provider's login form, not erin's session.
    await page.getByTestId('sign-in-provider').waitFor();
    expect(page.url()).toBe(server.url);
    expect(await page.evaluate(() => sessionStorage.getItem('turngate.session'))).toBeNull();
    await page.getByTestId('sign-in-provider').click();
    await page.locator('input[name="login"]').fill('frank');
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').click();
    await page.getByTestId('user-id').filter({ hasText: 'frank' }).waitFor();
  });

  it('says so when the player turns back at the provider, and offers the sign-in again', async () => {
    const watched = await openPage(browser, server.url);
    const { page } = watched;
    await watched.context.route(
      (target) => target.hostname !== '127.0.0.1',
      (route) => route.abort(),
    );
    await page.getByTestId('sign-in-provider').click();
    await page.locator('input[name="login"]').waitFor();
    // The provider's own "abort this interaction" endpoint: what a Cancel link on its page does.
    await page.goto(`${new URL(page.url()).origin}${new URL(page.url()).pathname}/abort`);
    await page.getByTestId('sign-in-error').filter({ hasText: 'End-User aborted interaction' }).waitFor();
    await page.getByTestId('sign-in-provider').waitFor();
    expect(new URL(page.url()).search).toBe('');
  });

  it('re-prompts when a token without a refresh token expires while the page is open', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await provider.sign({ sub: 'dave', aud: CLIENT_ID, iat: now, exp: now + 2 });
    const watched = await openPageWithSession(browser, server.url, {
      token,
      userId: 'dave',
      expiresAt: (now + 2) * 1000,
    });
    await watched.page.getByTestId('lobby').waitFor();
    await watched.page.getByTestId('sign-in-error').filter({ hasText: 'Your sign-in has expired' }).waitFor();
    await watched.page.getByTestId('sign-in-provider').waitFor();
  });

  it.each([
    ['expired', 'Your sign-in has expired'],
    ['foreign', 'a sign-in provider this server does not trust'],
  ] as const)('refuses a token that is %s, and says why on the sign-in page', async (kind, words) => {
    const now = Math.floor(Date.now() / 1000);
    const token =
      kind === 'expired'
        ? await provider.sign({ sub: 'zoe', aud: CLIENT_ID, iat: now - 7200, exp: now - 3600 })
        : await foreignToken({ sub: 'zoe', aud: CLIENT_ID, exp: now + 3600 });
    const watched = await openPageWithSession(browser, server.url, { token, userId: 'zoe' });
    await watched.page.getByTestId('sign-in-error').filter({ hasText: words }).waitFor();
    // Re-prompted: the provider's sign-in button is there again, and the refused token is gone.
    await watched.page.getByTestId('sign-in-provider').waitFor();
    expect(await watched.page.evaluate(() => sessionStorage.getItem('turngate.session'))).toBeNull();
  });
});

/** A token from another provider: its own issuer, its own key. */
async function foreignToken(claims: { sub: string; aud: string; exp: number }): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).setIssuer('https://evil.example').sign(privateKey);
}
