import { hmacKey, signToken } from './jwt.js';

export interface DevSignInConfig {
  readonly secret: string | Uint8Array;
  readonly issuer: string;
  readonly audience: string;
  /** Seconds, or a jose time span such as `'12h'`. */
  readonly expiresIn?: number | string;
}

export interface DevIdentity {
  readonly token: string;
  readonly userId: string;
}

/**
 * The local runtime's sign-in: anyone may be anyone, which is the point on a laptop and why the HTTP
 * handler offers it only when the composition root passes it in. The user id is the chosen name, so
 * signing in again with the same name resumes the same seats.
 */
export function createDevSignIn(config: DevSignInConfig): (name: string) => Promise<DevIdentity> {
  const key = hmacKey(config.secret, 'sign');
  return async (name) => {
    const userId = name.normalize('NFC').trim();
    const token = await signToken({
      userId,
      secret: await key,
      issuer: config.issuer,
      audience: config.audience,
      expiresIn: config.expiresIn ?? '12h',
    });
    return { token, userId };
  };
}
