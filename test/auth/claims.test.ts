import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier, type JwksVerifierConfig } from '../../src/auth/index.js';
import { readAwsConfig } from '../../src/aws/config.js';
import type { TokenRefusal } from '../../src/ports/index.js';
import { hs256, config as secretConfig, unsigned } from './tokens.js';

/**
 * The verifier as a studio configures it for its provider: the audience in `aud` (a list) or in
 * `client_id` (Cognito access tokens), the user id in `sub` or another claim, and every refusal
 * named, so the lobby can tell a player (or a deployer) what is wrong.
 */
const ISSUER = 'https://id.example.test/pool';
const CLIENT = 'ui-client';

let server: Server;
let jwksUrl: string;
let providerKey: CryptoKey;
let foreignKey: CryptoKey;

beforeAll(async () => {
  const [provider, foreign] = await Promise.all([generateKeyPair('RS256'), generateKeyPair('RS256')]);
  providerKey = provider.privateKey;
  foreignKey = foreign.privateKey;
  const jwk = { ...(await exportJWK(provider.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  server = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

interface Signed {
  readonly claims?: JWTPayload;
  readonly iss?: string;
  readonly exp?: string;
  readonly nbf?: string;
  readonly key?: 'provider' | 'foreign';
}

function rs256({
  claims = { sub: 'dana', aud: CLIENT },
  iss = ISSUER,
  exp = '5m',
  nbf,
  key,
}: Signed = {}): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(iss).setExpirationTime(exp);
  if (nbf !== undefined) jwt.setNotBefore(nbf);
  return jwt.sign(key === 'foreign' ? foreignKey : providerKey);
}

const verifierWith = (overrides: Partial<JwksVerifierConfig> = {}) =>
  createTokenVerifier({ jwksUrl, issuer: ISSUER, audience: CLIENT, ...overrides });

describe('the audience rule', () => {
  it('accepts any audience of a list', async () => {
    const verifier = verifierWith({ audience: ['web-client', CLIENT] });
    await expect(verifier.verify(await rs256())).resolves.toEqual({ userId: 'dana' });
  });

  it('reads client_id instead of aud for Cognito access tokens, which carry no aud', async () => {
    const verifier = verifierWith({ audienceClaim: 'client_id' });
    const access = await rs256({ claims: { sub: 'dana', client_id: CLIENT, token_use: 'access' } });
    await expect(verifier.check(access)).resolves.toEqual({ ok: true, identity: { userId: 'dana' } });
    const otherClient = await rs256({ claims: { sub: 'dana', client_id: 'another-app' } });
    await expect(verifier.check(otherClient)).resolves.toEqual({ ok: false, refusal: 'wrong_audience' });
    // An ID token's aud does not stand in for client_id: the rule is one claim, not either.
    await expect(verifier.check(await rs256())).resolves.toEqual({ ok: false, refusal: 'wrong_audience' });
  });
});

describe('the user id claim', () => {
  it('is sub by default and any named claim otherwise', async () => {
    const token = await rs256({ claims: { sub: 'opaque-1234', aud: CLIENT, 'cognito:username': 'dana' } });
    await expect(verifierWith().verify(token)).resolves.toEqual({ userId: 'opaque-1234' });
    await expect(verifierWith({ userIdClaim: 'cognito:username' }).verify(token)).resolves.toEqual({ userId: 'dana' });
  });

  it('refuses a token without it, or with a non-string in it', async () => {
    const verifier = verifierWith({ userIdClaim: 'email' });
    for (const claims of [
      { sub: 'dana', aud: CLIENT },
      { email: 42, aud: CLIENT },
      { email: '', aud: CLIENT },
    ]) {
      await expect(verifier.check(await rs256({ claims }))).resolves.toEqual({ ok: false, refusal: 'missing_user_id' });
    }
  });
});

describe('typed refusals', () => {
  const cases: readonly (readonly [string, () => Promise<string>, TokenRefusal])[] = [
    ['expired', () => rs256({ exp: '-1h' }), 'expired'],
    [
      'from another issuer (even signed by a trusted key)',
      () => rs256({ iss: 'https://evil.example' }),
      'wrong_issuer',
    ],
    ['from another issuer and its key', () => rs256({ iss: 'https://evil.example', key: 'foreign' }), 'wrong_issuer'],
    ['for another audience', () => rs256({ claims: { sub: 'dana', aud: 'another-app' } }), 'wrong_audience'],
    ['signed by a key not in the set', () => rs256({ key: 'foreign' }), 'bad_signature'],
    ['not valid yet', () => rs256({ nbf: '1h' }), 'not_yet_valid'],
    ['HMAC-signed (algorithm confusion)', () => hs256({ iss: ISSUER, aud: CLIENT }), 'bad_signature'],
    ['malformed', async () => 'not.a.jwt', 'malformed'],
    ['empty', async () => '', 'missing'],
  ];
  it.each(cases)('names a token %s', async (_case, token, refusal) => {
    await expect(verifierWith().check(await token())).resolves.toEqual({ ok: false, refusal });
  });

  it('refuses unsigned tokens whatever their claims', async () => {
    const withSecret = createTokenVerifier(secretConfig);
    await expect(withSecret.check(unsigned())).resolves.toMatchObject({ ok: false });
    await expect(withSecret.check(await hs256({ exp: '-1h' }))).resolves.toEqual({ ok: false, refusal: 'expired' });
  });
});

describe('the verifier settings in the AWS handlers environment', () => {
  const env = {
    CONNECTIONS_TABLE: 'c',
    GAMES_TABLE: 'g',
    MOVE_LOG_TABLE: 'm',
    ORDERING_MODE: 'direct',
    TOKEN_ISSUER: ISSUER,
    TOKEN_JWKS_URL: 'https://id.example.test/pool/.well-known/jwks.json',
    WEBSOCKET_MANAGEMENT_ENDPOINT: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/live',
  };

  it('defaults to aud and sub', () => {
    expect(readAwsConfig({ ...env, TOKEN_AUDIENCE: CLIENT }).tokens).toMatchObject({
      issuer: ISSUER,
      audience: CLIENT,
      audienceClaim: 'aud',
      userIdClaim: 'sub',
    });
  });

  it('reads an audience list, client_id and another user id claim', () => {
    const config = readAwsConfig({
      ...env,
      TOKEN_AUDIENCE: 'web, mobile',
      TOKEN_AUDIENCE_CLAIM: 'client_id',
      TOKEN_USER_ID_CLAIM: 'cognito:username',
    });
    expect(config.tokens).toMatchObject({
      audience: ['web', 'mobile'],
      audienceClaim: 'client_id',
      userIdClaim: 'cognito:username',
    });
  });

  it('refuses an audience claim it does not know', () => {
    expect(() => readAwsConfig({ ...env, TOKEN_AUDIENCE: CLIENT, TOKEN_AUDIENCE_CLAIM: 'azp' })).toThrow(
      /TOKEN_AUDIENCE_CLAIM/,
    );
  });
});
