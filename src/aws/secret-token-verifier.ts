import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createTokenVerifier, TokenVerifierError } from '../auth/jwt.js';
import type { TokenClaimsConfig } from '../auth/token-claims.js';
import type { TokenVerifier } from '../ports/token-verifier.js';

export interface SecretsManagerTokenOptions extends TokenClaimsConfig {
  readonly client: SecretsManagerClient;
  /** The secret holding the HS256 key: a plain string, or JSON with a `secret` field. */
  readonly secretArn: string;
}

/**
 * An HS256 verifier whose key lives in Secrets Manager, never in the function's environment. The
 * key is fetched on the first token, once per container (only the functions that verify tokens pay
 * for it); a failed fetch is not cached, so the next token tries again.
 */
export function createSecretsManagerTokenVerifier(options: SecretsManagerTokenOptions): TokenVerifier {
  let verifier: Promise<TokenVerifier> | undefined;
  const load = async (): Promise<TokenVerifier> => {
    const { client: _client, secretArn: _arn, ...claims } = options;
    return createTokenVerifier({ ...claims, secret: await fetchSecret(options) });
  };
  const loaded = (): Promise<TokenVerifier> =>
    (verifier ??= load().catch((error: unknown) => {
      verifier = undefined;
      throw error;
    }));
  return {
    verify: async (token) => (await loaded()).verify(token),
    check: async (token) => (await loaded()).check(token),
  };
}

async function fetchSecret({ client, secretArn }: SecretsManagerTokenOptions): Promise<string> {
  let text: string | undefined;
  try {
    text = (await client.send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString;
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new TokenVerifierError(`could not read the token secret (${reason})`, { cause: error });
  }
  if (!text) throw new TokenVerifierError('the token secret has no SecretString');
  return secretFrom(text);
}

/** CloudFormation-generated secrets are plain strings; hand-made ones are often `{"secret":"…"}`. */
export function secretFrom(text: string): string {
  if (!text.trimStart().startsWith('{')) return text;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'secret' in parsed && typeof parsed.secret === 'string') {
      return parsed.secret;
    }
  } catch {
    // Not JSON after all: a secret may well start with a brace.
  }
  return text;
}
