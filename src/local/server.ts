import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { exampleGames } from '../../games/index.js';
import type { AnyGame } from '../engine/index.js';
import { httpError } from '../handlers/http-request.js';
import { createWebhookNotifier } from '../notify/webhook-notifier.js';
import { type Clock, jsonLogger, type Logger, systemClock } from '../ports/index.js';
import { IDEMPOTENCY_KEY_HEADER, UI_CONFIG_PATH } from '../protocol/index.js';
import {
  databasePath,
  devSignInEnabled,
  devTokenAudience,
  type LocalConfig,
  type LocalConfigInput,
  resolveConfig,
  retentionPolicyOf,
  tokenSecret,
  tokenVerifierConfig,
  uiConfigFor,
} from './config.js';
import { DeadlineSweepLoop } from './deadline-sweep-loop.js';
import { withDevAssets } from './dev-assets.js';
import { ConnectionRegistry } from './gateway/connection-registry.js';
import { handleManagementRequest, isManagementPath } from './gateway/management-api.js';
import { createManagementCredentials, type ManagementCredentials } from './gateway/management-auth.js';
import { WebSocketGateway } from './gateway/websocket-gateway.js';
import { serveHttpFunction, writeResult } from './http-api.js';
import type { LocalFunctions } from './integrations.js';
import { type AssetMap, loadWebAssets, serveAsset } from './static-assets.js';
import type { LocalWiring } from './wiring.js';
import type { AwsClientHook } from './wiring-aws-local.js';
import { type CommonWiringOptions, embeddedWiring } from './wiring-embedded.js';

/** Pending connections the kernel may queue before the event loop accepts them (capped by somaxconn). */
const ACCEPT_BACKLOG = 4096;

/** What embedders (tests, the benchmark, browser tests) may pass besides the configuration. */
export interface LocalServerOptions extends LocalConfigInput {
  readonly games?: readonly AnyGame[];
  readonly logger?: Logger;
  readonly clock?: Clock;
  /**
   * Wraps the functions the server invokes (to record events, count calls, inject faults) without
   * touching the handlers: what API Gateway, SQS and the HTTP API would call, the wrapper sees first.
   */
  readonly instrument?: (functions: LocalFunctions) => LocalFunctions;
  /** aws-local only: sees every AWS SDK client the wiring creates (the benchmark counts requests). */
  readonly onAwsClient?: AwsClientHook;
  /** The web UI's files, instead of the built-in ones (`turngate dev --board` adds the developer's boards). */
  readonly webAssets?: AssetMap;
}

export interface LocalServer {
  /** `http://host:port`: the lobby API under `/api`, the web UI at `/`. */
  readonly url: string;
  /** `ws://host:port/stage`: append `/?game=<matchId>&token=<jwt>`. */
  readonly wsUrl: string;
  readonly port: number;
  readonly config: LocalConfig;
  readonly wiring: LocalWiring;
  /**
   * The only credentials this server's `@connections` API accepts, made fresh at start and given to
   * the aws-local wiring's SDK client: for tools in the same process that need to post to a socket.
   */
  readonly managementCredentials: ManagementCredentials;
  /** The deadline sweep's minute loop (overdue-timeouts.ts): tests may run it at once with `sweep()`. */
  readonly deadlineSweep: DeadlineSweepLoop;
  /** Graceful: refuses new work, closes sockets ($disconnect runs), finishes queued moves, then stops. */
  close(): Promise<void>;
}

/**
 * Starts the local runtime: one port for the WebSocket API (an API Gateway emulator), its Management
 * API, the lobby's HTTP API and the web UI, all served by the same handlers as on AWS.
 */
