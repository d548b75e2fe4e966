import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, Token } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../infra/config.js';
import { HANDLER_NAMES } from '../../infra/handler-functions.js';
import { DEFAULT_LIMITS } from '../../infra/limits.js';
import { readAwsConfig } from '../../src/aws/config.js';
import { DEPLOYED, deployedEnvironment, projectRoot, resourcesOf, type Synthesized, synthTurngate } from './synth.js';

const EXISTING_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:turngate-token-AbCdEf';
const JWKS_URL = 'https://cognito-idp.us-east-1.amazonaws.com/pool/.well-known/jwks.json';

// Two variants, synthesized once each (without bundling: the template is what these tests read).
let withJwks: Synthesized;
let withExistingSecret: Synthesized;
let withDefaults: Synthesized;
beforeAll(() => {
  withDefaults = synthTurngate();
  withJwks = synthTurngate({
    context: {
      jwksUrl: JWKS_URL,
      tokenIssuer: 'https://cognito-idp.us-east-1.amazonaws.com/pool',
      tokenAudience: 'client-id',
      stageName: 'prod',
    },
  });
  withExistingSecret = synthTurngate({ context: { tokenSecretArn: EXISTING_SECRET_ARN } });
});
afterAll(() => {
  withDefaults?.dispose();
  withJwks?.dispose();
  withExistingSecret?.dispose();
});

const configFrom = (context: Record<string, unknown>) => readConfig(new App({ context }).node);

describe('deploy-time configuration (CDK context)', () => {
  it('has offline defaults: stage "live", an HS256 secret the stack creates, CORS for the hosted UI only, direct ordering', () => {
    expect(configFrom({})).toEqual({
      stageName: 'live',
      tokens: { kind: 'secret', issuer: 'turngate', audience: 'turngate' },
      webOrigins: [],
      orderingMode: 'direct',
      domains: {},
      limits: DEFAULT_LIMITS,
      apiGatewayLogsRole: true,
      turnTimers: false,
      retention: { abandonWaitingAfter: '24h', abandonIdleAfter: '7d', keepFinishedFor: '7d' },
    });
  });

  it('reads extra web origins as a comma-separated list', () => {
    expect(configFrom({ webOrigins: 'http://localhost:8080, https://staging.example.com' }).webOrigins).toEqual([
      'http://localhost:8080',
      'https://staging.example.com',
    ]);
  });

  it.each([
    [{ jwksUrl: 'http://idp.example/jwks.json' }, /https/],
    [{ jwksUrl: 'https://idp.example/jwks.json', tokenSecretArn: 'arn:aws:secretsmanager:x' }, /not both/],
    [{ stageName: 42 }, /must be a string/],
    [{ orderingMode: 'lifo' }, /orderingMode/],
    [{ keepFinishedFor: 'a week' }, /context "keepFinishedFor"/],
    [{ abandonIdleAfter: 'forever' }, /context "abandonIdleAfter"/],
  ])('refuses %j', (context, message) => {
    expect(() => configFrom(context)).toThrow(message);
  });

  it('with a JWKS URL: no secret anywhere, handlers get the URL, issuer and audience', () => {
    const synth = withJwks;
    expect(resourcesOf(synth.template, 'AWS::SecretsManager::Secret')).toEqual({});
    expect(JSON.stringify(resourcesOf(synth.template, 'AWS::IAM::Policy'))).not.toContain('secretsmanager:');
    for (const name of HANDLER_NAMES) {
      const variables = synth.template.toJSON().Resources[synth.functionId(name)].Properties.Environment.Variables;
      expect(variables).toMatchObject({
        TOKEN_JWKS_URL: JWKS_URL,
        TOKEN_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/pool',
        TOKEN_AUDIENCE: 'client-id',
      });
      expect(variables.TOKEN_SECRET_ARN).toBeUndefined();
    }
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: 'prod', AutoDeploy: true });
  });

  it('with an existing secret: no new secret, its ARN (never its value) reaches the token handlers', () => {
    const synth = withExistingSecret;
    expect(resourcesOf(synth.template, 'AWS::SecretsManager::Secret')).toEqual({});
    const variables =
      synth.template.toJSON().Resources[synth.functionId('authorizer')].Properties.Environment.Variables;
    expect(variables.TOKEN_SECRET_ARN).toBe(EXISTING_SECRET_ARN);
    const statements = Object.values(resourcesOf(synth.template, 'AWS::IAM::Policy')).flatMap(
      (policy) =>
        (policy.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
    );
    const secretReads = statements.filter((statement) => statement.Action === 'secretsmanager:GetSecretValue');
    expect(secretReads.map((statement) => statement.Resource)).toEqual([EXISTING_SECRET_ARN, EXISTING_SECRET_ARN]);
  });
});

