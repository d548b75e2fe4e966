import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEventV2, SQSEvent, SQSRecord } from 'aws-lambda';
import type { WebSocketEvent } from '../../../src/handlers/index.js';

const fixture = (name: string): WebSocketEvent =>
  JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8')) as WebSocketEvent;

/** The seed's events exactly as printed: tests pass these to handlers unchanged. */
export const seedMoveEvent = (): WebSocketEvent => fixture('move-event.json');
export const seedDisconnectEvent = (): WebSocketEvent => fixture('disconnect-event.json');

/** The seed's API: every built event is addressed to it, as API Gateway would address it. */
export const SEED_ENDPOINT = { domainName: 'omlo79fwk8.execute-api.us-east-1.amazonaws.com', stage: 'Dev' } as const;

let sequence = 0;
const requestId = () => `req${(++sequence).toString(36).padStart(12, '0')}=`;

/**
 * Events in the seed's shape for other connections and routes: the seed's own event with only the
 * fields that differ changed, so every test exercises the shape API Gateway really sends.
 */
function fromSeed(
  base: WebSocketEvent,
  context: Partial<WebSocketEvent['requestContext']>,
  rest: Partial<WebSocketEvent>,
): WebSocketEvent {
  const id = requestId();
  return {
    ...base,
    ...rest,
    requestContext: { ...base.requestContext, requestId: id, extendedRequestId: id, ...context },
  };
}

/** `$connect` after the authorizer allowed `userId`: its context arrives as requestContext.authorizer. */
export function connectEvent(options: { connectionId: string; userId?: string; game?: string }): WebSocketEvent {
  const { connectionId, userId, game } = options;
  return fromSeed(
    seedDisconnectEvent(),
    {
      routeKey: '$connect',
      eventType: 'CONNECT',
      connectionId,
      connectedAt: Date.now(),
      requestTimeEpoch: Date.now(),
      authorizer: userId === undefined ? null : { principalId: userId, userId, integrationLatency: 12 },
    },
    { queryStringParameters: game === undefined ? null : { game } },
  );
}

/**
 * A message on an open connection. `authorizer` is what the authorizer returned at `$connect`
 * (API Gateway adds it to every later event); without it, the seed's `null`, as with no authorizer.
 */
export function messageEvent(
  connectionId: string,
  routeKey: string,
  body: unknown,
  authorizer: { userId: string; matchId?: string } | null = null,
): WebSocketEvent {
  return fromSeed(
    seedMoveEvent(),
    {
      routeKey,
      connectionId,
      messageId: requestId(),
      requestTimeEpoch: Date.now(),
      authorizer: authorizer && { principalId: authorizer.userId, ...authorizer, integrationLatency: 12 },
    },
    { body: typeof body === 'string' ? body : JSON.stringify(body) },
  );
}

export const disconnectEvent = (connectionId: string): WebSocketEvent =>
  fromSeed(seedDisconnectEvent(), { connectionId, requestTimeEpoch: Date.now() }, {});

/** An SQS FIFO record as the Lambda event source delivers it. */
export function sqsRecord(
  body: string,
  options: { messageId?: string; groupId?: string; receiveCount?: number } = {},
): SQSRecord {
  const messageId = options.messageId ?? crypto.randomUUID();
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: String(Date.now()),
      SenderId: 'AROAEXAMPLE',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
      SequenceNumber: '18849496460467696128',
      MessageGroupId: options.groupId ?? 'group',
      MessageDeduplicationId: messageId,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:turngate-moves.fifo',
    awsRegion: 'us-east-1',
  };
}

export const sqsEvent = (records: SQSRecord[]): SQSEvent => ({ Records: records });

/** An HTTP API (payload 2.0) request. */
export function httpEvent(
  method: string,
  path: string,
  options: { body?: unknown; token?: string; query?: Record<string, string>; headers?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  const rawQueryString = new URLSearchParams(options.query ?? {}).toString();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString,
    headers: {
      host: 'lobby.example.test',
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      ...options.headers,
    },
    ...(options.query === undefined ? {} : { queryStringParameters: options.query }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'lobby',
      domainName: 'lobby.example.test',
      domainPrefix: 'lobby',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: requestId(),
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    isBase64Encoded: false,
  };
}
