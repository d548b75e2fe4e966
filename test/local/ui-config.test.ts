import { describe, expect, it } from 'vitest';
import {
  configFromEnvironment,
  devSignInEnabled,
  devTokenAudience,
  resolveConfig,
  tokenVerifierConfig,
  uiConfigFor,
} from '../../src/local/config.js';
import { uiConfigSchema } from '../../src/protocol/index.js';

const SECRET = 'local-test-secret-that-is-long-enough!!';

/** The local runtime's two sign-ins: its own dev tokens, or an OIDC provider's (JWKS mode). */
describe('the local runtime’s sign-in settings', () => {
  it('verifies its own HS256 tokens and tells the UI to use the dev sign-in by default', () => {
    const config = resolveConfig({ tokenSecret: SECRET });
    expect(tokenVerifierConfig(config, SECRET)).toEqual({
      secret: SECRET,
      issuer: 'turngate-local',
      audience: 'turngate',
      audienceClaim: 'aud',
      userIdClaim: 'sub',
    });
    expect(devSignInEnabled(config)).toBe(true);
    const ui = uiConfigFor(config, '127.0.0.1:8787');
    expect(ui).toEqual({
      lobbyUrl: 'http://127.0.0.1:8787',
      websocketUrl: 'ws://127.0.0.1:8787/local',
      auth: { mode: 'dev' },
      // Development mode: the UI offers the debug panel, which comes with the dev sign-in.
      devTools: true,
    });
    expect(uiConfigSchema.parse(ui)).toEqual(ui);
  });

  it('asks the UI for a pasted token when the dev sign-in is off and no provider is named', () => {
    const config = resolveConfig({ tokenSecret: SECRET, devSignIn: false });
    expect(devSignInEnabled(config)).toBe(false);
    expect(uiConfigFor(config, '127.0.0.1:8787').auth).toEqual({ mode: 'token' });
    expect(uiConfigFor(config, '127.0.0.1:8787')).not.toHaveProperty('devTools');
  });

  it('verifies a provider’s key set from flags, turns the dev sign-in off and points the UI at the provider', () => {
    const config = resolveConfig(
      configFromEnvironment(
        [
          '--token-jwks-url=https://id.example.test/certs',
          '--token-issuer=https://id.example.test',
          '--token-audience=web, mobile',
          '--token-audience-claim=client_id',
          '--token-user-id-claim=username',
          '--oidc-scopes=openid profile',
        ],
        {},
      ),
    );
    expect(tokenVerifierConfig(config, SECRET)).toEqual({
      jwksUrl: 'https://id.example.test/certs',
      issuer: 'https://id.example.test',
      audience: ['web', 'mobile'],
      audienceClaim: 'client_id',
      userIdClaim: 'username',
    });
    expect(devSignInEnabled(config)).toBe(false);
    const ui = uiConfigFor(config, 'localhost:9000');
    expect(ui).not.toHaveProperty('devTools');
    expect(ui.auth).toEqual({
      mode: 'oidc',
      issuer: 'https://id.example.test',
      clientId: 'web',
      scopes: 'openid profile',
      tokenUse: 'access',
    });
    expect(uiConfigSchema.safeParse(ui).success).toBe(true);
  });

  it('signs dev tokens for the first of several audiences, and accepts them all', () => {
    const config = resolveConfig({ tokenSecret: SECRET, tokenAudience: 'web,mobile' });
    expect(devTokenAudience(config)).toBe('web');
    expect(tokenVerifierConfig(config, SECRET)).toMatchObject({ audience: ['web', 'mobile'] });
  });

  it('refuses an audience claim it does not know', () => {
    expect(() => resolveConfig({ tokenAudienceClaim: 'azp' as 'aud' })).toThrow(/tokenAudienceClaim/);
  });
});
