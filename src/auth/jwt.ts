import { createRemoteJWKSet, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { TokenCheck, TokenRefusal, TokenVerifier, VerifiedIdentity } from '../ports/index.js';
import {
  identityFrom,
  joseClaimOptions,
  refusalBeforeSignature,
  refusalOf,
  type TokenClaimsConfig,
} from './token-claims.js';

/** A shared HS256 secret: the local runtime's own dev tokens. */
export interface SecretVerifierConfig extends TokenClaimsConfig {
  readonly secret: string | Uint8Array;
}

export const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'] as const;
export type JwksAlgorithm = (typeof JWKS_ALGORITHMS)[number];

/** A JWKS endpoint: Cognito or any OIDC provider. */
export interface JwksVerifierConfig extends TokenClaimsConfig {
  readonly jwksUrl: string;
  /** The algorithms the provider signs with; RS256 (Cognito's) when absent. Never `none`, never HMAC. */
  readonly algorithms?: readonly JwksAlgorithm[];
}

export type TokenVerifierConfig = SecretVerifierConfig | JwksVerifierConfig;

/** The verifier could not reach or read its keys: not the token's fault, so it is not a refusal. */
export class TokenVerifierError extends Error {
  override name = 'TokenVerifierError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** RFC 7518 §3.2: an HS256 key must be at least as long as the hash output. */
const MIN_SECRET_BYTES = 32;

const encoder = new TextEncoder();

function secretKey(secret: string | Uint8Array): Uint8Array {
  const key = typeof secret === 'string' ? encoder.encode(secret) : secret;
  if (key.length < MIN_SECRET_BYTES) {
    // A configuration error, so it throws once at start-up rather than weakening every token.
    throw new TokenVerifierError(`the HS256 secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  return key;
}

/**
 * The secret as a CryptoKey, imported once: handing jose raw bytes makes it import a key on every
 * signature or verification, which costs more CPU than the HMAC itself on the local server's
 * sign-in and connect paths.
 */
export function hmacKey(secret: string | Uint8Array, use: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new Uint8Array(secretKey(secret)), { name: 'HMAC', hash: 'SHA-256' }, false, [
    use,
  ]);
}

const refuse = (refusal: TokenRefusal): TokenCheck => ({ ok: false, refusal });

/**
 * Verifies bearer tokens. Algorithms are pinned per key type (HS256 for a secret, asymmetric ones for
 * a JWKS), so neither `alg: none` nor an HMAC token signed with a public key can pass. The issuer is
 * always checked; the audience and the user id come from the claims the configuration names.
 */
export function createTokenVerifier(config: TokenVerifierConfig, options: VerifierOptions = {}): TokenVerifier {
  const now = options.now ?? Date.now;
  const verifySignature = signatureCheck(config, now);
  const verified = new Map<string, { readonly userId: string; readonly expiresAtMs: number }>();
  const check = async (token: string): Promise<TokenCheck> => {
    if (typeof token !== 'string' || token.length === 0) return refuse('missing');
    const known = verified.get(token);
    if (known !== undefined && now() < known.expiresAtMs) return { ok: true, identity: { userId: known.userId } };
    const early = refusalBeforeSignature(config, token);
    if (early !== undefined) return refuse(early);
    let payload: JWTPayload;
    try {
      payload = await verifySignature(token);
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal !== undefined) return refuse(refusal);
      throw new TokenVerifierError('could not verify the token', { cause: error });
    }
    const identity = identityFrom(config, payload);
    if ('refusal' in identity) return refuse(identity.refusal);
    remember(verified, token, { userId: identity.userId, expiresAtMs: (payload.exp ?? 0) * 1000 });
    return { ok: true, identity: { userId: identity.userId } };
  };
  return {
    check,
    async verify(token: string): Promise<VerifiedIdentity | undefined> {
      const verdict = await check(token);
      return verdict.ok ? verdict.identity : undefined;
    },
  };
}

export interface VerifierOptions {
  /** Epoch milliseconds; for tests. */
  readonly now?: () => number;
}

/**
 * A player presents the same token to every lobby call and every (re)connect, and a signature check
 * costs more CPU than the rest of a connect. A token is immutable, so its good verdict holds until
 * its `exp`: remember it that long. Refusals are not remembered (they are cheap to repeat and
 * remembering them would let garbage fill the cache). The oldest entries go first past the bound.
 */
const REMEMBERED_TOKENS = 10_000;

function remember<V>(cache: Map<string, V>, token: string, verdict: V): void {
  if (cache.size >= REMEMBERED_TOKENS) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(token, verdict);
}

/** The key (fetched once and cached, for a JWKS) and the claims jose checks with it. */
function signatureCheck(config: TokenVerifierConfig, now: () => number): (token: string) => Promise<JWTPayload> {
  if ('secret' in config) {
    const key = hmacKey(config.secret, 'verify');
    return async (token) =>
      (await jwtVerify(token, await key, { ...joseClaimOptions(config, now()), algorithms: ['HS256'] })).payload;
  }
  const keys = createRemoteJWKSet(new URL(config.jwksUrl));
  const algorithms = [...(config.algorithms ?? ['RS256'])];
  return async (token) => (await jwtVerify(token, keys, { ...joseClaimOptions(config, now()), algorithms })).payload;
}

export interface SignTokenOptions {
  readonly userId: string;
  /** The shared secret, or the key `hmacKey(secret, 'sign')` imported from it once for many tokens. */
  readonly secret: string | Uint8Array | CryptoKey;
  readonly issuer: string;
  readonly audience: string;
  /** Seconds from now, or a jose time span such as `'2h'`. */
  readonly expiresIn: number | string;
}

/** Signs an HS256 token that `createTokenVerifier` with the same secret accepts: the local dev sign-in. */
export function signToken(options: SignTokenOptions): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.userId)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(typeof options.expiresIn === 'number' ? `${options.expiresIn}s` : options.expiresIn)
    .sign(options.secret instanceof CryptoKey ? options.secret : secretKey(options.secret));
}
