import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import Provider from 'oidc-provider';

/**
 * A real OpenID Provider (panva's oidc-provider) on loopback, for the browser's PKCE sign-in: its
 * development login page accepts any login name as the user's `sub`. The UI is a public client
 * (`token_endpoint_auth_method: none`), for which the provider itself requires PKCE; plain-http
 * redirect URIs are allowed for web clients that do not use the implicit flow.
 */
export interface TestProvider {
  /** `http://127.0.0.1:PORT`: the issuer, and where discovery starts. */
  readonly issuer: string;
  readonly jwksUrl: string;
  /** Signs a token with the provider's own key, with any claims: expired ones, say. */
  sign(claims: JWTPayload & { exp: number }): Promise<string>;
  close(): Promise<void>;
}

const KEY_ID = 'test-key';

export interface ListeningProvider {
  readonly issuer: string;
  readonly jwksUrl: string;
  /** Starts answering, with the UI's client registered at `redirectUri`. */
  start(client: { clientId: string; redirectUri: string }): Promise<TestProvider>;
}

/**
 * Listens first, because the issuer names the port, and the runtime under test must know the issuer
 * before the provider can know the runtime's address (the UI's redirect URI).
 */
export async function listenForProvider(): Promise<ListeningProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer, jwksUrl: `${issuer}/jwks`, start: (client) => startProvider(server, issuer, client) };
}

async function startProvider(
  server: Server,
  issuer: string,
  client: { clientId: string; redirectUri: string },
): Promise<TestProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: KEY_ID, alg: 'RS256', use: 'sig' };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        token_endpoint_auth_method: 'none',
        redirect_uris: [client.redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [jwk] },
    scopes: ['openid', 'offline_access'],
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    // The defaults (CORS for a public client's own origin, PKCE required for it) are what the UI needs.
    features: { devInteractions: { enabled: true } },
  });
  // Its development warnings are not this test's business.
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider', error));
  server.on('request', provider.callback());

  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    sign: (claims) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: KEY_ID }).setIssuer(issuer).sign(privateKey),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
