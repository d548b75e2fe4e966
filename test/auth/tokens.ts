import { base64url, SignJWT } from 'jose';

/** Test tokens: the shapes attackers and clocks produce, built with the real library. */
export const SECRET = 'test-secret-that-is-long-enough-for-hs256!';
export const ISSUER = 'turngate-test';
export const AUDIENCE = 'turngate';
export const config = { secret: SECRET, issuer: ISSUER, audience: AUDIENCE } as const;

const encoder = new TextEncoder();

interface Claims {
  readonly sub?: string;
  readonly iss?: string;
  readonly aud?: string;
  /** Expiry relative to now, as jose reads it: '1h', '-1h'. */
  readonly exp?: string;
  readonly secret?: string;
}

export function hs256(claims: Claims = {}): Promise<string> {
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(claims.iss ?? ISSUER)
    .setAudience(claims.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(claims.exp ?? '1h');
  if (claims.sub !== '') jwt.setSubject(claims.sub ?? 'alice');
  return jwt.sign(encoder.encode(claims.secret ?? SECRET));
}

/** An unsigned token claiming to be alice: `alg: none`, empty signature. */
export function unsigned(sub = 'alice'): string {
  const part = (value: object) => base64url.encode(JSON.stringify(value));
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub, iss: ISSUER, aud: AUDIENCE, exp })}.`;
}
