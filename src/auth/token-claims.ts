import { decodeJwt, errors, type JWTPayload, type JWTVerifyOptions } from 'jose';
import type { TokenRefusal } from '../ports/index.js';
import { isReservedUserId } from '../protocol/index.js';

/** Where a provider puts the audience: `aud` (ID tokens, most access tokens) or `client_id` (Cognito access tokens). */
export const AUDIENCE_CLAIMS = ['aud', 'client_id'] as const;
export type AudienceClaim = (typeof AUDIENCE_CLAIMS)[number];

/**
 * What every token must say, whatever signs it. The defaults fit most OIDC providers' ID tokens;
 * Cognito access tokens need `audienceClaim: 'client_id'`, and providers whose `sub` is opaque may
 * name another claim for the user id (`email`, `preferred_username`, a custom one).
 */
export interface TokenClaimsConfig {
  readonly issuer: string;
  /** Accepted audiences: one, or a list where any one will do (several app clients of one pool). */
  readonly audience: string | readonly string[];
  /** `aud` when absent. */
  readonly audienceClaim?: AudienceClaim;
  /** The claim that carries the user id: `sub` when absent. */
  readonly userIdClaim?: string;
}

/** Clocks drift a little between the token issuer and us. */
const CLOCK_TOLERANCE_SECONDS = 5;

const audiences = (config: TokenClaimsConfig): string[] =>
  typeof config.audience === 'string' ? [config.audience] : [...config.audience];

/** What jose checks itself: the issuer, the expiry, and `aud` when that is where the audience is. */
export function joseClaimOptions(config: TokenClaimsConfig, now: number): JWTVerifyOptions {
  const viaAud = (config.audienceClaim ?? 'aud') === 'aud';
  return {
    issuer: config.issuer,
    ...(viaAud ? { audience: audiences(config) } : {}),
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    currentDate: new Date(now),
    requiredClaims: ['exp'],
  };
}

/**
 * The checks before the signature, on the unverified claims: a token that is not a JWT, or names
 * another issuer, is refused without fetching any key. Only ever a refusal, so trusting unverified
 * claims here cannot let anything in; it only makes the reason exact (a foreign provider's token
 * would otherwise read as a bad signature).
 */
export function refusalBeforeSignature(config: TokenClaimsConfig, token: string): TokenRefusal | undefined {
  let claims: JWTPayload;
  try {
    claims = decodeJwt(token);
  } catch {
    return 'malformed';
  }
  return claims.iss === config.issuer ? undefined : 'wrong_issuer';
}

/** The checks jose cannot do: `client_id` as the audience, and the user id from its claim. */
export function identityFrom(
  config: TokenClaimsConfig,
  payload: JWTPayload,
): { readonly userId: string } | { readonly refusal: TokenRefusal } {
  if (config.audienceClaim === 'client_id') {
    const clientId = payload.client_id;
    if (typeof clientId !== 'string' || !audiences(config).includes(clientId)) return { refusal: 'wrong_audience' };
  }
  const userId = payload[config.userIdClaim ?? 'sub'];
  if (typeof userId !== 'string' || userId.length === 0) return { refusal: 'missing_user_id' };
  // Bots' seats are named `bot:…`: a person with such an id could act as one.
  if (isReservedUserId(userId)) return { refusal: 'reserved_user_id' };
  return { userId };
}

/**
 * A jose failure as a refusal, or `undefined` when it is not the token's fault (the key set timed out
 * or answered nonsense): that is ours, and must not read as the user's.
 */
export function refusalOf(error: unknown): TokenRefusal | undefined {
  if (!(error instanceof errors.JOSEError)) return undefined;
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return undefined;
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) return claimRefusal(error.claim, error.reason);
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JOSEAlgNotAllowed
  ) {
    return 'bad_signature';
  }
  return 'malformed';
}

function claimRefusal(claim: string, reason: string): TokenRefusal {
  if (claim === 'iss') return 'wrong_issuer';
  if (claim === 'aud') return 'wrong_audience';
  if ((claim === 'nbf' || claim === 'iat') && reason === 'check_failed') return 'not_yet_valid';
  return 'malformed';
}
