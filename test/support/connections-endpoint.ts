import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { freePort } from './ports.js';

/**
 * A stand-in for API Gateway's Management API: answers `POST /{stage}/@connections/{id}` like
 * API Gateway does (200 for an open connection, 410 GoneException otherwise), so the real SDK
 * client is exercised end to end. Tests open and close connections and read what each received.
 */
export interface ConnectionsEndpoint {
  /** Base URL without the stage: `http://127.0.0.1:PORT`. */
  readonly url: string;
  open(connectionId: string): void;
  close(connectionId: string): void;
  /** Makes sends to this connection fail with an HTTP status and API Gateway error type. */
  failWith(connectionId: string, status: number, errorType: string): void;
  /** What a connection received, oldest first, parsed as text. */
  received(connectionId: string): readonly string[];
  /** The stages requests arrived on, for endpoint-building tests. */
  readonly stages: readonly string[];
  stop(): Promise<void>;
}

export async function startConnectionsEndpoint(): Promise<ConnectionsEndpoint> {
  const open = new Set<string>();
  const failures = new Map<string, { status: number; errorType: string }>();
  const inbox = new Map<string, string[]>();
  const stages: string[] = [];

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const match = /^\/([^/]+)\/@connections\/([^/?]+)$/.exec(request.url ?? '');
      if (request.method !== 'POST' || !match) return answer(response, 404, 'NotFoundException');
      const stage = decodeURIComponent(match[1] ?? '');
      const connectionId = decodeURIComponent(match[2] ?? '');
      stages.push(stage);
      const failure = failures.get(connectionId);
      if (failure) return answer(response, failure.status, failure.errorType);
      if (!open.has(connectionId)) return answer(response, 410, 'GoneException');
      inbox.set(connectionId, [...(inbox.get(connectionId) ?? []), Buffer.concat(chunks).toString('utf8')]);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    open: (id) => {
      open.add(id);
    },
    close: (id) => {
      open.delete(id);
    },
    failWith: (id, status, errorType) => {
      failures.set(id, { status, errorType });
    },
    received: (id) => inbox.get(id) ?? [],
    stages,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return stopped;
    },
  };
}

function answer(response: ServerResponse, status: number, errorType: string): void {
  // An empty error type sends a bare status, as a hand-written endpoint might.
  const headers = errorType ? { 'x-amzn-errortype': errorType } : {};
  response
    .writeHead(status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify({ message: errorType || null }));
}
