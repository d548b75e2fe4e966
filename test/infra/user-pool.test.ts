import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../infra/config.js';
import { HANDLER_NAMES } from '../../infra/handler-functions.js';
import { readAwsConfig } from '../../src/aws/config.js';
import { uiConfigSchema } from '../../src/protocol/ui-config.js';
import {
  DEPLOYED,
  deployedEnvironment,
  deployedRuntimeConfig,
  deployedValue,
  onlyOne,
  refersTo,
  resourcesOf,
  type Synthesized,
  synthTurngate,
} from './synth.js';

const COGNITO_ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${DEPLOYED.userPoolId}`;

let withPool: Synthesized;
let withAccessTokens: Synthesized;
let withoutPool: Synthesized;
let withOwnIssuer: Synthesized;
beforeAll(() => {
  withPool = synthTurngate({
    context: { cognitoDomainPrefix: 'my-game-players', webOrigins: 'http://localhost:8080' },
  });
  withAccessTokens = synthTurngate({ context: { cognitoDomainPrefix: 'my-game-players', cognitoToken: 'access' } });
  withoutPool = synthTurngate();
  withOwnIssuer = synthTurngate({
    context: {
      jwksUrl: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Existing/.well-known/jwks.json',
      tokenIssuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Existing',
      tokenAudience: 'existing-client',
      tokenAudienceClaim: 'client_id',
    },
  });
});
afterAll(() => {
  for (const synth of [withPool, withAccessTokens, withoutPool, withOwnIssuer]) synth?.dispose();
});

const cognitoResources = (synth: Synthesized) =>
  Object.values(synth.template.toJSON().Resources as Record<string, { Type: string }>).filter((resource) =>
    resource.Type.startsWith('AWS::Cognito::'),
  );

describe('the Cognito user pool', () => {
  it('exists only when asked for: not by default, not when the deployer brings an issuer', () => {
    expect(cognitoResources(withoutPool)).toEqual([]);
    expect(cognitoResources(withOwnIssuer)).toEqual([]);
    expect(
      cognitoResources(withPool)
        .map((resource) => resource.Type)
        .sort(),
    ).toEqual(['AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolClient', 'AWS::Cognito::UserPoolDomain']);
  });

  it('lets players sign up by email and keeps their accounts when the stack is deleted', () => {
    const [, pool] = onlyOne(resourcesOf(withPool.template, 'AWS::Cognito::UserPool'), 'user pool');
    expect(pool.Properties).toMatchObject({
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      UserPoolTier: 'LITE',
    });
    expect(pool.DeletionPolicy).toBe('Retain');
  });

  it('has a public app client for the code flow (PKCE), returning to the UI origins only', () => {
    const [, client] = onlyOne(resourcesOf(withPool.template, 'AWS::Cognito::UserPoolClient'), 'app client');
    expect(client.Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
    });
    const callbacks = (client.Properties.CallbackURLs as unknown[]).map((url) => deployedValue(withPool, url));
    // The UI's redirect URI is the page itself: the root, or index.html when opened by name.
    expect(callbacks).toEqual([
      `https://${DEPLOYED.distributionDomain}/`,
      `https://${DEPLOYED.distributionDomain}/index.html`,
      'http://localhost:8080/',
      'http://localhost:8080/index.html',
    ]);
  });

  it('has the hosted sign-in domain on the prefix given', () => {
    withPool.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'my-game-players' });
    const [domainId] = onlyOne(resourcesOf(withPool.template, 'AWS::Cognito::UserPoolDomain'), 'domain');
    const signIn = withPool.template.toJSON().Outputs.SignInDomain.Value;
    expect(refersTo(signIn, domainId)).toBe(true);
    expect(JSON.stringify(signIn)).toContain('.amazoncognito.com');
  });

  it.each(HANDLER_NAMES)('is what %s verifies: issuer, JWKS, and the app client in aud (ID tokens)', (name) => {
    const env = deployedEnvironment(withPool, name);
    expect(env).toMatchObject({
      TOKEN_ISSUER: COGNITO_ISSUER,
      TOKEN_JWKS_URL: `${COGNITO_ISSUER}/.well-known/jwks.json`,
      TOKEN_AUDIENCE: DEPLOYED.userPoolClientId,
      TOKEN_AUDIENCE_CLAIM: 'aud',
      TOKEN_USER_ID_CLAIM: 'sub',
    });
    expect(env.TOKEN_SECRET_ARN).toBeUndefined();
    expect(readAwsConfig(env).tokens).toMatchObject({ jwksUrl: `${COGNITO_ISSUER}/.well-known/jwks.json` });
  });

  it('checks the app client in client_id when the UI sends access tokens, and tells the UI to', () => {
    expect(deployedEnvironment(withAccessTokens, 'authorizer')).toMatchObject({
      TOKEN_AUDIENCE: DEPLOYED.userPoolClientId,
      TOKEN_AUDIENCE_CLAIM: 'client_id',
    });
    expect(deployedRuntimeConfig(withAccessTokens)).toMatchObject({ auth: { tokenUse: 'access' } });
  });

  it('is what the web UI signs in with (config.json)', () => {
    expect(deployedRuntimeConfig(withPool)).toMatchObject({
      auth: {
        mode: 'oidc',
        issuer: COGNITO_ISSUER,
        clientId: DEPLOYED.userPoolClientId,
        scopes: 'openid email profile',
        tokenUse: 'id',
        // Sign out ends the hosted pages' session too: Cognito names no end_session_endpoint.
        signOutUrl: expect.stringMatching(/^https:\/\/[^/]+\.amazoncognito\.com\/logout$/),
      },
    });
    expect(uiConfigSchema.parse(deployedRuntimeConfig(withPool))).toBeDefined();
  });

  it('creates no token secret and grants no secret read', () => {
    expect(resourcesOf(withPool.template, 'AWS::SecretsManager::Secret')).toEqual({});
    expect(JSON.stringify(resourcesOf(withPool.template, 'AWS::IAM::Policy'))).not.toContain('secretsmanager:');
  });
});

