/** Who a verified token says the caller is. */
export interface VerifiedIdentity {
  readonly userId: string;
}

/**
 * Verifies bearer tokens. Answers `undefined` for any token that must be refused (forged, expired,
 * `alg: none`, wrong issuer or audience, malformed): callers only need to know it is not good.
 */
export interface TokenVerifier {
  verify(token: string): Promise<VerifiedIdentity | undefined>;
}
