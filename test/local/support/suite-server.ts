import { afterAll, beforeAll } from 'vitest';
import { connectGame, createLobbyClient, type GameClient, type LobbyClient } from '../../../src/client/index.js';
import { type LocalServer, type LocalServerOptions, startLocalServer } from '../../../src/local/server.js';

/** A signed-in player of a suite: their token, id, and a lobby client that carries the token. */
export interface SuitePlayer {
  readonly token: string;
  readonly userId: string;
  readonly lobby: LobbyClient;
}

/** The server of one describe block, and what its tests make with it. */
export interface SuiteServer {
  readonly server: LocalServer;
  /** The anonymous lobby client. */
  readonly lobby: LobbyClient;
  /** Signs a new player in, under `name` and a random suffix (tests share the server). */
  player(name: string): Promise<SuitePlayer>;
  /** The SDK's client for `who` in a match, reconnecting quickly; closed with the suite. */
  connect<G>(matchId: string, who: SuitePlayer): GameClient<G>;
}

/**
 * Starts a local server before the describe block it is called in and closes it, with every client
 * its tests connected, after. Its fields are read inside tests, once the server runs.
 */
export function suiteServer(options: LocalServerOptions): SuiteServer {
  let server: LocalServer | undefined;
  let lobby: LobbyClient | undefined;
  const clients: GameClient<unknown>[] = [];
  beforeAll(async () => {
    server = await startLocalServer(options);
    lobby = createLobbyClient({ baseUrl: server.url });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the suite’s server is read before it started');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get lobby() {
      return started(lobby);
    },
    async player(name) {
      const anonymous = started(lobby);
      const { token, userId } = await anonymous.signIn(`${name}-${Math.random().toString(36).slice(2, 8)}`);
      return { token, userId, lobby: anonymous.withToken(token) };
    },
    connect<G>(matchId: string, who: SuitePlayer) {
      const client = connectGame<G>({
        url: started(server).wsUrl,
        matchId,
        token: who.token,
        backoff: { initialMs: 1, maxMs: 20 },
      });
      clients.push(client as GameClient<unknown>);
      return client;
    },
  };
}
