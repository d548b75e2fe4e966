import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevSignIn, createTokenVerifier, signToken, TokenVerifierError } from '../../src/auth/index.js';
import { AUDIENCE, config, hs256, ISSUER, SECRET, unsigned } from './tokens.js';

describe('createTokenVerifier with an HS256 secret', () => {
  const verifier = createTokenVerifier(config);

  it('accepts a good token and answers its subject', async () => {
    await expect(verifier.verify(await hs256({ sub: 'alice' }))).resolves.toEqual({ userId: 'alice' });
  });

  it.each([
    ['expired', () => hs256({ exp: '-1h' })],
    ['signed with another secret', () => hs256({ secret: 'another-secret-that-is-long-enough-too!!' })],
    ['from another issuer', () => hs256({ iss: 'someone-else' })],
    ['for another audience', () => hs256({ aud: 'another-app' })],
    ['without a subject', () => hs256({ sub: '' })],
    ['unsigned (alg: none)', async () => unsigned()],
    ['malformed', async () => 'not.a.jwt'],
    ['empty', async () => ''],
  ])('refuses a token %s', async (_case, token) => {
    await expect(verifier.verify(await token())).resolves.toBeUndefined();
  });

  it('refuses a token whose signature was tampered with', async () => {
    const [header, , signature] = (await hs256({ sub: 'alice' })).split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: 'mallory', iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 60 }),
    ).toString('base64url');
    await expect(verifier.verify(`${header}.${forged}.${signature}`)).resolves.toBeUndefined();
  });

  it('refuses a secret too short to be safe, at start-up', () => {
    expect(() => createTokenVerifier({ ...config, secret: 'short' })).toThrow(TokenVerifierError);
  });

  it('verifies what signToken and the dev sign-in sign', async () => {
    const token = await signToken({ userId: 'bob', secret: SECRET, issuer: ISSUER, audience: AUDIENCE, expiresIn: 60 });
    await expect(verifier.verify(token)).resolves.toEqual({ userId: 'bob' });
    const signIn = createDevSignIn(config);
    const dev = await signIn('  Carol ');
    expect(dev.userId).toBe('Carol');
    await expect(verifier.verify(dev.token)).resolves.toEqual({ userId: 'Carol' });
  });
});

describe('createTokenVerifier with a JWKS URL', () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const rs256 = (sub: string) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject(sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(privateKey);

  it('accepts a token signed by a key in the set', async () => {
    const verifier = createTokenVerifier({ jwksUrl, issuer: ISSUER, audience: AUDIENCE });
    await expect(verifier.verify(await rs256('dana'))).resolves.toEqual({ userId: 'dana' });
  });

  it('refuses HMAC and unsigned tokens: the algorithms are pinned', async () => {
    const verifier = createTokenVerifier({ jwksUrl, issuer: ISSUER, audience: AUDIENCE });
    await expect(verifier.verify(await hs256())).resolves.toBeUndefined();
    await expect(verifier.verify(unsigned())).resolves.toBeUndefined();
  });

  it('reports an unreachable key set as its own failure, not as a bad token', async () => {
    const verifier = createTokenVerifier({
      jwksUrl: 'http://127.0.0.1:9/jwks.json',
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    await expect(verifier.verify(await rs256('erin'))).rejects.toBeInstanceOf(TokenVerifierError);
  });
});
