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
  start(client: ProviderClient): Promise<TestProvider>;
}

export interface ProviderClient {
  readonly clientId: string;
  readonly redirectUri: string;
  /** How long its ID tokens live: short, to see the UI renew them. */
  readonly idTokenSeconds?: number;
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

async function startProvider(server: Server, issuer: string, client: ProviderClient): Promise<TestProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: KEY_ID, alg: 'RS256', use: 'sig' };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        token_endpoint_auth_method: 'none',
        redirect_uris: [client.redirectUri],
        // Sign out at the provider comes back to the page, as sign-in does.
        post_logout_redirect_uris: [client.redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [jwk] },
    scopes: ['openid', 'offline_access'],
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    // PKCE is required for a public client by default. The browser calls the token endpoint from the
    // UI's origin: CORS answers that origin only, the origin of the client's redirect URI.
    clientBasedCORS: (_ctx, origin, registered) =>
      registered.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
    features: { devInteractions: { enabled: true } },
    ttl: {
      IdToken: client.idTokenSeconds ?? 3600,
      AccessToken: 3600,
      AuthorizationCode: 60,
      RefreshToken: 86_400,
      Grant: 86_400,
      Session: 86_400,
      Interaction: 600,
    },
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
