import { describe, expect, it } from 'vitest';
import { type OidcAuth, signOutLocation } from '../../web/app/oidc.js';

/** Where the web UI's Sign out sends the browser, per provider (web/app/oidc.ts). */
const auth: OidcAuth = { mode: 'oidc', issuer: 'https://idp.example', clientId: 'web-client' };
const UI = 'https://play.example/';

describe('sign out at the provider', () => {
  it("uses the discovery document's end_session_endpoint, naming the session and the way back", () => {
    const url = signOutLocation({ end_session_endpoint: 'https://idp.example/session/end' }, auth, UI, 'id.token');
    expect(url?.origin + (url?.pathname ?? '')).toBe('https://idp.example/session/end');
    expect(Object.fromEntries(url?.searchParams ?? [])).toEqual({
      client_id: 'web-client',
      post_logout_redirect_uri: UI,
      id_token_hint: 'id.token',
    });
  });

  it("falls back to a configured sign-out URL with Cognito's parameters", () => {
    const cognito = { ...auth, signOutUrl: 'https://game.auth.eu-west-1.amazoncognito.com/logout' };
    const url = signOutLocation({}, cognito, UI, 'id.token');
    expect(url?.href.split('?')[0]).toBe('https://game.auth.eu-west-1.amazoncognito.com/logout');
    expect(Object.fromEntries(url?.searchParams ?? [])).toEqual({ client_id: 'web-client', logout_uri: UI });
  });

  it('signs out in this tab only when the provider offers neither', () => {
    expect(signOutLocation({}, auth, UI)).toBeUndefined();
  });
});
