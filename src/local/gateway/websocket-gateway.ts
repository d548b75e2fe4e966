import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { type WebSocket, WebSocketServer } from 'ws';
import type { WebSocketEvent } from '../../handlers/events.js';
import type { Clock, Logger } from '../../ports/index.js';
import { actionOf, MOCK_ROUTES, ROUTES } from '../../protocol/index.js';
import { type AuthorizerFunction, authorize } from './authorize.js';
import type { ConnectionRegistry, LiveConnection } from './connection-registry.js';
import {
  authorizerEvent,
  connectEvent,
  disconnectEvent,
  messageEvent,
  queryParameters,
  requestHeaders,
  type StageInfo,
} from './events.js';
import { gatewayId } from './ids.js';

export type RouteHandler = (event: WebSocketEvent) => Promise<APIGatewayProxyResult>;

/** The integrations behind the API's routes: exactly what the Lambda functions are on AWS. */
export interface GatewayIntegrations {
  readonly authorizer: AuthorizerFunction;
  readonly connect: RouteHandler;
  readonly disconnect: RouteHandler;
  /** Custom routes by route key, plus `$default` for everything that matches none. */
  readonly routes: Readonly<Record<string, RouteHandler>> & { readonly $default: RouteHandler };
}

export interface GatewayOptions {
  readonly apiId: string;
  readonly stage: string;
  readonly maxMessageBytes: number;
  readonly idleTimeoutMs: number;
  readonly maxConnectionMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * API Gateway's WebSocket API in one process: $connect runs the authorizer and the connect
 * integration before the upgrade completes (a refusal is a plain HTTP answer), messages are routed on
 * `$request.body.action`, and the service's limits apply (message size, idle timeout, connection age).
 */
export class WebSocketGateway {
  private readonly server: WebSocketServer;
  private readonly pending = new Set<Promise<unknown>>();
  private state: 'open' | 'closing' | 'closed' = 'open';

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly integrations: () => GatewayIntegrations,
    private readonly options: GatewayOptions,
  ) {
    // API Gateway negotiates no compression; a larger message closes the socket with 1009.
    this.server = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxMessageBytes,
      perMessageDeflate: false,
    });
  }

  /** Is this upgrade request for our stage? `/`, `/{stage}` and `/{stage}/` are. */
  acceptsPath(pathname: string): boolean {
    return pathname === '/' || pathname === `/${this.options.stage}` || pathname === `/${this.options.stage}/`;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.track(this.connect(request, socket, head));
  }

  private async connect(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const { clock, logger } = this.options;
    const started = clock.now();
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (this.state !== 'open') return refuse(socket, 503, { message: 'Service Unavailable' });
    if (!this.acceptsPath(url.pathname)) return refuse(socket, 403, { message: 'Forbidden' });
    if (!isHandshake(request)) return refuse(socket, 400, { message: 'Bad Request' });

    const sourceIp = request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '';
    const connection: LiveConnection = {
      connectionId: gatewayId(),
      connectedAt: started,
      sourceIp,
      userAgent: request.headers['user-agent'] ?? '',
      authorizer: null,
      state: 'connecting',
      socket: undefined,
      lastActiveAt: started,
      markActive: () => undefined,
    };
    const stage = this.stageFor(request);
    const upgrade = { headers: requestHeaders(request, sourceIp), query: queryParameters(url) };
    const integrations = this.integrations();
    let clientLeft = false;
    socket.once('close', () => {
      clientLeft = true;
    });

    const authorization = await authorize(
      integrations.authorizer,
      authorizerEvent(stage, connection, upgrade, clock.now()),
      clock.now,
    );
    if (!authorization.allowed) {
      logger.info('ws.refused', { status: authorization.status, reason: 'authorizer', sourceIp });
      return refuse(socket, authorization.status, { message: authorization.message });
    }
    connection.authorizer = authorization.context;
    this.registry.add(connection);

    const answer = await invoke(integrations.connect, connectEvent(stage, connection, upgrade, clock.now()));
    if (answer.statusCode < 200 || answer.statusCode > 299) {
      this.registry.markClosed(connection.connectionId);
      logger.info('ws.refused', { status: answer.statusCode, reason: 'connect', sourceIp });
      return refuse(socket, answer.statusCode, answer.body);
    }
    if (clientLeft || this.state !== 'open') {
      // Registered but never opened: API Gateway still sends $disconnect for it.
      this.registry.markClosed(connection.connectionId);
      await invoke(integrations.disconnect, disconnectEvent(stage, connection, clock.now()));
      return;
    }

    // A subprotocol is echoed only if $connect answered with it, as API Gateway requires. `ws` calls
    // handleProtocols synchronously inside handleUpgrade, so setting it per request here is safe.
    const protocol = headerOf(answer, 'sec-websocket-protocol');
    this.server.options.handleProtocols = (offered) => (protocol && offered.has(protocol) ? protocol : false);
    this.server.handleUpgrade(request, socket, head, (ws) => {
      this.open(connection, ws, stage);
      logger.info('ws.connected', {
        connectionId: connection.connectionId,
        userId: connection.authorizer?.principalId,
        sourceIp,
        latencyMs: clock.now() - started,
      });
    });
  }

  private open(connection: LiveConnection, ws: WebSocket, stage: StageInfo): void {
    const { clock, logger, idleTimeoutMs, maxConnectionMs } = this.options;
    connection.socket = ws;
    connection.state = 'open';
    let messages = 0;
    const goAway = (why: string) => () => ws.close(1001, why);
    const idle = setTimeout(goAway('Going away: idle timeout'), idleTimeoutMs);
    // API Gateway counts messages either way as activity, but not protocol pings (it ignores them).
    connection.markActive = () => {
      connection.lastActiveAt = clock.now();
      idle.refresh();
    };
    const tooOld = setTimeout(goAway('Going away: maximum connection duration'), maxConnectionMs);

    ws.on('message', (data, isBinary) => {
      connection.markActive();
      messages += 1;
      if (isBinary) {
        // API Gateway takes text frames only: it closes the connection with 1003 and routes nothing.
        ws.close(1003, 'Binary frames are not supported');
        return;
      }
      // `ws` hands over a Buffer (binaryType 'nodebuffer'): decode it as it is, without copying it first.
      const body = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      this.track(this.route(connection, ws, stage, body.toString('utf8')));
    });
    // `ws` reports protocol violations (such as an oversized message, closed with 1009) as errors
    // after closing the socket itself; nothing else is left to do here.
    ws.on('error', (error) =>
      logger.info('ws.protocol_error', { connectionId: connection.connectionId, error: error.message }),
    );
    ws.on('close', (code) => {
      clearTimeout(idle);
      clearTimeout(tooOld);
      this.registry.markClosed(connection.connectionId);
      logger.info('ws.disconnected', {
        connectionId: connection.connectionId,
        code,
        messages,
        durationMs: clock.now() - connection.connectedAt,
      });
      const event = disconnectEvent(stage, connection, clock.now());
      this.track(invoke(this.integrations().disconnect, event));
    });
  }

  /** Route selection on `$request.body.action`: exact matches only; non-JSON and unknown actions go to $default. */
  private async route(connection: LiveConnection, ws: WebSocket, stage: StageInfo, body: string): Promise<void> {
    const action = actionOf(body);
    // A MOCK integration with a route response (the heartbeat's `ping`): API Gateway answers itself.
    const mocked = action === undefined ? undefined : MOCK_ROUTES[action];
    if (mocked !== undefined) {
      if (ws.readyState === ws.OPEN) ws.send(mocked);
      return;
    }
    const routes = this.integrations().routes;
    const routeKey =
      action !== undefined && (ROUTES as readonly string[]).includes(action) && routes[action] ? action : '$default';
    const handler = routes[routeKey] ?? routes.$default;
    const event = messageEvent(stage, connection, routeKey, body, this.options.clock.now());
    const answer = await invoke(handler, event);
    if (answer.statusCode >= 500 && ws.readyState === ws.OPEN) {
      // What API Gateway itself sends the client when an integration fails.
      ws.send(
        JSON.stringify({
          message: 'Internal server error',
          connectionId: connection.connectionId,
          requestId: event.requestContext.requestId,
        }),
      );
    }
  }

  /** The stage as this request reached it: the Host it used is the domain the management API is on. */
  private stageFor(request: IncomingMessage): StageInfo {
    return { apiId: this.options.apiId, stage: this.options.stage, domainName: request.headers.host ?? 'localhost' };
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.options.logger.error('ws.failed', { error: String(error) }));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  /**
   * Closes every socket as a redeploy would (1001), gives clients a moment to answer the close, then
   * cuts whatever is left; waits for every $disconnect and every route invocation still in flight.
   */
  async close(graceMs = 1_000): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closing';
    for (const connection of this.registry.all()) connection.socket?.close(1001, 'Going away');
    const deadline = Date.now() + graceMs;
    while (this.registry.all().some((connection) => connection.socket) && Date.now() < deadline) await sleep(10);
    for (const connection of this.registry.all()) connection.socket?.terminate();
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    this.server.close();
    this.state = 'closed';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A well-formed WebSocket handshake, checked before any integration runs: `ws` would otherwise refuse
 * it only after $connect had registered a connection that can never open.
 */
function isHandshake(request: IncomingMessage): boolean {
  const key = request.headers['sec-websocket-key'];
  return (
    request.method === 'GET' &&
    request.headers.upgrade?.toLowerCase() === 'websocket' &&
    request.headers['sec-websocket-version'] === '13' &&
    typeof key === 'string' &&
    /^[+/0-9A-Za-z]{22}==$/.test(key.trim())
  );
}

/** A throwing integration is a 500, as API Gateway reports a failed Lambda invocation. */
async function invoke(handler: RouteHandler, event: WebSocketEvent): Promise<APIGatewayProxyResult> {
  try {
    return await handler(event);
  } catch {
    return { statusCode: 500, body: JSON.stringify({ message: 'Internal server error' }) };
  }
}

function headerOf(result: APIGatewayProxyResult, name: string): string | undefined {
  for (const [key, value] of Object.entries(result.headers ?? {})) {
    if (key.toLowerCase() === name) return String(value);
  }
  return undefined;
}

/** Answers the upgrade request with a plain HTTP response: the handshake never completes. */
function refuse(socket: Duplex, status: number, body: unknown): void {
  if (socket.destroyed) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(text)}\r\n` +
      'Connection: close\r\n\r\n' +
      text,
  );
}
