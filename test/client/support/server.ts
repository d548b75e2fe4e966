import { createLobbyClient, type LobbyClient } from '../../../src/client/index.js';
import type { HandlerDeps } from '../../../src/handlers/index.js';
import { type LocalServerOptions, startLocalServer } from '../../../src/local/server.js';
import { type Logger, silentLogger } from '../../../src/ports/index.js';

export interface TestServer {
  /** The web UI's root, `http://127.0.0.1:PORT/`. */
  readonly url: string;
  /** The WebSocket endpoint (with the emulated stage): what `connectGame` takes as `url`. */
  readonly webSocketUrl: string;
  /** The lobby API, signed in as nobody. */
  readonly lobby: LobbyClient;
  /** The ports the runtime's handlers use, for tests that change the world behind a client's back. */
  readonly deps: HandlerDeps;
  close(): Promise<void>;
}

/**
 * The real local runtime (embedded wiring, in-memory SQLite, a fresh port), with the web UI.
 * `TURNGATE_TEST_LOGS=1` prints the server's structured logs, for debugging a failing test.
 */
export async function startTestServer(options: LocalServerOptions = {}): Promise<TestServer> {
  const logger: Logger = process.env.TURNGATE_TEST_LOGS ? consoleLogger : silentLogger;
  const server = await startLocalServer({ port: 0, database: ':memory:', logger, ...options });
  return {
    url: `${server.url}/`,
    webSocketUrl: server.wsUrl,
    lobby: createLobbyClient({ baseUrl: server.url }),
    deps: server.wiring.deps,
    close: () => server.close(),
  };
}

const consoleLogger: Logger = {
  info: (event, fields) => console.log(event, fields ?? {}),
  warn: (event, fields) => console.warn(event, fields ?? {}),
  error: (event, fields) => console.error(event, fields ?? {}),
};
