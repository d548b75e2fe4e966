/**
 * Where a bundled function's first event goes: the aws-local runtime (dynalite, this process's own
 * `@connections` API on loopback, real WebSockets) and a stand-in Secrets Manager that answers the
 * token secret, all on 127.0.0.1. No AWS endpoint is ever reachable from here: the bundle's SDK clients
 * are pointed at these by AWS_ENDPOINT_URL_<SERVICE>, the way a developer points the SDK at local engines.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { LocalServer } from '../../src/local/server.js';
import { postJson } from '../load/drivers/turngate.js';

export const TOKEN_SECRET = 'cold-start-bench-secret-cold-start-0123';
const TOKEN_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:ColdStartToken-AbCdEf';

export interface Player {
  readonly userId: string;
  readonly token: string;
  readonly connectionId: string;
}

/** A running tic-tac-toe match between two players, each with an open WebSocket. */
export interface OpenMatch {
  readonly matchId: string;
  readonly players: readonly [Player, Player];
  close(): void;
}

export interface Scenario {
  /** The environment a bundle runs with: the stack's, its references resolved to the local engines. */
  environment(stackEnvironment: Readonly<Record<string, unknown>>): Record<string, string>;
  openMatch(): Promise<OpenMatch>;
  /** The id of the newest move applied to a match, read from the tables. */
  lastMoveId(matchId: string): Promise<string | undefined>;
  readonly stage: { readonly apiId: string; readonly stage: string; readonly domainName: string };
  readonly port: number;
  close(): Promise<void>;
}

/** The tokens the functions accept: the stack's issuer and audience, signed with the stand-in secret. */
export interface TokenClaims {
  readonly issuer: string;
  readonly audience: string;
}

export async function startScenario(tokens: TokenClaims): Promise<Scenario> {
  const { startLocalServer } = await import('../../src/local/server.js');
  const { AWS_LOCAL_TABLES } = await import('../../src/local/wiring-aws-local.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'turngate-cold-start-'));
  const quiet = { info() {}, warn() {}, error() {} };
  const server: LocalServer = await startLocalServer({
    port: 0,
    host: '127.0.0.1',
    wiring: 'aws-local',
    dataDir,
    serveWeb: false,
    devSignIn: true,
    tokenSecret: TOKEN_SECRET,
    tokenIssuer: tokens.issuer,
    tokenAudience: tokens.audience,
    logger: quiet,
  });
  const secrets = await startSecretsManager();
  const dynamodb = server.wiring.describe.dynamodb;
  if (typeof dynamodb !== 'string') throw new Error('the aws-local wiring reported no DynamoDB endpoint');
  // Each variable the stack fills in from a resource, as the local engines name it.
  const resolved: Record<string, string> = {
    CONNECTIONS_TABLE: AWS_LOCAL_TABLES.connections,
    GAMES_TABLE: AWS_LOCAL_TABLES.games,
    MOVE_LOG_TABLE: AWS_LOCAL_TABLES.moveLog,
    PLAY_TABLE: AWS_LOCAL_TABLES.play,
    TOKEN_SECRET_ARN,
    WEBSOCKET_MANAGEMENT_ENDPOINT: `${server.url}/${server.config.stage}`,
  };
  return {
    port: server.port,
    stage: { apiId: server.config.apiId, stage: server.config.stage, domainName: `127.0.0.1:${server.port}` },
    environment(stackEnvironment) {
      const env: Record<string, string> = {};
      for (const [key, value] of Object.entries(stackEnvironment)) {
        const local = resolved[key] ?? (typeof value === 'string' ? value : undefined);
        if (local === undefined) throw new Error(`cold start: no local value for ${key} (${JSON.stringify(value)})`);
        env[key] = local;
      }
      return {
        PATH: process.env.PATH ?? '',
        ...env,
        // What Lambda sets, pointed at loopback: the region, and credentials (the local @connections
        // API checks each post's signature against this server's own key pair).
        AWS_REGION: 'us-east-1',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: server.managementCredentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: server.managementCredentials.secretAccessKey,
        AWS_ENDPOINT_URL_DYNAMODB: dynamodb,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        // No shared config files: a Lambda container has none, and a developer's must not leak in.
        AWS_CONFIG_FILE: join(dataDir, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'no-aws-credentials'),
      };
    },
    openMatch: () => openMatch(server),
    lastMoveId: async (matchId) => (await server.wiring.deps.matches.get(matchId))?.lastMove?.moveId,
    async close() {
      await new Promise<void>((resolve) => secrets.server.close(() => resolve()));
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let nextPlayer = 0;

async function openMatch(server: LocalServer): Promise<OpenMatch> {
  const post = <T>(path: string, body: unknown, token?: string) => postJson<T>(server.port, `/api${path}`, body, token);
  const signIn = () => post<{ token: string; userId: string }>('/dev/sign-in', { name: `cold${nextPlayer++}` });
  const [first, second] = await Promise.all([signIn(), signIn()]);
  const { match } = await post<{ match: { id: string } }>(
    '/matches',
    { game: 'tic-tac-toe', seats: 2, join: true },
    first.token,
  );
  await post(`/matches/${match.id}/join`, {}, second.token);
  const sockets = await Promise.all([first, second].map((player) => connect(server, match.id, player.token)));
  const rows = await server.wiring.deps.connections.listByGame(match.id, Date.now());
  const player = (identity: { token: string; userId: string }): Player => {
    const row = rows.find((candidate) => candidate.userId === identity.userId);
    if (!row) throw new Error(`cold start: ${identity.userId} has no connection in match ${match.id}`);
    return { userId: identity.userId, token: identity.token, connectionId: row.connectionId };
  };
  return {
    matchId: match.id,
    players: [player(first), player(second)],
    close: () => {
      for (const socket of sockets) socket.close();
    },
  };
}

async function connect(server: LocalServer, matchId: string, token: string): Promise<WebSocket> {
  const url = `${server.wsUrl}/?game=${encodeURIComponent(matchId)}&token=${encodeURIComponent(token)}`;
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  // Messages the functions send are read and dropped; a socket that is not read would back up.
  socket.on('message', () => {});
  return socket;
}

/** Secrets Manager's GetSecretValue, the only call a bundle makes to it, answering the token secret. */
async function startSecretsManager(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      if (target !== 'secretsmanager.GetSecretValue') {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify({ __type: 'InvalidRequestException', message: `not served here: ${target}` }));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(
        JSON.stringify({
          ARN: TOKEN_SECRET_ARN,
          Name: 'ColdStartToken',
          SecretString: TOKEN_SECRET,
          VersionId: 'v1',
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 1_700_000_000,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