describe('a provider the deployer brings', () => {
  it('passes the audience claim through to the verifier', () => {
    expect(deployedEnvironment(withOwnIssuer, 'http')).toMatchObject({
      TOKEN_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Existing',
      TOKEN_AUDIENCE: 'existing-client',
      TOKEN_AUDIENCE_CLAIM: 'client_id',
    });
    // A client_id audience is an access token's: the UI must present that one.
    expect(deployedRuntimeConfig(withOwnIssuer)).toMatchObject({
      auth: { mode: 'oidc', clientId: 'existing-client', tokenUse: 'access' },
    });
  });
});

describe('sign-in context', () => {
  const configFrom = (context: Record<string, unknown>) => readConfig(new App({ context }).node);

  it.each([
    [{ cognitoDomainPrefix: 'My_Game' }, /lowercase/],
    [{ cognitoDomainPrefix: 'my-cognito-game' }, /without "aws", "amazon" or "cognito"/],
    [{ cognitoDomainPrefix: 'game', jwksUrl: 'https://idp.example/jwks.json' }, /creates the issuer; drop "jwksUrl"/],
    [{ cognitoDomainPrefix: 'game', tokenAudience: 'x' }, /drop "tokenAudience"/],
    [{ cognitoDomainPrefix: 'game', cognitoToken: 'refresh' }, /cognitoToken/],
    [{ cognitoToken: 'id' }, /needs "cognitoDomainPrefix"/],
    [{ cognitoDomainPrefix: 'game', webTokenUse: 'access' }, /drop "webTokenUse"/],
    [{ jwksUrl: 'https://idp.example/jwks.json', webTokenUse: 'refresh' }, /webTokenUse/],
    [{ jwksUrl: 'https://idp.example/jwks.json', tokenAudienceClaim: 'azp' }, /tokenAudienceClaim/],
  ])('refuses %j', (context, message) => {
    expect(() => configFrom(context)).toThrow(message);
  });

  it("reads a pool request: ID tokens unless told otherwise (the UI's default)", () => {
    expect(configFrom({ cognitoDomainPrefix: 'game' }).tokens).toEqual({
      kind: 'cognito',
      domainPrefix: 'game',
      token: 'id',
    });
  });
});
