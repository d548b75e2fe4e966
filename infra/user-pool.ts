import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { ContextText } from './config.js';

/** Which Cognito token the web UI sends and the verifier checks. */
export const COGNITO_TOKENS = ['access', 'id'] as const;
export type CognitoToken = (typeof COGNITO_TOKENS)[number];

/** A user pool the stack creates for the players (context `cognitoDomainPrefix`; off by default). */
export interface CognitoSettings {
  readonly kind: 'cognito';
  /** `https://<prefix>.auth.<region>.amazoncognito.com`: the hosted sign-in pages. */
  readonly domainPrefix: string;
  readonly token: CognitoToken;
}

/** Cognito's rule for a prefix: lowercase letters, digits and hyphens, and none of its reserved words. */
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const RESERVED_IN_PREFIX = ['aws', 'amazon', 'cognito'];

export function readCognitoSettings(text: ContextText): CognitoSettings | undefined {
  const domainPrefix = text('cognitoDomainPrefix');
  // ID tokens: the web UI's default (src/protocol/ui-config.ts), and the one that names the client in `aud`.
  const token = text('cognitoToken') ?? 'id';
  if (!domainPrefix) {
    if (text('cognitoToken') !== undefined) throw new Error('context "cognitoToken" needs "cognitoDomainPrefix"');
    return undefined;
  }
  if (!DOMAIN_PREFIX.test(domainPrefix) || RESERVED_IN_PREFIX.some((word) => domainPrefix.includes(word))) {
    throw new Error(
      'context "cognitoDomainPrefix" must be lowercase letters, digits and hyphens, without "aws", "amazon" or "cognito"',
    );
  }
  if (!(COGNITO_TOKENS as readonly string[]).includes(token)) {
    throw new Error(`context "cognitoToken" must be one of ${COGNITO_TOKENS.join(', ')}`);
  }
  return { kind: 'cognito', domainPrefix, token: token as CognitoToken };
}

export interface PlayerUserPoolProps {
  readonly settings: CognitoSettings;
  /** The web UI's origins (`https://host`): sign-in returns to the page, `<origin>/` (or `/index.html`). */
  readonly webOrigins: readonly string[];
}

/** The scopes the web UI asks for: the user's id and email, nothing that reaches other AWS APIs. */
export const WEB_SCOPES = 'openid email profile';

/**
 * The players' Cognito user pool: self sign-up by email, Cognito's hosted sign-in pages on a prefix
 * domain, and one public app client (no secret: it runs in the browser) for the Authorization Code
 * flow with PKCE. The pool holds the players' accounts, so tearing the stack down keeps it.
 */
export class PlayerUserPool extends Construct {
  readonly pool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** The `iss` of the pool's tokens, and the base of its OIDC discovery document. */
  readonly issuer: string;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: PlayerUserPoolProps,
  ) {
    super(scope, id);
    this.pool = new UserPool(this, 'Pool', {
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Lite: no charge for the first 10,000 monthly active users, and the classic hosted pages suffice.
      featurePlan: FeaturePlan.LITE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The UI's redirect URI is the page itself (web/app/oidc.ts): the root, or index.html by name.
    const callbackUrls = props.webOrigins.flatMap((origin) => [`${origin}/`, `${origin}/index.html`]);
    this.client = this.pool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls,
        logoutUrls: callbackUrls,
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      // A stolen token is good for an hour at most; the UI refreshes silently for a month.
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      enableTokenRevocation: true,
    });
    this.domain = this.pool.addDomain('SignIn', { cognitoDomain: { domainPrefix: props.settings.domainPrefix } });
    const stack = Stack.of(this);
    this.issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.pool.userPoolId}`;
  }

  /**
   * What the handlers' verifier needs (src/aws/config.ts): Cognito ID tokens carry the app client in
   * `aud`, its access tokens in `client_id` (and have no `aud` at all).
   */
  tokenEnvironment(): Record<string, string> {
    return {
      TOKEN_JWKS_URL: `${this.issuer}/.well-known/jwks.json`,
      TOKEN_ISSUER: this.issuer,
      TOKEN_AUDIENCE: this.client.userPoolClientId,
      TOKEN_AUDIENCE_CLAIM: this.props.settings.token === 'access' ? 'client_id' : 'aud',
      TOKEN_USER_ID_CLAIM: 'sub',
    };
  }

  /** Which token the web UI must present for the verifier's audience rule to hold. */
  get tokenUse(): CognitoToken {
    return this.props.settings.token;
  }

  /** The hosted sign-in pages' base URL. */
  get signInUrl(): string {
    return this.domain.baseUrl();
  }
}
