import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../ports/index.js';
import { MAX_MESSAGE_BYTES } from '../../protocol/index.js';
import { readBody } from '../read-body.js';
import { sendNow } from '../socket-fanout.js';
import type { ConnectionRegistry } from './connection-registry.js';
import { type ManagementCredentials, signatureRefusal } from './management-auth.js';

/** `/@connections/{id}` or `/{stage}/@connections/{id}`: where the AWS SDK's client posts. */
const CONNECTION_PATH = /^(?:\/[^/]+)?\/@connections\/([^/]+)$/;

export const isManagementPath = (pathname: string): boolean => CONNECTION_PATH.test(pathname);

export interface ManagementApiOptions {
  readonly registry: ConnectionRegistry;
  /** The only credentials accepted: the ones this server gave its own aws-local wiring. */
  readonly credentials: ManagementCredentials;
  readonly logger: Logger;
}

/**
 * The API Gateway Management API on the emulator's own port, so the AWS fan-out adapter with the real
 * SDK client works against it unchanged: POST sends, GET describes, DELETE closes, and every one of
 * them answers 410 GoneException for a connection that is unknown, closed or still inside $connect.
 * Only this runtime's own adapters may call it (management-auth.ts): a caller must be on loopback,
 * must not be a browser (no `Origin`), and must sign with this server's credentials. Anything else
 * gets 403 ForbiddenException before anything about a connection is read, let alone done.
 */
export async function handleManagementRequest(
  options: ManagementApiOptions,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
): Promise<void> {
  const { registry, credentials, logger } = options;
  const refuse = (reason: string) => {
    logger.warn('management.refused', { method: request.method, reason, sourceIp: request.socket.remoteAddress });
    awsError(response, 403, 'ForbiddenException', `Forbidden: ${reason}`);
  };
  if (!isLoopback(request.socket.remoteAddress)) return refuse('only loopback callers are served');
  // Browsers send Origin on every cross-origin POST and DELETE, even a "simple" text/plain one; the
  // SDK never does. Refused before the body is read, let alone checked.
  if (request.headers.origin !== undefined) return refuse('requests from web pages are not served');

  const body = await readBody(request, MAX_MESSAGE_BYTES);
  if (body === undefined) return awsError(response, 413, 'PayloadTooLargeException', 'Message too long');
  const refusal = await signatureRefusal(request, body, credentials, Date.now());
  if (refusal !== undefined) return refuse(refusal);

  const connectionId = decodeURIComponent(CONNECTION_PATH.exec(pathname)?.[1] ?? '');
  const connection = registry.open(connectionId);
  if (!connection) return awsError(response, 410, 'GoneException', `connection ${connectionId} is gone`);

  switch (request.method) {
    case 'POST': {
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
