import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import type { AuthorizerContext } from '../../handlers/events.js';

export type AuthorizerFunction = (event: APIGatewayRequestAuthorizerEvent) => Promise<APIGatewayAuthorizerResult>;

/** How API Gateway reads an authorizer's answer: allowed with the context later events carry, or an HTTP refusal. */
export type Authorization =
  | { readonly allowed: true; readonly context: AuthorizerContext }
  | { readonly allowed: false; readonly status: 401 | 403 | 500; readonly message: string };

/**
 * Runs the authorizer as API Gateway does: `Error('Unauthorized')` is 401, an explicit Deny (or a
 * policy that does not allow this methodArn) is 403, any other failure is 500. On success the
 * principalId and every context value (stringified: numbers and booleans arrive as strings) become
 * `requestContext.authorizer`, with the authorizer's latency as API Gateway adds it.
 */
export async function authorize(
  authorizer: AuthorizerFunction,
  event: APIGatewayRequestAuthorizerEvent,
  now: () => number,
): Promise<Authorization> {
  const started = now();
  let result: APIGatewayAuthorizerResult;
  try {
    result = await authorizer(event);
  } catch (error) {
    if (error instanceof Error && error.message === 'Unauthorized') {
      return { allowed: false, status: 401, message: 'Unauthorized' };
    }
    return { allowed: false, status: 500, message: 'Internal server error' };
  }
  if (!allows(result, event.methodArn)) return { allowed: false, status: 403, message: 'Forbidden' };
  const context: AuthorizerContext = { principalId: result.principalId };
  for (const [key, value] of Object.entries(result.context ?? {})) {
    if (value !== null && value !== undefined) context[key] = String(value);
  }
  context.integrationLatency = now() - started;
  return { allowed: true, context };
}

/** Allowed when some statement allows the ARN (or `*`) and none denies it. */
function allows(result: APIGatewayAuthorizerResult, arn: string): boolean {
  const statements = result.policyDocument?.Statement ?? [];
  const matches = (statement: (typeof statements)[number]) => {
    const resources = ('Resource' in statement ? [statement.Resource].flat() : []).filter(
      (resource): resource is string => typeof resource === 'string',
    );
    return resources.some((resource) => resource === arn || resource === '*' || wildcard(resource, arn));
  };
  if (statements.some((statement) => statement.Effect === 'Deny' && matches(statement))) return false;
  return statements.some((statement) => statement.Effect === 'Allow' && matches(statement));
}

function wildcard(pattern: string, arn: string): boolean {
  if (!pattern.includes('*')) return false;
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`).test(arn);
}