export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const {
    games = exampleGames,
    logger = jsonLogger(),
    clock = systemClock,
    instrument,
    onAwsClient,
    webAssets,
    ...input
  } = options;
  const config = resolveConfig(input);
  const registry = new ConnectionRegistry();
  const managementCredentials = createManagementCredentials();
  let state: 'starting' | 'running' | 'closing' = 'starting';
  let wiring: LocalWiring | undefined;
  let functions: LocalFunctions | undefined;
  let assets: AssetMap = new Map();

  const gateway = new WebSocketGateway(registry, () => ready().gateway, {
    apiId: config.apiId,
    stage: config.stage,
    maxMessageBytes: config.maxMessageBytes,
    idleTimeoutMs: config.idleTimeoutMs,
    maxConnectionMs: config.maxConnectionMs,
    clock,
    logger,
  });
  const ready = (): LocalFunctions => {
    if (!functions) throw new Error('the local runtime is not wired yet');
    return functions;
  };

  const server = createServer((request, response) => {
    void handleRequest(request, response).catch((error: unknown) => {
      logger.error('http.failed', { error: String(error) });
      if (response.headersSent) response.end();
      else writeResult(response, httpError('internal'));
    });
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (state !== 'running') {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    gateway.handleUpgrade(request, socket, head);
  });

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    // The Management API keeps answering while a stop drains the queue: the aws-local fan-out needs it.
    if (isManagementPath(pathname) && wiring) {
      return handleManagementRequest(
        { registry, credentials: managementCredentials, logger },
        request,
        response,
        pathname,
      );
    }
    if (state !== 'running') {
      // No code in the table means "try again shortly"; the status does, and the shape stays typed.
      const unavailable = httpError('internal', 'The server is starting or stopping: try again shortly.');
      writeResult(response, {
        ...unavailable,
        statusCode: 503,
        headers: { ...unavailable.headers, connection: 'close' },
      });
      return;
    }
    if (pathname === '/api' || pathname.startsWith('/api/')) return serveApi(request, response);
    if (pathname === UI_CONFIG_PATH && config.serveWeb) {
      const body = JSON.stringify(uiConfigFor(config, request.headers.host ?? authority));
      writeResult(response, {
        statusCode: 200,
        headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        body,
      });
      return;
    }
    if (request.method === 'GET' || request.method === 'HEAD') {
      serveAsset(assets, pathname, response);
      return;
    }
    writeResult(response, httpError('unknown_action', `no endpoint ${request.method} ${pathname}`));
  }

  async function serveApi(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // The lobby takes bearer tokens, never cookies, so any origin may call it (a UI on a dev server).
    response.setHeader('Access-Control-Allow-Origin', '*');
    // A page on another origin reads the lobby's ETag to revalidate with it (If-None-Match).
    response.setHeader('Access-Control-Expose-Headers', 'ETag');
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': `Authorization, Content-Type, If-None-Match, ${IDEMPOTENCY_KEY_HEADER}`,
        'Access-Control-Max-Age': '600',
      });
      response.end();
      return;
    }
    const started = clock.now();
    const status = await serveHttpFunction(ready().http, request, response, started);
    logger.info('http', { method: request.method, path: request.url, status, latencyMs: clock.now() - started });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Node's default accept queue (511) overflows when a thousand games open at once (two sign-ins,
    // create, joins and two upgrades each): the kernel drops the SYN and the client retries a second
    // later, which is what failed game setups at N = 1,000. The kernel caps it at net.core.somaxconn.
    server.listen({ port: config.port, host: config.host, backlog: ACCEPT_BACKLOG }, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const authority = `${reachableHost(config.host)}:${port}`;
  const url = `http://${authority}`;

  try {
    wiring = await createWiring(config, games, onAwsClient, {
      registry,
      endpoint: { domainName: authority, stage: config.stage },
      managementUrl: url,
      managementCredentials,
      clock,
      logger,
    });
    functions = instrument ? instrument(wiring.functions) : wiring.functions;
    if (config.serveWeb) assets = webAssets ?? (await loadWebAssets(logger));
    // Development mode, which the UI learns from /config.json: the debug panel's script too.
    if (config.serveWeb && devSignInEnabled(config)) assets = await withDevAssets(assets, logger);
  } catch (error) {
    await wiring?.close();
    await closeServer(server);
    throw error;
  }
  wiring.start(functions.queue);
  const deadlineSweep = new DeadlineSweepLoop(wiring.deps);
  deadlineSweep.start();
  state = 'running';
  const wsUrl = `ws://${authority}/${config.stage}`;
  logger.info('server.listening', {
    url,
    wsUrl,
    wiring: wiring.name,
    orderingMode: config.orderingMode,
    ...wiring.describe,
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      state = 'closing';
      const active = wiring as LocalWiring;
      await gateway.close();
      await deadlineSweep.close();
      const drained = await withTimeout(active.drain(), config.drainTimeoutMs);
      if (!drained) logger.warn('server.drain_timeout', { timeoutMs: config.drainTimeoutMs });
      await active.close();
      await closeServer(server);
      logger.info('server.stopped', { drained });
    })();
    return closing;
  };
  return { url, wsUrl, port, config, wiring, managementCredentials, deadlineSweep, close };
}

async function createWiring(
  config: LocalConfig,
  games: readonly AnyGame[],
  onAwsClient: AwsClientHook | undefined,
  context: Parameters<typeof embeddedWiring>[1],
): Promise<LocalWiring> {
  const secret = tokenSecret(config);
  const common: CommonWiringOptions = {
    games,
    tokenSecret: secret,
    tokenIssuer: config.tokenIssuer,
    // What the dev sign-in signs for; verification accepts every configured audience (`tokens`).
    tokenAudience: devTokenAudience(config),
    tokens: tokenVerifierConfig(config, secret),
    devSignIn: devSignInEnabled(config),
    allowSpectators: config.allowSpectators,
    allowClientSeeds: config.allowClientSeeds,
    ordering: config.orderingMode,
    ...(config.frameLimit ? { frameLimit: config.frameLimit } : {}),
    retentionPolicy: retentionPolicyOf(config),
    sweepEveryMs: config.sweepEveryMs,
    ...noticeWebhook(config, context),
  };
  if (config.wiring === 'aws-local') {
    const { awsLocalWiring } = await import('./wiring-aws-local.js');
    return awsLocalWiring(
      { ...common, config, timersDatabase: databasePath(config), ...(onAwsClient ? { onAwsClient } : {}) },
      context,
    );
  }
  return embeddedWiring(
    {
      ...common,
      database: databasePath(config),
      synchronous: config.sqliteSynchronous,
      maxReceiveCount: config.maxReceiveCount,
      redeliveryDelayMs: config.redeliveryDelayMs,
    },
    context,
  );
}

/** The webhook Notifier when NOTICE_WEBHOOK_URL is set; its secret must come with it. */
function noticeWebhook(config: LocalConfig, context: Parameters<typeof embeddedWiring>[1]) {
  if (config.noticeWebhookUrl === undefined) return {};
  if (config.noticeWebhookSecret === undefined) {
    throw new Error('NOTICE_WEBHOOK_URL needs NOTICE_WEBHOOK_SECRET (at least 32 bytes) to sign the notices');
  }
  const notifier = createWebhookNotifier({
    url: config.noticeWebhookUrl,
    secret: config.noticeWebhookSecret,
    clock: context.clock,
    logger: context.logger,
  });
  return { notifier };
}

/** Where this machine reaches the server: a wildcard address is served on loopback too. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

async function withTimeout(work: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const finished = await Promise.race([work.then(() => true as const), timeout]);
  clearTimeout(timer);
  return finished;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
