import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleGames } from '../../games/index.js';
import type { TicTacToeState } from '../../games/tic-tac-toe.js';
import { createDevSignIn, createTokenVerifier } from '../../src/auth/index.js';
import { createHttpHandler, gameRegistry } from '../../src/handlers/index.js';
import { silentLogger, systemClock } from '../../src/ports/index.js';
import { config, hs256 } from '../auth/tokens.js';
import { type DynamoStores, startDynamoStores } from './support/dynamo.js';
import { httpEvent } from './support/events.js';

let stores: DynamoStores;
beforeAll(async () => {
  stores = await startDynamoStores('dynalite');
});
afterAll(() => stores.stop());

/** The lobby on DynamoDB (dynalite), settling in the direct mode: a bot that moves first moves in the request. */
const handle = (event: Parameters<ReturnType<typeof createHttpHandler>>[0]) =>
  createHttpHandler({
    games: gameRegistry(exampleGames),
    ordering: 'direct',
    matches: stores.matches,
    connections: stores.connections,
    fanout: () => {
      throw new Error('no WebSocket endpoint: nothing is pushed');
    },
    clock: systemClock,
    logger: silentLogger,
    newId: () => randomUUID(),
    tokens: createTokenVerifier(config),
    devSignIn: createDevSignIn(config),
    allowClientSeeds: false,
  })(event);

const bodyOf = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body ?? 'null');
const create = async (user: string, body: Record<string, unknown>) =>
  handle(httpEvent('POST', '/api/matches', { token: await hs256({ sub: user }), body }));

describe('bot seats through the lobby API', () => {
  it('lists the bots that can play each game, and whether a bot may replace a leaver', async () => {
    const games = bodyOf(await handle(httpEvent('GET', '/api/games'))).games;
    expect(
      games.map(({ name, bots, replaceLeavers }: Record<string, unknown>) => [name, bots, replaceLeavers]),
    ).toEqual([
      ['tic-tac-toe', ['random', 'mcts'], true],
      ['liars-dice', ['random', 'mcts'], true],
      ['rock-paper-scissors', ['random', 'mcts'], false],
      ['sealed-bid', ['random', 'mcts'], false],
    ]);
  });

  it('seats a bot after its creator, and a bot that sits first moves as the table fills', async () => {
    const withCreator = bodyOf(await create('ann', { game: 'tic-tac-toe', join: true, bots: ['mcts'] })).match;
    expect(withCreator).toMatchObject({
      status: 'running',
      players: ['ann', 'bot:mcts:2'],
      bots: { 'bot:mcts:2': 'mcts' },
    });

    const botFirst = bodyOf(await create('ann', { game: 'tic-tac-toe', bots: ['random'] })).match;
    expect(botFirst).toMatchObject({ status: 'waiting', players: ['bot:random:1'] });
    const joined = await handle(
      httpEvent('POST', `/api/matches/${botFirst.id}/join`, { token: await hs256({ sub: 'bob' }) }),
    );
    expect(bodyOf(joined).match).toMatchObject({ status: 'running', players: ['bot:random:1', 'bob'] });
    // Read back from DynamoDB: the bot's seat is stored, and its first move was made and logged.
    const shown = bodyOf(await handle(httpEvent('GET', `/api/matches/${botFirst.id}`)));
    expect(shown.match).toMatchObject({ turn: 2, activePlayers: ['bob'], bots: { 'bot:random:1': 'random' } });
    expect((shown.view as TicTacToeState).board.filter((cell) => cell === 'X')).toHaveLength(1);
    const log = bodyOf(await handle(httpEvent('GET', `/api/matches/${botFirst.id}/log`))).moves;
    expect(log).toEqual([expect.objectContaining({ player: 'bot:random:1', seq: 1, moveId: 'bot:1', move: 'place' })]);
  });

  it.each([
    [{ game: 'tic-tac-toe', bots: ['nobody'] }, 'tic-tac-toe has no bot "nobody"'],
    [{ game: 'tic-tac-toe', bots: ['random', 'random'] }, 'bots: at most 1 of 2 seats'],
    [{ game: 'tic-tac-toe', timeoutBot: 'random' }, 'timeoutBot: this match has no clock'],
    [{ game: 'rock-paper-scissors', replaceLeavers: 'random' }, 'replaceLeavers: rock-paper-scissors does not'],
    [{ game: 'tic-tac-toe', bots: ['Not A Name'] }, 'bots.0: a bot name'],
  ])('refuses %j with bad_args, naming why, and makes no match', async (body, why) => {
    const before = (await stores.matches.list({ limit: 100 })).length;
    const refused = await create('cy', body);
    expect(refused.statusCode).toBe(400);
    expect(bodyOf(refused).error).toMatchObject({ code: 'bad_args', message: expect.stringContaining(why) });
    expect((await stores.matches.list({ limit: 100 })).length).toBe(before);
  });

  it('lets nobody be a bot: a token naming a bot’s id is refused, and so is such a name at the development sign-in', async () => {
    const impostor = await create('bot:random:2', { game: 'tic-tac-toe' });
    expect(impostor.statusCode).toBe(401);
    expect(bodyOf(impostor).error.message).toMatch(/only bots/);
    const signIn = await handle(httpEvent('POST', '/api/dev/sign-in', { body: { name: 'bot:mcts:1' } }));
    expect(signIn.statusCode).toBe(400);
  });
});
