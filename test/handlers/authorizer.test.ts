import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../../src/auth/index.js';
import { createAuthorizerHandler } from '../../src/handlers/index.js';
import { silentLogger } from '../../src/ports/index.js';
import { config, hs256, unsigned } from '../auth/tokens.js';

const METHOD_ARN = 'arn:aws:execute-api:us-east-1:123456789012:omlo79fwk8/Dev/$connect';

/** A WebSocket $connect authorizer event as API Gateway sends it (REQUEST type, no body). */
function authorizerEvent(
  headers: Record<string, string> | null,
  query: Record<string, string> | null,
): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn: METHOD_ARN,
    resource: '',
    path: '',
    httpMethod: '',
    headers: { Host: 'omlo79fwk8.execute-api.us-east-1.amazonaws.com', ...headers },
    multiValueHeaders: null,
    pathParameters: null,
    queryStringParameters: query,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: {
      routeKey: '$connect',
      eventType: 'CONNECT',
      stage: 'Dev',
      connectionId: 'V3XV0cLFoAMCJAQ=',
      apiId: 'omlo79fwk8',
    } as unknown as APIGatewayRequestAuthorizerEvent['requestContext'],
  };
}

const authorize = createAuthorizerHandler({ tokens: createTokenVerifier(config), logger: silentLogger });

const allowFor = (userId: string, matchId?: string) => ({
  principalId: userId,
  policyDocument: {
    Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: METHOD_ARN }],
  },
  context: { userId, ...(matchId === undefined ? {} : { matchId }) },
});

describe('authorizer', () => {
  it('allows a valid token from the Auth header, as the seed sends it', async () => {
    const token = await hs256({ sub: 'alice' });
    await expect(authorize(authorizerEvent({ Auth: token }, null))).resolves.toEqual(allowFor('alice'));
  });

  it('reads the header case-insensitively and accepts a Bearer prefix', async () => {
    const token = await hs256({ sub: 'alice' });
    await expect(authorize(authorizerEvent({ auth: `Bearer ${token}` }, null))).resolves.toEqual(allowFor('alice'));
  });

  it('allows a valid token from the query string, for browsers, and passes the match on', async () => {
    const token = await hs256({ sub: 'bob' });
    await expect(authorize(authorizerEvent(null, { game: 'm1', token }))).resolves.toEqual(allowFor('bob', 'm1'));
  });

  it('puts the user and the asked-for match in the context, so moves need no connection read', async () => {
    const token = await hs256({ sub: 'alice' });
    const allowed = await authorize(authorizerEvent({ Auth: token }, { game: 'match-7' }));
    expect(allowed.context).toEqual({ userId: 'alice', matchId: 'match-7' });
  });

  it.each([
    ['expired', () => hs256({ exp: '-1h' })],
    ['signed with another secret', () => hs256({ secret: 'not-the-server-secret-but-long-enough!!' })],
    ['unsigned (alg: none)', async () => unsigned('alice')],
    ['from another issuer', () => hs256({ iss: 'evil' })],
    ['for another audience', () => hs256({ aud: 'other' })],
    ['garbage', async () => 'garbage'],
  ])('refuses a token %s with Unauthorized, from the header or the query', async (_case, token) => {
    const value = await token();
    await expect(authorize(authorizerEvent({ Auth: value }, null))).rejects.toThrow(/^Unauthorized$/);
    await expect(authorize(authorizerEvent(null, { token: value }))).rejects.toThrow(/^Unauthorized$/);
  });

  it('refuses a request with no token at all', async () => {
    await expect(authorize(authorizerEvent(null, null))).rejects.toThrow(/^Unauthorized$/);
    await expect(authorize(authorizerEvent({ Auth: '' }, { game: 'm1' }))).rejects.toThrow(/^Unauthorized$/);
  });
});
