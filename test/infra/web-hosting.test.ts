import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEPLOYED,
  deployedRuntimeConfig,
  deployedValue,
  list,
  onlyOne,
  refersTo,
  resourcesOf,
  type Synthesized,
  synthTurngate,
  webDeployments,
} from './synth.js';

const WEB_CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

// Without bundling: the template is what these tests read (functions.test.ts builds the UI for real).
let synth: Synthesized;
let withDomain: Synthesized;
beforeAll(() => {
  synth = synthTurngate();
  withDomain = synthTurngate({
    context: {
      webDomain: 'play.example.com',
      webCertificateArn: WEB_CERTIFICATE,
      webOrigins: 'http://localhost:8080',
    },
  });
});
afterAll(() => {
  synth?.dispose();
  withDomain?.dispose();
});

interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Principal?: { Service?: string; AWS?: unknown } | string;
  Condition?: Record<string, Record<string, unknown>>;
  Resource: unknown;
}

/** Any action that would let its principal read the UI's objects. */
const readsObjects = (action: string): boolean => /^s3:(\*|Get\*|GetObject)/.test(action);

const bucketOf = (s: Synthesized) => onlyOne(resourcesOf(s.template, 'AWS::S3::Bucket'), 'bucket');
const distributionOf = (s: Synthesized) =>
  onlyOne(resourcesOf(s.template, 'AWS::CloudFront::Distribution'), 'distribution');
const distributionConfig = (s: Synthesized) =>
  distributionOf(s)[1].Properties.DistributionConfig as Record<string, unknown> & {
    Origins: Record<string, unknown>[];
    DefaultCacheBehavior: Record<string, unknown>;
  };
