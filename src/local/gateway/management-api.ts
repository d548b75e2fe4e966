import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_MESSAGE_BYTES } from '../../protocol/index.js';
import { readBody } from '../read-body.js';
import { sendNow } from '../socket-fanout.js';
import type { ConnectionRegistry } from './connection-registry.js';

/** `/@connections/{id}` or `/{stage}/@connections/{id}`: where the AWS SDK's client posts. */
const CONNECTION_PATH = /^(?:\/[^/]+)?\/@connections\/([^/]+)$/;

export const isManagementPath = (pathname: string): boolean => CONNECTION_PATH.test(pathname);

/**
 * The API Gateway Management API on the emulator's own port, so the AWS fan-out adapter with the real
 * SDK client works against it unchanged: POST sends, GET describes, DELETE closes, and every one of
 * them answers 410 GoneException for a connection that is unknown, closed or still inside $connect.
 * Signatures are not checked; instead only loopback callers are served, as the local runtime's own
 * queue consumer is the only legitimate one.
 */
export async function handleManagementRequest(
  registry: ConnectionRegistry,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
): Promise<void> {
  const connectionId = decodeURIComponent(CONNECTION_PATH.exec(pathname)?.[1] ?? '');
  if (!isLoopback(request.socket.remoteAddress)) return awsError(response, 403, 'ForbiddenException', 'Forbidden');
  const connection = registry.open(connectionId);
  if (!connection) return awsError(response, 410, 'GoneException', `connection ${connectionId} is gone`);

  switch (request.method) {
    case 'POST': {
      const body = await readBody(request, MAX_MESSAGE_BYTES);
      if (body === undefined) return awsError(response, 413, 'PayloadTooLargeException', 'Message too long');
      const outcome = sendNow(registry, connectionId, body.toString('utf8'));
      if (outcome === 'gone') return awsError(response, 410, 'GoneException', `connection ${connectionId} is gone`);
      response.writeHead(200).end();
      return;
    }
    case 'GET':
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(
        // The service's own JSON member names (the SDK maps them to ConnectedAt, Identity, …).
        JSON.stringify({
          connectedAt: new Date(connection.connectedAt).toISOString(),
          identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent },
          lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
        }),
      );
      return;
    case 'DELETE':
      connection.socket?.close(1000, 'Connection closed by the server');
      response.writeHead(204).end();
      return;
    default:
      return awsError(response, 405, 'MethodNotAllowedException', 'Method not allowed');
  }
}

/** The restJson1 error shape the SDK reads: the type in `x-amzn-ErrorType`, the message in the body. */
function awsError(response: ServerResponse, status: number, type: string, message: string): void {
  response
    .writeHead(status, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': type })
    .end(JSON.stringify({ message }));
}

const isLoopback = (address: string | undefined): boolean =>
  address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
