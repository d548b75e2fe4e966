import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ApiEndpoint } from '../ports/index.js';

type StringMap = Record<string, string | undefined>;
type MultiValueMap = Record<string, string[] | undefined>;

/** What a Lambda authorizer's context looks like once API Gateway passes it on: values stringified. */
export type AuthorizerContext = Record<string, string | number | boolean | null | undefined>;

/**
 * A WebSocket route event, the REST-style proxy shape API Gateway sends and the seed printed
 * (test/fixtures/). On MESSAGE events `headers`, `multiValueHeaders` and `queryStringParameters` are
 * `null`, and `authorizer` is `null` wherever no authorizer ran; fields API Gateway leaves out on some
 * routes (the Go print showed them empty) are optional.
 */
export interface WebSocketEvent {
  readonly resource?: string;
  readonly path?: string;
  readonly httpMethod?: string;
  readonly headers?: StringMap | null;
  readonly multiValueHeaders?: MultiValueMap | null;
  readonly queryStringParameters?: StringMap | null;
  readonly multiValueQueryStringParameters?: MultiValueMap | null;
  readonly pathParameters?: StringMap | null;
  readonly stageVariables?: StringMap | null;
  readonly requestContext: WebSocketRequestContext;
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
}

export interface WebSocketRequestContext {
  readonly routeKey: string;
  readonly eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT';
  readonly connectionId: string;
  readonly domainName: string;
  readonly stage: string;
  readonly apiId: string;
  readonly connectedAt: number;
  readonly requestTimeEpoch: number;
  readonly requestId: string;
  readonly messageId?: string | null;
  readonly extendedRequestId?: string;
  readonly requestTime?: string;
  readonly messageDirection?: string;
  readonly authorizer?: AuthorizerContext | null;
  readonly identity?: { readonly sourceIp?: string; readonly userAgent?: string; readonly [field: string]: unknown };
  readonly [field: string]: unknown;
}

/** The verified user id the authorizer attached on `$connect`; `undefined` when none ran. */
export function authorizedUserId(event: WebSocketEvent): string | undefined {
  const authorizer = event.requestContext.authorizer;
  // Context values arrive stringified; principalId is the same id, kept as a fallback for callers
  // whose authorizer only sets the principal.
  const userId = authorizer?.userId ?? authorizer?.principalId;
  return typeof userId === 'string' && userId.length > 0 ? userId : undefined;
}

/**
 * The match the authorizer saw this connection ask for (the `game` query parameter of `$connect`),
 * `undefined` when its context does not carry one (an older authorizer, or none). Trustworthy as
 * identity is: `$connect` refused any connection whose match does not exist, and later events carry
 * only what the authorizer returned, never what the client sends.
 */
export function authorizedMatchId(event: WebSocketEvent): string | undefined {
  const matchId = event.requestContext.authorizer?.matchId;
  return typeof matchId === 'string' && matchId.length > 0 ? matchId : undefined;
}

/**
 * The API stage this event came through, as the event names it: behind a custom domain, that
 * domain's name. Handlers only pass it to `FanoutFor`; where the Management API really is, is the
 * adapter's business (on AWS, configuration: src/aws/config.ts).
 */
export const endpointOf = (event: WebSocketEvent): ApiEndpoint => ({
  domainName: event.requestContext.domainName,
  stage: event.requestContext.stage,
});

/** HTTP header names are case-insensitive, and API Gateway keeps the client's casing. */
export function headerValue(headers: StringMap | null | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

export const queryValue = (query: StringMap | null | undefined, name: string): string | undefined =>
  query?.[name] ?? undefined;

/** The raw body, decoded when API Gateway base64-encoded it (binary frames). */
export function bodyOf(event: { readonly body?: string | null; readonly isBase64Encoded?: boolean }): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/**
 * A route's integration response. On `$connect` a non-2xx status refuses the upgrade and the client
 * sees that HTTP status; on other routes API Gateway discards it unless a route response is set up,
 * so what the sender must know travels through the Management API instead.
 */
export const respond = (statusCode: number, body = ''): APIGatewayProxyResult => ({ statusCode, body });