const bucketStatements = (s: Synthesized): PolicyStatement[] => {
  const [, policy] = onlyOne(resourcesOf(s.template, 'AWS::S3::BucketPolicy'), 'bucket policy');
  return (policy.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement;
};
const corsOrigins = (s: Synthesized): unknown[] => {
  const [, api] = onlyOne(
    Object.fromEntries(
      Object.entries(resourcesOf(s.template, 'AWS::ApiGatewayV2::Api')).filter(
        ([, resource]) => resource.Properties.ProtocolType === 'HTTP',
      ),
    ),
    'HTTP API',
  );
  return (api.Properties.CorsConfiguration as { AllowOrigins: unknown[] }).AllowOrigins;
};

describe('the web UI bucket', () => {
  it('is private: all public access blocked, objects owned by the bucket, encrypted, no website endpoint', () => {
    const [, bucket] = bucketOf(synth);
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    expect(bucket.Properties.BucketEncryption).toBeDefined();
    expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
  });

  it('can be read only by CloudFront, on behalf of this one distribution (origin access control)', () => {
    const [distributionId] = distributionOf(synth);
    const reads = bucketStatements(synth).filter(
      (statement) => statement.Effect === 'Allow' && list(statement.Action).some(readsObjects),
    );
    expect(reads).toHaveLength(1);
    const [read] = reads as [PolicyStatement];
    expect(list(read.Action)).toEqual(['s3:GetObject']);
    expect(read.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(refersTo(read.Condition?.StringEquals?.['AWS:SourceArn'], distributionId)).toBe(true);
    // No one else is allowed anything but the stack's own clean-up on tear-down, and nobody at all over plain HTTP.
    for (const statement of bucketStatements(synth)) {
      expect(statement.Principal).not.toBe('*');
      if (statement.Effect === 'Allow' && statement !== read) {
        expect(JSON.stringify(statement.Principal)).toContain('AutoDeleteObjects');
        expect(list(statement.Action).filter(readsObjects)).toEqual([]);
      }
    }
    expect(bucketStatements(synth)).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('is the origin of the distribution through an origin access control, not a legacy identity', () => {
    const [bucketId] = bucketOf(synth);
    const [oacId, oac] = onlyOne(resourcesOf(synth.template, 'AWS::CloudFront::OriginAccessControl'), 'OAC');
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    const [origin] = distributionConfig(synth).Origins;
    expect(refersTo(origin?.DomainName, bucketId)).toBe(true);
    expect(refersTo(origin?.OriginAccessControlId, oacId)).toBe(true);
    expect(origin?.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    expect(resourcesOf(synth.template, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual({});
  });
});

describe('the distribution', () => {
  it('serves index.html at /, over HTTPS only, GET and HEAD only', () => {
    expect(distributionConfig(synth)).toMatchObject({
      DefaultRootObject: 'index.html',
      DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] },
    });
  });

  it('answers on the custom domain with its us-east-1 certificate, TLS 1.2 or newer', () => {
    expect(distributionConfig(withDomain)).toMatchObject({
      Aliases: ['play.example.com'],
      ViewerCertificate: {
        AcmCertificateArn: WEB_CERTIFICATE,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: 'TLSv1.2_2021',
      },
    });
    expect(distributionConfig(synth).Aliases).toBeUndefined();
  });
});

describe('the uploads', () => {
  it('cache content-hashed files for a year, never prune them, and go first', () => {
    const { hashed, pages } = webDeployments(synth);
    expect(hashed.Properties).toMatchObject({
      Include: ['assets/*'],
      Exclude: ['*'],
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    expect(pages.DependsOn).toContain(Object.keys(resourcesOf(synth.template, 'Custom::CDKBucketDeployment'))[0]);
  });

  it('serve pages and config.json no-cache, pruning stale pages but not the hashed files', () => {
    const { pages } = webDeployments(synth);
    expect(pages.Properties).toMatchObject({
      Exclude: ['assets/*'],
      Prune: true,
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
  });

  it('write config.json with the execute-api URLs, and a pasted token under HS256 (the studio signs them)', () => {
    expect(deployedRuntimeConfig(synth)).toEqual({
      lobbyUrl: `https://${DEPLOYED.lobbyApiId}.execute-api.us-east-1.amazonaws.com`,
      websocketUrl: `wss://${DEPLOYED.webSocketApiId}.execute-api.us-east-1.amazonaws.com/live`,
      // Not the dev sign-in: AWS has no /api/dev/sign-in to answer it. No devTools either (toEqual
      // would see it): a deployed UI offers no debug panel, whose endpoints AWS has none of.
      auth: { mode: 'token' },
    });
  });

  it('write config.json naming a provider the deployer brings, with the UI client and scopes given', () => {
    const jwks = synthTurngate({
      context: {
        jwksUrl: 'https://example.eu.auth0.com/.well-known/jwks.json',
        tokenIssuer: 'https://example.eu.auth0.com/',
        tokenAudience: 'https://api.example.com',
        webClientId: 'auth0-spa-client',
        webScopes: 'openid profile',
      },
    });
    try {
      // No tokenUse: the UI's default, ID tokens, whose aud is checked.
      expect(deployedRuntimeConfig(jwks)).toEqual({
        lobbyUrl: `https://${DEPLOYED.lobbyApiId}.execute-api.us-east-1.amazonaws.com`,
        websocketUrl: `wss://${DEPLOYED.webSocketApiId}.execute-api.us-east-1.amazonaws.com/live`,
        auth: {
          mode: 'oidc',
          issuer: 'https://example.eu.auth0.com/',
          clientId: 'auth0-spa-client',
          scopes: 'openid profile',
        },
      });
    } finally {
      jwks.dispose();
    }
  });
});

describe('the lobby API CORS', () => {
  it('answers only the distribution origin by default', () => {
    const origins = corsOrigins(synth);
    expect(origins.map((origin) => deployedValue(synth, origin))).toEqual([`https://${DEPLOYED.distributionDomain}`]);
  });

  it('answers the UI custom domain, the distribution origin and the extra origins given', () => {
    const origins = corsOrigins(withDomain).map((origin) => deployedValue(withDomain, origin));
    expect(origins).toEqual([
      'https://play.example.com',
      `https://${DEPLOYED.distributionDomain}`,
      'http://localhost:8080',
    ]);
  });

  it('outputs the UI URL, and the DNS target of a custom domain', () => {
    const outputs = withDomain.template.toJSON().Outputs;
    expect(outputs.WebUrl.Value).toBe('https://play.example.com');
    expect(deployedValue(withDomain, outputs.WebDnsTarget.Value)).toBe(DEPLOYED.distributionDomain);
    expect(deployedValue(synth, synth.template.toJSON().Outputs.WebUrl.Value)).toBe(
      `https://${DEPLOYED.distributionDomain}`,
    );
  });
});
