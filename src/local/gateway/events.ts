import type { IncomingMessage } from 'node:http';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import type { AuthorizerContext, WebSocketEvent, WebSocketRequestContext } from '../../handlers/events.js';
import { gatewayId, requestTime } from './ids.js';

/** The stage-wide facts every event repeats. */
export interface StageInfo {
  readonly apiId: string;
  readonly stage: string;
  /** The Host the client connected to: API Gateway puts the domain it was reached on here. */
  readonly domainName: string;
}

/** What one connection contributes to every event about it. */
export interface ConnectionFacts {
  readonly connectionId: string;
  readonly connectedAt: number;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly authorizer: AuthorizerContext | null;
}

type StringMap = Record<string, string>;
type MultiValueMap = Record<string, string[]>;

/** Headers as API Gateway forwards them: the client's casing, the last value in `headers`, all in `multiValueHeaders`. */
export function requestHeaders(
  request: IncomingMessage,
  sourceIp: string,
): { single: StringMap; multi: MultiValueMap } {
  const multi: MultiValueMap = {};
  const raw = request.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index] ?? '';
    const existing = Object.keys(multi).find((key) => key.toLowerCase() === name.toLowerCase()) ?? name;
    multi[existing] = [...(multi[existing] ?? []), raw[index + 1] ?? ''];
  }
  // API Gateway sits behind a load balancer and says so, as every $connect event on AWS shows.
  multi['X-Forwarded-For'] = [sourceIp];
  multi['X-Forwarded-Port'] = [String(request.socket.localPort ?? '')];
  multi['X-Forwarded-Proto'] = ['http'];
  multi['X-Amzn-Trace-Id'] = [`Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${gatewayId().slice(0, 12)}`];
  const single: StringMap = {};
  for (const [name, values] of Object.entries(multi)) single[name] = values.at(-1) ?? '';
  return { single, multi };
}

/** The query string as API Gateway forwards it: `null` when there is none. */
export function queryParameters(url: URL): { single: StringMap | null; multi: MultiValueMap | null } {
  if ([...url.searchParams.keys()].length === 0) return { single: null, multi: null };
  const single: StringMap = {};
  const multi: MultiValueMap = {};
  for (const [name, value] of url.searchParams) {
    single[name] = value;
    multi[name] = [...(multi[name] ?? []), value];
  }
  return { single, multi };
}

/** The identity block, every field present as the seed printed it; only sourceIp and userAgent are known. */
const identity = (connection: Pick<ConnectionFacts, 'sourceIp' | 'userAgent'>, withUserAgent: boolean) => ({
  cognitoIdentityPoolId: '',
  accountId: '',
  cognitoIdentityId: '',
  caller: '',
  apiKey: '',
  apiKeyId: '',
  accessKey: '',
  sourceIp: connection.sourceIp,
  cognitoAuthenticationType: '',
  cognitoAuthenticationProvider: '',
  userArn: '',
  // API Gateway reports the user agent on $connect only; later events leave it empty (the seed's do).
  userAgent: withUserAgent ? connection.userAgent : '',
  user: '',
});

function requestContext(
  stage: StageInfo,
  connection: ConnectionFacts,
  route: { routeKey: string; eventType: WebSocketRequestContext['eventType']; messageId: string | null },
  now: number,
): WebSocketRequestContext {
  const requestId = gatewayId();
  return {
    accountId: '',
    resourceId: '',
    stage: stage.stage,
    requestId,
    identity: identity(connection, route.eventType === 'CONNECT'),
    resourcePath: '',
    authorizer: connection.authorizer,
    httpMethod: '',
    apiId: stage.apiId,
    connectedAt: connection.connectedAt,
    connectionId: connection.connectionId,
    domainName: stage.domainName,
    error: '',
    eventType: route.eventType,
    extendedRequestId: requestId,
    integrationLatency: '',
    messageDirection: 'IN',
    messageId: route.messageId,
    requestTime: requestTime(now),
    requestTimeEpoch: now,
    routeKey: route.routeKey,
    status: '',
  };
}

/** `$connect`: the disconnect fixture's shape, carrying the upgrade request's headers and query string. */
export function connectEvent(
  stage: StageInfo,
  connection: ConnectionFacts,
  request: { headers: ReturnType<typeof requestHeaders>; query: ReturnType<typeof queryParameters> },
  now: number,
): WebSocketEvent {
  return {
    resource: '',
    path: '',
    httpMethod: '',
    headers: request.headers.single,
    multiValueHeaders: request.headers.multi,
    queryStringParameters: request.query.single,
    multiValueQueryStringParameters: request.query.multi,
    pathParameters: null,
    stageVariables: null,
    requestContext: requestContext(
      stage,
      connection,
      { routeKey: '$connect', eventType: 'CONNECT', messageId: null },
      now,
    ),
    body: '',
    isBase64Encoded: false,
  };
}

/** A message route: exactly the seed's `move` event shape, headers and query string `null`. */
export function messageEvent(
  stage: StageInfo,
  connection: ConnectionFacts,
  routeKey: string,
  body: string,
  now: number,
): WebSocketEvent {
  return {
    resource: '',
    path: '',
    headers: null,
    multiValueHeaders: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: requestContext(stage, connection, { routeKey, eventType: 'MESSAGE', messageId: gatewayId() }, now),
    body,
  };
}

/** `$disconnect`: exactly the seed's disconnect event shape. */
export function disconnectEvent(stage: StageInfo, connection: ConnectionFacts, now: number): WebSocketEvent {
  const host = stage.domainName;
  return {
    resource: '',
    path: '',
    httpMethod: '',
    headers: { Host: host, 'X-Forwarded-For': '', 'x-api-key': '', 'x-restapi': '' },
    multiValueHeaders: { Host: [host], 'X-Forwarded-For': [''], 'x-api-key': [''], 'x-restapi': [''] },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: requestContext(
      stage,
      connection,
      { routeKey: '$disconnect', eventType: 'DISCONNECT', messageId: null },
      now,
    ),
    body: '',
    isBase64Encoded: false,
  };
}

/** The REQUEST authorizer's input on `$connect`: the same request, with the ARN the policy must allow. */
export function authorizerEvent(
  stage: StageInfo,
  connection: ConnectionFacts,
  request: { headers: ReturnType<typeof requestHeaders>; query: ReturnType<typeof queryParameters> },
  now: number,
): APIGatewayRequestAuthorizerEvent {
  // The authorizer runs before the connection exists, so its context has no `authorizer` of its own.
  const { authorizer: _none, ...context } = requestContext(
    stage,
    connection,
    { routeKey: '$connect', eventType: 'CONNECT', messageId: null },
    now,
  );
  return {
    type: 'REQUEST',
    methodArn: methodArn(stage),
    resource: '',
    path: '',
    httpMethod: 'GET',
    headers: request.headers.single,
    multiValueHeaders: request.headers.multi,
    pathParameters: null,
    queryStringParameters: request.query.single,
    multiValueQueryStringParameters: request.query.multi,
    stageVariables: null,
    // @types/aws-lambda types the REST API's context; a WebSocket authorizer gets the WebSocket one.
    requestContext: context as unknown as APIGatewayRequestAuthorizerEvent['requestContext'],
  };
}

export const methodArn = (stage: StageInfo): string =>
  `arn:aws:execute-api:us-east-1:000000000000:${stage.apiId}/${stage.stage}/$connect`;
