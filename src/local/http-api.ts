import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { httpError } from '../handlers/http-request.js';
import { gatewayId, requestTime } from './gateway/ids.js';
import { readBody } from './read-body.js';

export type HttpFunction = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** HTTP APIs take 10 MB; the lobby handler refuses far less itself, so this only bounds memory. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Serves one request through the lobby's Lambda handler exactly as an HTTP API (payload format 2.0)
 * would call it: the node request becomes an APIGatewayProxyEventV2 and the structured result becomes
 * the response.
 */
export async function serveHttpFunction(
  handler: HttpFunction,
  request: IncomingMessage,
  response: ServerResponse,
  now: number,
): Promise<number> {
  const body = await readBody(request, MAX_BODY_BYTES);
  if (body === undefined) {
    // The runtime's own answer, in the lobby's error shape, so clients parse one shape only.
    return writeResult(response, httpError('frame_too_large', `the body is over ${MAX_BODY_BYTES / 1024 / 1024} MB`));
  }
  return writeResult(response, await handler(httpEvent(request, body, now)));
}

/** Writes a handler's structured result (or one of the runtime's own) as the HTTP response; answers its status. */
export function writeResult(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): number {
  const status = result.statusCode ?? 200;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const payload = result.body === undefined ? '' : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  response.writeHead(status, headers).end(payload);
  return status;
}

/** Payload format 2.0: lower-cased headers joined with commas, cookies apart, the body base64 only if binary. */
export function httpEvent(request: IncomingMessage, body: Buffer, now: number): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const cookies = request.headers.cookie?.split(';').map((cookie) => cookie.trim());
  const text = isText(headers['content-type']);
  const requestId = gatewayId();
  const sourceIp = request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies ? { cookies } : {}),
    headers,
    ...(url.search ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now,
    },
    ...(body.length > 0 ? { body: body.toString(text ? 'utf8' : 'base64') } : {}),
    isBase64Encoded: body.length > 0 && !text,
  };
}

const isText = (contentType: string | undefined): boolean =>
  contentType === undefined || /^(text\/|application\/(json|x-www-form-urlencoded|javascript|xml))/i.test(contentType);
