import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDERING_MODES, type OrderingMode } from '../../src/handlers/index.js';
import { type LocalServer, type LocalServerOptions, startLocalServer } from '../../src/local/server.js';
import { silentLogger } from '../../src/ports/index.js';
import { type DynamoDbLocal, startDynamoDbLocal } from '../support/dynamodb-local.js';
import { api } from './local-client.js';
import { type PlayedGame, playRockPaperScissors, playTicTacToe } from './scripted-game.js';
import { playUntilTimeout, type TimedOutGame } from './scripted-timeout.js';

/** A match's move log as the lobby answers it, its times zeroed so runs compare. */
async function timelessLog(server: LocalServer, matchId: string | undefined): Promise<object[]> {
  const log = await api<{ moves: object[] }>(server.url, `/api/matches/${matchId}/log`);
  return log.body.moves.map((move) => ({ ...move, at: 0 }));
}

const common: LocalServerOptions = { port: 0, serveWeb: false, logger: silentLogger, redeliveryDelayMs: 0 };
const awsLocal: LocalServerOptions = { ...common, wiring: 'aws-local', tokenSecret: 'x'.repeat(32) };

/** The embedded run of each mode, once played: every mode must match the first one's messages too. */
const references: Partial<Record<OrderingMode, PlayedGame>> = {};
const timeoutReferences: Partial<Record<OrderingMode, TimedOutGame>> = {};

/**
 * The same handlers behind different wirings: SQLite + the in-process queue + direct sockets, and the
 * AWS adapters against dynalite or DynamoDB Local, local-aws-sqs and this server's own @connections
 * API; in each ordering mode. The same scripted game must end the same way with the same messages,
 * message for message, whatever the wiring and whatever the mode.
 */
describe.each(ORDERING_MODES)('parity between the embedded and aws-local wirings, %s mode', (orderingMode) => {
  const servers: Record<string, LocalServer> = {};
  const games: Record<string, PlayedGame> = {};
  const timedOut: Record<string, TimedOutGame> = {};
  let dynamodbLocal: DynamoDbLocal | undefined;
  beforeAll(async () => {
    dynamodbLocal = await startDynamoDbLocal();
    servers.embedded = await startLocalServer({ ...common, orderingMode, database: ':memory:' });
    servers.dynalite = await startLocalServer({ ...awsLocal, orderingMode });
    servers.dynamodbLocal = await startLocalServer({
      ...awsLocal,
      orderingMode,
      dynamodbEndpoint: dynamodbLocal.endpoint,
      // Its timers (kept with an outside engine) in memory, not in the checkout's ./data beside other servers'.
      database: ':memory:',
    });
  });
  afterAll(async () => {
    await Promise.all(Object.values(servers).map((server) => server.close()));
    await dynamodbLocal?.stop();
  });

  for (const wiring of ['embedded', 'dynalite', 'dynamodbLocal']) {
    it(`plays the game through ${wiring}`, async () => {
      const server = servers[wiring] as LocalServer;
      expect(server.wiring.name).toBe(wiring === 'embedded' ? 'embedded' : 'aws-local');
      // The direct mode's move route settles moves itself: it has no queue to send to.
      expect(server.wiring.deps.ordering).toBe(orderingMode);
      expect(server.wiring.deps.queue === undefined).toBe(orderingMode === 'direct');
      const game = await playTicTacToe(server);
      games[wiring] = game;
      expect(game.finalStates.alice).toMatchObject({ status: 'finished', result: { winners: ['alice'] } });
    });
  }

  for (const wiring of ['embedded', 'dynalite', 'dynamodbLocal']) {
    it(`decides a match by a timeout through ${wiring}`, async () => {
      const game = await playUntilTimeout(servers[wiring] as LocalServer);
      timedOut[wiring] = game;
      expect(game.messages.bob.at(-1)).toMatchObject({
        status: 'finished',
        result: { winners: ['<bob>'] },
        timeout: { player: '<alice>', turn: 1, outcome: { kind: 'lost' } },
      });
    });
  }

  it('ends every wiring’s timed-out match with identical messages and move logs', async () => {
    const reference = timedOut.embedded as TimedOutGame;
    timeoutReferences[orderingMode] = reference;
    expect(reference.messages).toEqual((timeoutReferences.fifo ?? reference).messages);
    const logOf = (wiring: string) => timelessLog(servers[wiring] as LocalServer, timedOut[wiring]?.matchId);
    expect(await logOf('embedded')).toEqual([expect.objectContaining({ moveId: 'timeout:1', move: '$lost', seq: 0 })]);
    for (const wiring of ['dynalite', 'dynamodbLocal']) {
      expect(timedOut[wiring]?.messages).toEqual(reference.messages);
      expect(await logOf(wiring)).toEqual(await logOf('embedded'));
    }
  });

  it('ends every wiring with identical message sequences and move logs', async () => {
    const reference = games.embedded as PlayedGame;
    expect(reference.messages.alice.length).toBeGreaterThanOrEqual(6);
    references[orderingMode] = reference;
    // Across modes too: what players see does not depend on how moves are ordered.
    expect(reference.messages).toEqual((references.fifo ?? reference).messages);
    const logOf = (wiring: string) => timelessLog(servers[wiring] as LocalServer, games[wiring]?.matchId);
    for (const wiring of ['dynalite', 'dynamodbLocal']) {
      expect(games[wiring]?.messages).toEqual(reference.messages);
      expect(await logOf(wiring)).toEqual(await logOf('embedded'));
    }
  });

  it('plays rock-paper-scissors (players who act at once, hands hidden) the same on every wiring', async () => {
    const played: Record<string, PlayedGame> = {};
    for (const wiring of ['embedded', 'dynalite', 'dynamodbLocal']) {
      played[wiring] = await playRockPaperScissors(servers[wiring] as LocalServer, 'rps-');
    }
    const reference = played.embedded as PlayedGame;
    expect(reference.finalStates.bob).toMatchObject({ status: 'finished', result: { winners: [expect.any(String)] } });
    // Before bob's first choice, his own state shows that alice chose, never what.
    const bobsFirst = reference.messages.bob.find((message) =>
      JSON.stringify(message).includes('"chosen":["<alice>"]'),
    );
    // His legal moves name every hand, whatever alice chose (test/engine/legal-moves.property.test.ts).
    const { legalMoves, ...rest } = bobsFirst as { legalMoves?: unknown };
    expect(legalMoves).toMatchObject({ moves: [{}, {}, {}] });
    expect(JSON.stringify(rest)).not.toMatch(/"(rock|paper|scissors)"/);
    const logOf = (wiring: string) => timelessLog(servers[wiring] as LocalServer, played[wiring]?.matchId);
    for (const wiring of ['dynalite', 'dynamodbLocal']) {
      expect(played[wiring]?.messages).toEqual(reference.messages);
      expect(await logOf(wiring)).toEqual(await logOf('embedded'));
    }
  });

  it('keeps each game in order when several are played at once through aws-local', async () => {
    const server = servers.dynamodbLocal as LocalServer;
    const played = await Promise.all(Array.from({ length: 6 }, (_, n) => playTicTacToe(server, `c${n}-`)));
    for (const game of played) expect(game.messages).toEqual(games.embedded?.messages);
  });
});
