import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { exampleGames } from '../../games/index.js';
import { createMatch, defineGame, seatPlayer } from '../../src/engine/index.js';
import { createQueueHandler, gameRegistry } from '../../src/handlers/index.js';
import { MAX_ARGS_BYTES, MAX_ARGS_DEPTH } from '../../src/protocol/index.js';
import { hs256 } from '../auth/tokens.js';
import { httpEvent, messageEvent, SEED_ENDPOINT, sqsEvent, sqsRecord } from './support/events.js';
import { type Harness, openMatch, Player, pump, startHarness } from './support/harness.js';

/**
 * Input that cannot hurt the server: whatever a client sends, it gets a typed answer naming its move,
 * and nothing is stored or queued. Through the real handlers and adapters, as pipeline.test.ts does.
 */
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness('dynalite');
});
afterAll(() => harness.stop());
beforeEach(() => harness.api.clear());

const nested = (depth: number, inner = '') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
const moveFrame = (id: string, args: string) => `{"action":"move","id":"${id}","seq":1,"move":"place","args":${args}}`;

/** What anyone can see of a match: its summary and its whole move log, through the lobby API. */
async function publicRecord(matchId: string): Promise<string> {
  const [match, log] = await Promise.all([
    harness.handlers.http(httpEvent('GET', `/api/matches/${matchId}`)),
    harness.handlers.http(httpEvent('GET', `/api/matches/${matchId}/log`)),
  ]);
  return JSON.stringify([match.body, log.body]);
}

async function seatedPair() {
  const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob']);
  const alice = new Player(harness, 'alice');
  const bob = new Player(harness, 'bob');
  await alice.connect(id);
  await bob.connect(id);
  return { id, alice, bob };
}

describe('move frames that would make the server recurse or store too much', () => {
  it.each([
    { what: 'nested 10,000 deep', code: 'bad_frame', body: moveFrame('deep-1', nested(10_000)) },
    {
      what: 'nested 5,000 deep in an object',
      code: 'bad_frame',
      body: moveFrame('deep-2', `{"cell":${nested(5_000)}}`),
    },
    { what: 'nested one level too deep', code: 'bad_frame', body: moveFrame('deep-3', nested(MAX_ARGS_DEPTH + 1)) },
    {
      what: 'padded with 30 KB',
      code: 'bad_args',
      body: moveFrame('pad-1', `{"cell":4,"pad":"${'x'.repeat(30 * 1024)}"}`),
    },
    {
      what: 'one byte over the bound',
      code: 'bad_args',
      body: moveFrame('pad-2', `"${'x'.repeat(MAX_ARGS_BYTES - 1)}"`),
    },
  ])('a move $what gets $code naming the move, and nothing is queued or stored', async ({ body, code }) => {
    const { id, alice, bob } = await seatedPair();
    const before = await publicRecord(id);
    const response = await harness.handlers.move(messageEvent(alice.connectionId, 'move', body));
    expect(response.statusCode).toBe(200);
    const moveId = JSON.parse(body.replace(/"args":.*$/s, '"args":0}')).id as string;
    expect(alice.messages()).toEqual([{ type: 'error', code, message: expect.any(String), id: moveId }]);
    expect(bob.messages()).toEqual([]);
    expect(await pump(harness)).toEqual([]);
    expect(await publicRecord(id)).toBe(before);
  });

  it('lets args nested exactly to the bound through to the rules, which decide', async () => {
    const { alice } = await seatedPair();
    await harness.handlers.move(messageEvent(alice.connectionId, 'move', moveFrame('edge-1', nested(MAX_ARGS_DEPTH))));
    // The route judged it (a refusal needs no place in the queue), with the rules, as the consumer would.
    expect(await pump(harness)).toEqual([]);
    // Tic-tac-toe's schema wants `{cell}`: the rules' own answer, not the bound's.
    expect(alice.last()).toMatchObject({ type: 'error', code: 'bad_args', id: 'edge-1' });
  });

  it('counts brackets inside strings as text, not nesting', async () => {
    const { alice } = await seatedPair();
    // Escaped quotes too: `\"[` must not end the string for the scanner.
    const args = { cell: 4, note: `${'['.repeat(500)}${'"{'.repeat(500)}` };
    expect(JSON.stringify(args).length).toBeLessThan(MAX_ARGS_BYTES);
    await alice.move('text-1', 'place', args);
    expect(alice.last()).toMatchObject({ type: 'state', ack: { id: 'text-1' } });
  });
});

