import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../infra/config.js';
import { HANDLER_NAMES } from '../../infra/handler-functions.js';
import { readAwsConfig } from '../../src/aws/config.js';
import {
  DEPLOYED,
  deployedEnvironment,
  deployedRuntimeConfig,
  refersTo,
  resourcesOf,
  type Synthesized,
  synthTurngate,
} from './synth.js';

const certificate = (region: string, id: string) =>
  `arn:aws:acm:${region}:123456789012:certificate/${id}-2222-3333-4444-555555555555`;
const DOMAINS = {
  webDomain: 'play.example.com',
  webCertificateArn: certificate('us-east-1', '11111111'),
  websocketDomain: 'ws.example.com',
  websocketCertificateArn: certificate('us-east-1', '22222222'),
  lobbyDomain: 'api.example.com',
  lobbyCertificateArn: certificate('us-east-1', '33333333'),
};

let plain: Synthesized;
let withDomains: Synthesized;
beforeAll(() => {
  plain = synthTurngate();
  withDomains = synthTurngate({ context: DOMAINS });
});
afterAll(() => {
  plain?.dispose();
  withDomains?.dispose();
});

const domainNames = (synth: Synthesized) => resourcesOf(synth.template, 'AWS::ApiGatewayV2::DomainName');
const idOfDomain = (synth: Synthesized, name: string): string => {
  const found = Object.entries(domainNames(synth)).find(([, resource]) => resource.Properties.DomainName === name);
  if (!found) throw new Error(`no domain ${name}`);
  return found[0];
};

describe('custom domains', () => {
  it('none by default', () => {
    expect(domainNames(plain)).toEqual({});
    expect(resourcesOf(plain.template, 'AWS::ApiGatewayV2::ApiMapping')).toEqual({});
  });

  it('are regional, TLS 1.2, with the certificate given', () => {
    for (const [name, arn] of [
      [DOMAINS.websocketDomain, DOMAINS.websocketCertificateArn],
      [DOMAINS.lobbyDomain, DOMAINS.lobbyCertificateArn],
    ]) {
      withDomains.template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
        DomainName: name,
        DomainNameConfigurations: [{ CertificateArn: arn, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
      });
    }
  });

  it('map the WebSocket API and the lobby API, each at the root of its own domain, to its stage', () => {
    const mappings = Object.values(resourcesOf(withDomains.template, 'AWS::ApiGatewayV2::ApiMapping'));
    expect(mappings).toHaveLength(2);
    const { stack, idOf } = withDomains;
    const lobbyStage = stack.lobby.api.defaultStage;
    if (!lobbyStage) throw new Error('no lobby stage');
    const expected = [
      [DOMAINS.websocketDomain, idOf(stack.sockets.api), idOf(stack.sockets.stage), 'live'],
      [DOMAINS.lobbyDomain, idOf(stack.lobby.api), idOf(lobbyStage), '$default'],
    ] as const;
    for (const [domain, apiId, stageId, stageName] of expected) {
      const mapping = mappings.find((candidate) =>
        refersTo(candidate.Properties.DomainName, idOfDomain(withDomains, domain)),
      );
      expect(mapping?.Properties.ApiId).toEqual({ Ref: apiId });
      // The stage by name, created first.
      expect(mapping?.Properties.Stage).toBe(stageName);
      expect(mapping?.DependsOn).toContain(stageId);
      expect(mapping?.Properties.ApiMappingKey).toBeUndefined();
    }
  });

  it('put the distribution on the UI domain', () => {
    const [distribution] = Object.values(resourcesOf(withDomains.template, 'AWS::CloudFront::Distribution'));
    expect(distribution?.Properties.DistributionConfig).toMatchObject({ Aliases: [DOMAINS.webDomain] });
  });

  it('are what players are told to use: outputs, config.json, and DNS targets to point at', () => {
    const outputs = withDomains.template.toJSON().Outputs;
    expect(outputs.WebSocketUrl.Value).toBe('wss://ws.example.com');
    expect(outputs.HttpApiUrl.Value).toBe('https://api.example.com/');
    expect(outputs.WebUrl.Value).toBe('https://play.example.com');
    expect(refersTo(outputs.WebSocketDnsTarget.Value, idOfDomain(withDomains, DOMAINS.websocketDomain))).toBe(true);
    expect(refersTo(outputs.LobbyDnsTarget.Value, idOfDomain(withDomains, DOMAINS.lobbyDomain))).toBe(true);
    expect(deployedRuntimeConfig(withDomains)).toMatchObject({
      lobbyUrl: 'https://api.example.com',
      websocketUrl: 'wss://ws.example.com',
    });
  });
});

describe('the fan-out endpoint behind a custom domain', () => {
  // PostToConnection through a custom domain is refused (403): every function must keep posting to
  // the stage's own execute-api endpoint, whatever name the players connect through.
  it.each(HANDLER_NAMES)('%s posts to the same execute-api endpoint with and without custom domains', (name) => {
    const without = readAwsConfig(deployedEnvironment(plain, name));
    const behind = readAwsConfig(deployedEnvironment(withDomains, name));
    const executeApi = `https://${DEPLOYED.webSocketApiId}.execute-api.us-east-1.amazonaws.com/live`;
    expect(without.managementEndpoint).toBe(executeApi);
    expect(behind.managementEndpoint).toBe(executeApi);
    expect(behind.webSocketEndpoint).toEqual(without.webSocketEndpoint);
    expect(deployedEnvironment(withDomains, name).WEBSOCKET_MANAGEMENT_ENDPOINT).not.toContain('example.com');
  });
});

describe('custom domain context', () => {
  const configFrom = (context: Record<string, unknown>) => readConfig(new App({ context }).node);

  it.each([
    [{ websocketDomain: 'ws.example.com' }, /"websocketDomain" and "websocketCertificateArn" go together/],
    [{ lobbyCertificateArn: DOMAINS.lobbyCertificateArn }, /go together/],
    [{ lobbyDomain: 'https://api.example.com', lobbyCertificateArn: DOMAINS.lobbyCertificateArn }, /not a domain name/],
    [{ lobbyDomain: 'api.example.com', lobbyCertificateArn: 'arn:aws:iam::123456789012:role/x' }, /not an ACM/],
    [{ webDomain: 'play.example.com', webCertificateArn: certificate('eu-west-1', '1') }, /us-east-1/],
    [{ ...DOMAINS, lobbyDomain: DOMAINS.websocketDomain }, /a domain name of their own/],
  ])('refuses %j', (context, message) => {
    expect(() => configFrom(context)).toThrow(message);
  });
});
