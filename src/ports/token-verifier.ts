/** Who a verified token says the caller is. */
export interface VerifiedIdentity {
  readonly userId: string;
}

/**
 * Why a token was refused, in words a person can act on: sign in again (`expired`), or fix the
 * deployment's configuration (`wrong_issuer`, `wrong_audience`, `missing_user_id`); `reserved_user_id`:
 * the user id is one only bots' seats have (`bot:…`), so nobody can connect as a bot.
 */
export const TOKEN_REFUSALS = [
  'missing',
  'malformed',
  'expired',
  'not_yet_valid',
  'wrong_issuer',
  'wrong_audience',
  'bad_signature',
  'missing_user_id',
  'reserved_user_id',
] as const;
export type TokenRefusal = (typeof TOKEN_REFUSALS)[number];

export type TokenCheck =
  | { readonly ok: true; readonly identity: VerifiedIdentity }
  | { readonly ok: false; readonly refusal: TokenRefusal };

/**
 * Verifies bearer tokens. `verify` answers `undefined` for any token that must be refused (forged,
 * expired, `alg: none`, wrong issuer or audience, malformed): most callers only need to know it is
 * not good. `check` gives the same verdict with the reason, for answers that tell a user why.
 * Both throw only when the verifier itself cannot work (its key set unreachable).
 */
export interface TokenVerifier {
  verify(token: string): Promise<VerifiedIdentity | undefined>;
  check(token: string): Promise<TokenCheck>;
}
