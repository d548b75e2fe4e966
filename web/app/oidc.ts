import * as oauth from 'oauth4webapi';
import * as z from 'zod';
import type { UiAuth } from '../../src/protocol/ui-config.js';

/**
 * Sign-in with an OIDC provider: the Authorization Code flow with PKCE, by oauth4webapi (discovery,
 * state, nonce and ID token checks are the library's, not ours). The UI is a public client: it has
 * no secret, so PKCE is what binds the code to this browser.
 */
export type OidcAuth = Extract<UiAuth, { mode: 'oidc' }>;

/** What a sign-in or a refresh yields: the token to present to turngate, and how to renew it. */
export interface OidcTokens {
  readonly token: string;
  readonly refreshToken?: string;
  /** The ID token, for `id_token_hint` when signing out at the provider. */
  readonly idToken?: string;
}

/** What must survive the redirect to the provider and back; per tab, gone once used. */
const PENDING_KEY = 'turngate.oidc.pending';
const DEFAULT_SCOPES = 'openid offline_access';

const pendingSchema = z.object({
  verifier: z.string(),
  state: z.string(),
  nonce: z.string(),
  /** The page's route (`#/match/…`) to come back to. */
  returnTo: z.string(),
});
type Pending = z.infer<typeof pendingSchema>;

const clientOf = (auth: OidcAuth): oauth.Client => ({ client_id: auth.clientId });

/** The page itself, without query or hash: what the provider must have registered as a redirect URI. */
export const redirectUri = (): string => `${location.origin}${location.pathname}`;

/** Plain http only to a provider on this machine (development and tests); anything else must be https. */
function requestOptions(auth: OidcAuth): { [oauth.allowInsecureRequests]?: boolean } {
  const { protocol, hostname } = new URL(auth.issuer);
  const loopback = hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
  return protocol === 'http:' && loopback ? { [oauth.allowInsecureRequests]: true } : {};
}

const discovered = new Map<string, Promise<oauth.AuthorizationServer>>();

/** The provider's endpoints from its discovery document, fetched once per page load. */
function discover(auth: OidcAuth): Promise<oauth.AuthorizationServer> {
  let server = discovered.get(auth.issuer);
  if (server === undefined) {
    const issuer = new URL(auth.issuer);
    server = oauth
      .discoveryRequest(issuer, { algorithm: 'oidc', ...requestOptions(auth) })
      .then((response) => oauth.processDiscoveryResponse(issuer, response));
    server.catch(() => discovered.delete(auth.issuer));
    discovered.set(auth.issuer, server);
  }
  return server;
}

/** Sends the browser to the provider's sign-in page; it comes back to this page with a code. */
export async function beginSignIn(auth: OidcAuth): Promise<void> {
  const server = await discover(auth);
  if (server.authorization_endpoint === undefined) throw new Error('the provider has no authorization endpoint');
  const pending: Pending = {
    verifier: oauth.generateRandomCodeVerifier(),
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    returnTo: location.hash,
  };
  const url = new URL(server.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: auth.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: auth.scopes ?? DEFAULT_SCOPES,
    code_challenge: await oauth.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
    // Providers hand out a refresh token for offline_access only with explicit consent.
    ...((auth.scopes ?? DEFAULT_SCOPES).split(' ').includes('offline_access') ? { prompt: 'consent' } : {}),
  }).toString();
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  location.assign(url);
}

/** Whether this page load is the provider sending the browser back (with a code or an error). */
export function isCallback(): boolean {
  const params = new URLSearchParams(location.search);
  return sessionStorage.getItem(PENDING_KEY) !== null && (params.has('code') || params.has('error'));
}

/**
 * Finishes a sign-in on the way back from the provider: checks state, trades the code (with the PKCE
 * verifier) for tokens, checks the ID token (issuer, audience, nonce), and puts the address back
 * as it was before the redirect. Throws, with the provider's reason where it gave one, on failure.
 */
export async function completeSignIn(auth: OidcAuth): Promise<OidcTokens> {
  const pending = takePending();
  const callback = new URL(location.href);
  history.replaceState(null, '', `${redirectUri()}${pending?.returnTo ?? ''}`);
  if (pending === undefined) throw new Error('the sign-in was not started from this tab: sign in again');
  const server = await discover(auth);
  const client = clientOf(auth);
  const params = oauth.validateAuthResponse(server, client, callback, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(
    server,
    client,
    oauth.None(),
    params,
    redirectUri(),
    pending.verifier,
    requestOptions(auth),
  );
  const result = await oauth.processAuthorizationCodeResponse(server, client, response, {
    expectedNonce: pending.nonce,
    requireIdToken: true,
  });
  return tokensOf(auth, result);
}

/** A new token from the refresh token, without leaving the page. Throws when the provider refuses. */
export async function refreshSignIn(auth: OidcAuth, refreshToken: string): Promise<OidcTokens> {
  const server = await discover(auth);
  const client = clientOf(auth);
  const response = await oauth.refreshTokenGrantRequest(
    server,
    client,
    oauth.None(),
    refreshToken,
    requestOptions(auth),
  );
  const result = await oauth.processRefreshTokenResponse(server, client, response);
  // Providers may rotate the refresh token or keep the old one valid (Cognito keeps it).
  return tokensOf(auth, result, refreshToken);
}

function tokensOf(auth: OidcAuth, result: oauth.TokenEndpointResponse, previousRefresh?: string): OidcTokens {
  const token = auth.tokenUse === 'access' ? result.access_token : result.id_token;
  if (token === undefined) throw new Error('the provider answered without an ID token');
  const refreshToken = result.refresh_token ?? previousRefresh;
  return {
    token,
    ...(refreshToken ? { refreshToken } : {}),
    ...(result.id_token ? { idToken: result.id_token } : {}),
  };
}

/**
 * Where to send the browser to end the provider's session too, so that the next Sign in asks who you
 * are instead of signing the same account straight back in: the provider's `end_session_endpoint`
 * (OpenID RP-Initiated Logout), else the configured `signOutUrl` (Cognito's `/logout`), else nowhere.
 * The provider sends the browser back to this page.
 */
export async function providerSignOutUrl(auth: OidcAuth, idToken?: string): Promise<URL | undefined> {
  return signOutLocation(await discover(auth), auth, redirectUri(), idToken);
}

/** The sign-out request for a provider with this discovery document, coming back to `returnTo`. */
export function signOutLocation(
  server: Pick<oauth.AuthorizationServer, 'end_session_endpoint'>,
  auth: OidcAuth,
  returnTo: string,
  idToken?: string,
): URL | undefined {
  if (server.end_session_endpoint !== undefined) {
    const url = new URL(server.end_session_endpoint);
    url.search = new URLSearchParams({
      client_id: auth.clientId,
      post_logout_redirect_uri: returnTo,
      ...(idToken ? { id_token_hint: idToken } : {}),
    }).toString();
    return url;
  }
  if (auth.signOutUrl === undefined) return undefined;
  const url = new URL(auth.signOutUrl);
  url.search = new URLSearchParams({ client_id: auth.clientId, logout_uri: returnTo }).toString();
  return url;
}

function takePending(): Pending | undefined {
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (raw === null) return undefined;
  try {
    return pendingSchema.parse(JSON.parse(raw));
  } catch {
    return undefined;
  }
}