describe('the environment the stack sets is the one src/aws/config.ts reads', () => {
  it.each(HANDLER_NAMES)('%s (JWKS tokens) starts with the tables, queue and token settings it was given', (name) => {
    const config = readAwsConfig(deployedEnvironment(withJwks, name));
    expect(config).toMatchObject({
      connectionsTable: DEPLOYED.connectionsTable,
      gamesTable: DEPLOYED.gamesTable,
      moveLogTable: DEPLOYED.moveLogTable,
      movesQueueUrl: DEPLOYED.movesQueueUrl,
      tokens: { jwksUrl: JWKS_URL, issuer: 'https://cognito-idp.us-east-1.amazonaws.com/pool', audience: 'client-id' },
    });
    // Every post goes to the stage's own execute-api endpoint, whatever domain clients connect through.
    expect(config.managementEndpoint).toBe(
      `https://${DEPLOYED.webSocketApiId}.execute-api.us-east-1.amazonaws.com/prod`,
    );
    expect(config.webSocketEndpoint).toEqual({
      domainName: `${DEPLOYED.webSocketApiId}.execute-api.us-east-1.amazonaws.com`,
      stage: 'prod',
    });
  });

  it.each(HANDLER_NAMES)('%s (HS256 secret by ARN) starts with the secret named, never its value', (name) => {
    const env = deployedEnvironment(withDefaults, name);
    expect(env.TOKEN_SECRET_ARN).toBe(DEPLOYED.tokenSecretArn);
    expect(env.TOKEN_SECRET).toBeUndefined();
    expect(readAwsConfig(env).tokens).toMatchObject({ secretArn: DEPLOYED.tokenSecretArn });
  });
});

describe('offline synth (npm run synth on a fresh clone)', () => {
  const readJson = (file: string) => JSON.parse(readFileSync(path.join(projectRoot, file), 'utf8'));

  it('cdk.json runs infra/app.ts with tsx into cdk.out, with no notices, version reporting or telemetry', () => {
    const cdk = readJson('cdk.json');
    expect(cdk).toMatchObject({
      app: 'npx tsx infra/app.ts',
      output: 'cdk.out',
      notices: false,
      versionReporting: false,
      context: { 'cli-telemetry': false },
    });
    const scripts = readJson('package.json').scripts;
    expect(scripts.synth).toMatch(/^cdk synth\b/);
    expect(scripts.deploy).toMatch(/^cdk deploy\b/);
    expect(readFileSync(path.join(projectRoot, '.gitignore'), 'utf8')).toMatch(/^cdk\.out\/?$/m);
  });

  it('needs no account, Region or lookup: the stack is environment-agnostic and asks for no context', () => {
    const { stack } = withDefaults;
    expect(Token.isUnresolved(stack.account)).toBe(true);
    expect(Token.isUnresolved(stack.region)).toBe(true);
    const assembly = (stack.node.root as App).synth();
    expect(assembly.manifest.missing ?? []).toEqual([]);
    expect(resourcesOf(withDefaults.template, 'AWS::CDK::Metadata')).toEqual({});
  });

  // cfn-lint checks every property against the CloudFormation resource schemas, offline. It ships with
  // this machine's Python tools; where it is missing the check is skipped, not faked.
  const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
  const lint = (synth: Synthesized) => {
    const file = path.join(synth.outdir, 'lint.template.json');
    writeFileSync(file, JSON.stringify(synth.template.toJSON()));
    return spawnSync('cfn-lint', ['--ignore-checks', 'W3005', '--', file], { encoding: 'utf8' });
  };
  // cfn-lint takes seconds on an idle machine and far longer on a busy one.
  it.skipIf(!cfnLint)(
    'passes cfn-lint (W3005 aside: CDK adds an explicit DependsOn on each role)',
    () => {
      const result = lint(withDefaults);
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    },
    120_000,
  );

  it.skipIf(!cfnLint)(
    'passes cfn-lint with everything on: a Cognito pool, three custom domains, the fifo queue',
    () => {
      const everything = synthTurngate({
        context: {
          cognitoDomainPrefix: 'my-game-players',
          webDomain: 'play.example.com',
          webCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/1-2-3-4-5',
          websocketDomain: 'ws.example.com',
          websocketCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/1-2-3-4-6',
          lobbyDomain: 'api.example.com',
          lobbyCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/1-2-3-4-7',
        },
      });
      try {
        const result = lint(everything);
        expect(result.stdout + result.stderr).toBe('');
        expect(result.status).toBe(0);
      } finally {
        everything.dispose();
      }
    },
    120_000,
  );
});