describe('what the rules parsed is all that is stored and sent', () => {
  it('keeps only the schema’s output in the public log: unknown keys are stripped', async () => {
    const { id, alice, bob } = await seatedPair();
    await alice.move('strip-1', 'place', { cell: 4, pad: 'x'.repeat(1000) });
    await bob.move('strip-2', 'place', { cell: 0, extra: { nested: ['x'] } });
    const log = await harness.handlers.http(httpEvent('GET', `/api/matches/${id}/log`));
    const moves = (JSON.parse(log.body ?? '{}') as { moves: { moveId: string; args: unknown }[] }).moves;
    expect(moves.map(({ moveId, args }) => ({ moveId, args }))).toEqual([
      { moveId: 'strip-1', args: { cell: 4 } },
      { moveId: 'strip-2', args: { cell: 0 } },
    ]);
    const everything = JSON.stringify([alice.messages(), bob.messages(), log.body]);
    expect(everything).not.toMatch(/xxxx|extra|nested/);
  });
});

describe('a game’s own bound on its moves’ arguments', () => {
  const notes = defineGame({
    name: 'short-notes',
    players: { min: 1, max: 1 },
    maxArgsBytes: 64,
    setup: () => ({ notes: [] as string[] }),
    moves: {
      write: {
        args: z.object({ text: z.string() }),
        apply: (state, { text }) => ({ notes: [...state.notes, text] }),
      },
    },
  });

  it('refuses bigger args with bad_args in the consumer, before the rules run', async () => {
    const handler = createQueueHandler({ ...harness.deps, games: gameRegistry([...exampleGames, notes]) });
    const id = `notes-${randomUUID()}`;
    const created = createMatch(notes, { seed: 'seed', seats: 1 });
    if (!created.ok) throw new Error('fixture');
    const seated = seatPlayer(notes, created.value, 'alice');
    if (!seated.ok) throw new Error('fixture');
    await harness.stores.matches.create(id, seated.value, Date.now());
    const alice = new Player(harness, 'alice');
    await alice.connect(id);
    const record = (moveId: string, seq: number, text: string) =>
      sqsRecord(
        JSON.stringify({
          moveId,
          seq,
          gameSessionId: id,
          userId: 'alice',
          connectionId: alice.connectionId,
          move: 'write',
          args: { text },
          endpoint: SEED_ENDPOINT,
          receivedAt: Date.now(),
        }),
        { groupId: id },
      );
    // Under the wire's bound, over the game's.
    expect(await handler(sqsEvent([record('long', 1, 'x'.repeat(100)), record('short', 2, 'hi')]))).toEqual({
      batchItemFailures: [],
    });
    expect(alice.messages()[0]).toEqual({ type: 'error', code: 'bad_args', message: expect.any(String), id: 'long' });
    expect(alice.messages()[1]).toMatchObject({
      type: 'state',
      // The refusal was settled first, in alice's ledger alone: no version of its own.
      version: seated.value.version + 1,
      ack: { id: 'short' },
    });
  });
});

describe('$default', () => {
  it('names the move in unknown_action when the frame carries a move id', async () => {
    harness.api.open('c-typo=');
    for (const body of [
      { action: 'mvoe', id: 'typo-1', move: 'place', args: {} },
      { id: 'typo-2', move: 'place' },
      { action: 'dance', id: 'not a valid id' },
    ]) {
      await harness.handlers.default(messageEvent('c-typo=', '$default', body));
    }
    expect(harness.api.received('c-typo=')).toEqual([
      { type: 'error', code: 'unknown_action', message: expect.any(String), id: 'typo-1' },
      { type: 'error', code: 'unknown_action', message: expect.any(String), id: 'typo-2' },
      { type: 'error', code: 'unknown_action', message: expect.any(String) },
    ]);
  });
});

describe('the lobby API', () => {
  const listed = async () => (await harness.handlers.http(httpEvent('GET', '/api/matches'))).body;

  it.each([
    {
      what: 'a 2 MB body',
      status: 413,
      code: 'frame_too_large',
      body: JSON.stringify({ game: 'tic-tac-toe', pad: 'x'.repeat(2 * 1024 * 1024) }),
    },
    {
      what: 'a body nested 5,000 deep',
      status: 400,
      code: 'bad_args',
      body: `{"game":"tic-tac-toe","seats":${nested(5_000)}}`,
    },
    { what: 'a body that is not JSON', status: 400, code: 'bad_frame', body: '{"game":' },
  ])('answers $what to POST /api/matches with a typed $status, and creates nothing', async ({ status, code, body }) => {
    const before = await listed();
    const token = await hs256({ sub: 'alice' });
    const response = await harness.handlers.http(httpEvent('POST', '/api/matches', { token, body }));
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(response.body ?? '')).toEqual({ error: { code, message: expect.any(String) } });
    expect(await listed()).toBe(before);
  });
});
