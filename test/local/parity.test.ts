import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../src/local/server.js';
import { silentLogger } from '../../src/ports/index.js';
import { api } from './local-client.js';
import { type PlayedGame, playTicTacToe } from './scripted-game.js';

const common = { port: 0, serveWeb: false, logger: silentLogger, redeliveryDelayMs: 0 } as const;

/**
 * The same handlers behind two wirings: SQLite + the in-process queue + direct sockets, and the AWS
 * adapters against dynalite, local-aws-sqs and this server's own @connections API. The same scripted
 * game must end the same way with the same messages, message for message.
 */
describe('parity between the embedded and aws-local wirings', () => {
  const servers: LocalServer[] = [];
  const games: Record<string, PlayedGame> = {};
  beforeAll(async () => {
    servers.push(await startLocalServer({ ...common, database: ':memory:' }));
    servers.push(await startLocalServer({ ...common, wiring: 'aws-local', tokenSecret: 'x'.repeat(32) }));
  });
  afterAll(() => Promise.all(servers.map((server) => server.close())));

  it('plays the game through the embedded wiring', async () => {
    games.embedded = await playTicTacToe(servers[0] as LocalServer);
    expect(games.embedded.finalStates.alice.status).toBe('finished');
  });

  it('plays the game through the aws-local wiring', async () => {
    const server = servers[1] as LocalServer;
    expect(server.wiring.name).toBe('aws-local');
    games.awsLocal = await playTicTacToe(server);
    expect(games.awsLocal.finalStates.alice.status).toBe('finished');
  });

  it('ends both with identical final states and message sequences', async () => {
    const { embedded, awsLocal } = games;
    expect(embedded && awsLocal).toBeTruthy();
    expect(awsLocal?.messages).toEqual(embedded?.messages);
    expect(awsLocal?.messages.alice.length).toBeGreaterThanOrEqual(6);
    const logs = await Promise.all(
      servers.map((server, index) =>
        api<{ moves: unknown[] }>(
          server.url,
          `/api/matches/${index === 0 ? embedded?.matchId : awsLocal?.matchId}/log`,
        ),
      ),
    );
    const strip = (moves: unknown[]) => moves.map((move) => ({ ...(move as object), at: 0 }));
    expect(strip(logs[1]?.body.moves ?? [])).toEqual(strip(logs[0]?.body.moves ?? []));
  });
});
