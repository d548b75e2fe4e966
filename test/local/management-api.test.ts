import { request as httpRequest } from 'node:http';
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../src/local/server.js';
import { silentLogger } from '../../src/ports/index.js';
import { runningMatch, ScriptedClient, signIn } from './local-client.js';

const FORGED = '{"type":"state","matchId":"x","view":"forged"}';

/** A middleware for the SDK client's stack, typed from the client itself. */
type Middleware = Parameters<ApiGatewayManagementApiClient['middlewareStack']['add']>[0];
type RawRequest = { headers: Record<string, string>; body?: unknown };

/**
 * The local `@connections` API serves this runtime's own adapters and nobody else: not another
 * process on the machine without the server's credentials, and not a web page, whatever it signs.
 */
describe('the local @connections API is locked down', () => {
  let server: LocalServer;
  let matchId: string;
  let alice: string;
  const endpoint = () => `${server.url}/${server.config.stage}`;
  const sdk = (
    credentials: { accessKeyId: string; secretAccessKey: string } = server.managementCredentials,
    extra: { systemClockOffset?: number; maxAttempts?: number } = {},
  ) => new ApiGatewayManagementApiClient({ endpoint: endpoint(), region: 'us-east-1', credentials, ...extra });

  /** A player's open socket and the connection id the gateway gave it. */
  async function openSocket() {
    const before = new Set(
      (await server.wiring.deps.connections.listByGame(matchId, Date.now())).map((c) => c.connectionId),
    );
    const client = await ScriptedClient.connect(server.wsUrl, { game: matchId, token: alice });
    const after = await server.wiring.deps.connections.listByGame(matchId, Date.now());
    const connectionId = after.find((connection) => !before.has(connection.connectionId))?.connectionId ?? '';
    return { client, connectionId };
  }

  /** A raw request, as any local process or a browser could make it. */
  function raw(method: string, path: string, headers: Record<string, string>, body = '') {
    return new Promise<{ status: number; errorType: string | undefined }>((resolve, reject) => {
      const call = httpRequest(`${server.url}${path}`, { method, headers }, (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, errorType: response.headers['x-amzn-errortype'] as string }),
        );
      });
      call.on('error', reject);
      call.end(body);
    });
  }

  /** Nothing reached the socket and it is still open: a post the server itself makes still arrives. */
  async function expectUntouched(client: ScriptedClient, connectionId: string) {
    expect(client.received).toEqual([]);
    expect(client.closeCode).toBeUndefined();
    await sdk().send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: '{"type":"ack","id":"ok","version":1}' }),
    );
    expect(await client.next()).toEqual({ type: 'ack', id: 'ok', version: 1 });
  }

  beforeAll(async () => {
    server = await startLocalServer({ port: 0, database: ':memory:', serveWeb: false, logger: silentLogger });
    alice = await signIn(server.url, 'alice');
    matchId = await runningMatch(server.url, 'tic-tac-toe', [alice, await signIn(server.url, 'bob')]);
  });
  afterAll(() => server.close());

  it('makes fresh credentials per server, shaped like an AWS key pair', async () => {
    const other = await startLocalServer({ port: 0, database: ':memory:', serveWeb: false, logger: silentLogger });
    try {
      expect(server.managementCredentials.accessKeyId).toMatch(/^[A-Z0-9]{20}$/);
      expect(other.managementCredentials.accessKeyId).not.toBe(server.managementCredentials.accessKeyId);
      expect(other.managementCredentials.secretAccessKey).not.toBe(server.managementCredentials.secretAccessKey);
    } finally {
      await other.close();
    }
  });

  it.each<{ what: string; method: string; headers: Record<string, string> }>([
    { what: 'an unsigned POST', method: 'POST', headers: { 'content-type': 'application/json' } },
    {
      what: 'a browser’s simple request',
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'http://evil.example' },
    },
    { what: 'an unsigned DELETE', method: 'DELETE', headers: {} },
    { what: 'an unsigned GET', method: 'GET', headers: {} },
    {
      what: 'a POST with a made-up signature',
      method: 'POST',
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
        'x-amz-date': '20250101T000000Z',
      },
    },
  ])('refuses $what with 403 ForbiddenException', async ({ method, headers }) => {
    const { client, connectionId } = await openSocket();
    const path = `/${server.config.stage}/@connections/${encodeURIComponent(connectionId)}`;
    expect(await raw(method, path, headers, method === 'POST' ? FORGED : '')).toEqual({
      status: 403,
      errorType: 'ForbiddenException',
    });
    await expectUntouched(client, connectionId);
    await client.close();
  });

  it.each([
    { what: 'the wrong secret', client: () => sdk({ ...server.managementCredentials, secretAccessKey: 'guess' }) },
    { what: 'another key pair', client: () => sdk({ accessKeyId: 'local', secretAccessKey: 'local' }) },
    {
      what: 'a signature ten minutes old',
      // One attempt: the SDK would otherwise correct its clock from our Date header and retry.
      client: () => sdk(undefined, { systemClockOffset: -10 * 60 * 1000, maxAttempts: 1 }),
    },
    {
      what: 'the right signature from a web page',
      client: () => {
        const client = sdk();
        // Signed too: the Origin header is refused whatever the signature says.
        const fromWebPage: Middleware = (next) => async (args) => {
          (args.request as RawRequest).headers.origin = 'http://evil.example';
          return next(args);
        };
        client.middlewareStack.addRelativeTo(fromWebPage, {
          relation: 'before',
          toMiddleware: 'httpSigningMiddleware',
        });
        return client;
      },
    },
  ])('refuses the SDK client signing with $what, and every operation', async ({ client: make }) => {
    const { client, connectionId } = await openSocket();
    for (const command of [
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: '{"type":"ack","id":"x","version":1}' }),
      new GetConnectionCommand({ ConnectionId: connectionId }),
      new DeleteConnectionCommand({ ConnectionId: connectionId }),
    ]) {
      // A client per command: after a refusal the SDK corrects its clock from our Date header.
      const caller = make();
      await expect(caller.send(command as PostToConnectionCommand)).rejects.toMatchObject({
        name: 'ForbiddenException',
        $metadata: { httpStatusCode: 403 },
      });
      caller.destroy();
    }
    await expectUntouched(client, connectionId);
    await client.close();
  });

  it('refuses a signed post whose body was swapped after signing', async () => {
    const { client, connectionId } = await openSocket();
    const caller = sdk();
    const swapBody: Middleware = (next) => async (args) => {
      const request = args.request as RawRequest;
      // The same length, so only the signature can tell.
      request.body = Buffer.from(String(Buffer.from(request.body as Uint8Array)).replace('"x"', '"y"'));
      return next(args);
    };
    caller.middlewareStack.addRelativeTo(swapBody, { relation: 'after', toMiddleware: 'httpSigningMiddleware' });
    const post = new PostToConnectionCommand({
      ConnectionId: connectionId,
      Data: '{"type":"ack","id":"x","version":1}',
    });
    await expect(caller.send(post)).rejects.toMatchObject({ name: 'ForbiddenException' });
    caller.destroy();
    await expectUntouched(client, connectionId);
    await client.close();
  });

  it('does not even say whether a connection exists to a caller it refuses', async () => {
    const caller = sdk({ accessKeyId: 'local', secretAccessKey: 'local' });
    await expect(
      caller.send(new PostToConnectionCommand({ ConnectionId: 'V0H8xfjDoAMCKFg=', Data: 'x' })),
    ).rejects.toMatchObject({ name: 'ForbiddenException' });
    caller.destroy();
  });
});
