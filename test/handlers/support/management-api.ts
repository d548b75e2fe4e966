import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for API Gateway's Management API on loopback: `POST /{stage}/@connections/{id}` records
 * the body for an open connection and answers 410 GoneException for any other id, as API Gateway
 * does for a closed, unknown or still-connecting connection. The real SDK client talks to it.
 */
export interface ManagementApi {
  /** `http://127.0.0.1:PORT`: the stage path is appended by whoever builds the client's endpoint. */
  readonly url: string;
  /** Lets posts to this connection succeed from now on. */
  open(connectionId: string): void;
  /** Posts to this connection answer 410 from now on (the client went away without $disconnect). */
  close(connectionId: string): void;
  /** Posts to this connection answer 429 LimitExceededException: a failure that is not Gone. */
  throttle(connectionId: string): void;
  /** Posts to this connection answer this status and error type (500 InternalServerErrorException unless told). */
  fail(connectionId: string, status?: number, errorType?: string): void;
  /** Every body posted to this connection, parsed, oldest first. */
  received(connectionId: string): unknown[];
  /** Every post answered so far, gone ones included, in arrival order. */
  readonly posts: readonly { readonly connectionId: string; readonly stage: string; readonly status: number }[];
  /** Forgets what was received (not which connections are open). */
  clear(): void;
  stop(): Promise<void>;
}

const PATH = /^\/([^/]+)\/@connections\/([^/?]+)$/;

export async function startManagementApi(): Promise<ManagementApi> {
  const open = new Set<string>();
  const throttled = new Set<string>();
  const failing = new Map<string, { status: number; errorType: string }>();
  const inbox = new Map<string, unknown[]>();
  const posts: { connectionId: string; stage: string; status: number }[] = [];

  const server: Server = createServer(async (request, response) => {
    const match = PATH.exec(request.url ?? '');
    if (request.method !== 'POST' || match === null) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
      return;
    }
    const stage = decodeURIComponent(match[1] as string);
    const connectionId = decodeURIComponent(match[2] as string);
    const body = await readAll(request);
    const failure = failing.get(connectionId);
    if (failure) {
      posts.push({ connectionId, stage, status: failure.status });
      response
        .writeHead(failure.status, { 'content-type': 'application/json', 'x-amzn-errortype': failure.errorType })
        .end('{"message":"Internal server error"}');
      return;
    }
    if (throttled.has(connectionId)) {
      posts.push({ connectionId, stage, status: 429 });
      response
        .writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'LimitExceededException' })
        .end('{"message":"Rate exceeded"}');
      return;
    }
    if (!open.has(connectionId)) {
      posts.push({ connectionId, stage, status: 410 });
      response
        .writeHead(410, { 'content-type': 'application/json', 'x-amzn-errortype': 'GoneException' })
        .end('{"message":null}');
      return;
    }
    posts.push({ connectionId, stage, status: 200 });
    const list = inbox.get(connectionId) ?? [];
    list.push(JSON.parse(body));
    inbox.set(connectionId, list);
    response.writeHead(200, { 'content-type': 'application/json' }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    open: (id) => void open.add(id),
    close: (id) => void open.delete(id),
    throttle: (id) => void throttled.add(id),
    fail: (id, status = 500, errorType = 'InternalServerErrorException') => void failing.set(id, { status, errorType }),
    received: (id) => [...(inbox.get(id) ?? [])],
    posts,
    clear: () => {
      inbox.clear();
      posts.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readAll(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
