import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { AUTH_HEADER, GAME_QUERY_PARAMETER, TOKEN_QUERY_PARAMETER } from '../protocol/index.js';
import type { HandlerDeps } from './deps.js';
import { headerValue, queryValue } from './events.js';
import { describeError } from './log-fields.js';

/** The token from the `Auth` header (optionally `Bearer `-prefixed) or else the `token` query parameter. */
export function tokenOf(event: Pick<APIGatewayRequestAuthorizerEvent, 'headers' | 'queryStringParameters'>) {
  const header = headerValue(event.headers, AUTH_HEADER)?.trim();
  const token = header
    ? header.replace(/^Bearer\s+/i, '')
    : queryValue(event.queryStringParameters, TOKEN_QUERY_PARAMETER);
  return token?.trim() || undefined;
}

/**
 * REQUEST authorizer for `$connect`. Allows exactly this connection request (`methodArn`) and hands
 * the verified user id on as principalId and context, with the match the connection asks for (the
 * `game` query parameter): every later event carries both in `requestContext.authorizer`, so the
 * `move` route needs no read of the connections table to know who moves in which match. The match
 * is not checked here: `$connect` refuses a connection to a match that does not exist, and a refused
 * connection sends nothing. Any refusal throws `Unauthorized`, which API Gateway answers with 401.
 */
export function createAuthorizerHandler(deps: Pick<HandlerDeps, 'tokens' | 'logger'>) {
  return async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    const verdict = await check(deps, tokenOf(event) ?? '');
    if (!verdict.ok) {
      deps.logger.info('authorizer.refused', { reason: verdict.refusal });
      throw new Error('Unauthorized');
    }
    const identity = verdict.identity;
    const matchId = queryValue(event.queryStringParameters, GAME_QUERY_PARAMETER);
    return {
      principalId: identity.userId,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
      },
      context: { userId: identity.userId, ...(matchId ? { matchId } : {}) },
    };
  };
}

/** A verifier that cannot work (its key set unreachable) is our failure: logged, and API Gateway answers 500. */
async function check(deps: Pick<HandlerDeps, 'tokens' | 'logger'>, token: string) {
  try {
    return await deps.tokens.check(token);
  } catch (error) {
    deps.logger.error('authorizer.failed', { error: describeError(error) });
    throw error;
  }
}
