import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSqsMoveQueue } from '../../src/aws/sqs-move-queue.js';
import { createConnectHandler, createMoveHandler } from '../../src/handlers/index.js';
import { MAX_CONNECTION_MS, MAX_MESSAGE_BYTES, moveIdDigest } from '../../src/protocol/index.js';
import { connectEvent, messageEvent, SEED_ENDPOINT, seedDisconnectEvent, seedMoveEvent } from './support/events.js';
import { type Harness, inbox, openMatch, Player, pump, startHarness } from './support/harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness('dynalite');
});
afterAll(() => harness.stop());
beforeEach(() => harness.api.clear());

/** Nothing was queued: the consumer finds no batch. */
async function expectQueueEmpty() {
  expect(await pump(harness)).toEqual([]);
}

describe('the seed events, unchanged', () => {
  it('the move event: a frame without id or move gets bad_frame, to its sender only, and nothing is queued', async () => {
    const event = seedMoveEvent();
    harness.api.open(event.requestContext.connectionId);
    const response = await harness.handlers.move(event);
    expect(response.statusCode).toBe(200);
    expect(inbox(harness, 'V3XV0cLFoAMCJAQ=')).toEqual([
      { type: 'error', code: 'bad_frame', message: expect.stringMatching(/id/) },
    ]);
    expect(harness.api.posts.map((post) => post.connectionId)).toEqual(['V3XV0cLFoAMCJAQ=']);
    // The reply went to the event's own API stage.
    expect(harness.endpointsAsked.at(-1)).toEqual(SEED_ENDPOINT);
    await expectQueueEmpty();
  });

  it('the $disconnect event deletes its connection, and a second delivery is fine', async () => {
    const event = seedDisconnectEvent();
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob']);
    await harness.stores.connections.put({
      connectionId: 'V0H8xfjDoAMCKFg=',
      gameSessionId: id,
      userId: 'alice',
      connectedAt: Date.now(),
      expiresAt: Math.ceil((Date.now() + MAX_CONNECTION_MS) / 1000),
    });
    expect((await harness.handlers.disconnect(event)).statusCode).toBe(200);
    expect(await harness.stores.connections.get('V0H8xfjDoAMCKFg=', Date.now())).toBeUndefined();
    expect((await harness.handlers.disconnect(seedDisconnectEvent())).statusCode).toBe(200);
  });
});

describe('$connect', () => {
  it('stores the connection under the verified user and the match, never a placeholder', async () => {
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob']);
    const before = Date.now();
    const response = await harness.handlers.connect(
      connectEvent({ connectionId: 'c-alice=', userId: 'alice', game: id }),
    );
    expect(response.statusCode).toBe(200);
    const stored = await harness.stores.connections.get('c-alice=', Date.now());
    expect(stored).toMatchObject({ connectionId: 'c-alice=', gameSessionId: id, userId: 'alice' });
    expect(stored?.connectedAt).toBeGreaterThanOrEqual(before);
    // The row goes stale when API Gateway's two-hour limit closes the connection.
    expect(stored?.expiresAt).toBe(Math.ceil(((stored?.connectedAt ?? 0) + MAX_CONNECTION_MS) / 1000));
    expect(await harness.stores.connections.listByGame(id, Date.now())).toContainEqual({
      connectionId: 'c-alice=',
      userId: 'alice',
      expiresAt: stored?.expiresAt,
    });
    // Nothing can be posted during $connect, so nothing was.
    expect(harness.api.posts).toEqual([]);
  });

  it('lets a repeated $connect of the same connection through, but not one claiming it for another user', async () => {
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob']);
    const event = connectEvent({ connectionId: 'c-twice=', userId: 'alice', game: id });
    expect((await harness.handlers.connect(event)).statusCode).toBe(200);
    expect((await harness.handlers.connect(event)).statusCode).toBe(200);
    const other = connectEvent({ connectionId: 'c-twice=', userId: 'bob', game: id });
    expect((await harness.handlers.connect(other)).statusCode).toBe(409);
  });

  it.each([
    ['no authorizer ran', { userId: undefined, game: 'm' }, 401, 'unauthorized'],
    ['no match named', { userId: 'alice', game: undefined }, 400, 'bad_frame'],
    ['the match does not exist', { userId: 'alice', game: 'no-such-match' }, 404, 'unknown_game'],
  ])('refuses when %s, with a clear status and body', async (_case, options, status, code) => {
    const response = await harness.handlers.connect(connectEvent({ connectionId: 'c-refused=', ...options }));
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(response.body)).toEqual({ error: { code, message: expect.any(String) } });
    expect(await harness.stores.connections.get('c-refused=', Date.now())).toBeUndefined();
  });

  it('refuses a user without a seat when spectators are not allowed, and admits them when they are', async () => {
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob']);
    const strict = createConnectHandler({ ...harness.deps, allowSpectators: false });
    const carol = connectEvent({ connectionId: 'c-carol=', userId: 'carol', game: id });
    expect((await strict(carol)).statusCode).toBe(403);
    expect((await strict(connectEvent({ connectionId: 'c-bob=', userId: 'bob', game: id }))).statusCode).toBe(200);
    expect((await harness.handlers.connect(carol)).statusCode).toBe(200);
  });
});

describe('message routes', () => {
  it('sync answers the sender its own view, with the ledger of their own settled moves', async () => {
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob']);
    const alice = new Player(harness, 'alice');
    const bob = new Player(harness, 'bob');
    const carol = new Player(harness, 'carol');
    await alice.connect(id);
    await bob.connect(id);
    await carol.connect(id);
    await alice.send({ action: 'sync' });
    expect(alice.messages()).toEqual([
      expect.objectContaining({
        type: 'state',
        matchId: id,
        status: 'running',
        currentPlayer: 'alice',
        ledger: { settled: 0, recent: [] },
      }),
    ]);
    await alice.move('a1', 'place', { cell: 4 });
    await bob.move('b1', 'place', { cell: 4 }); // taken: refused, and settled all the same (in bob's ledger, no version)
    await bob.move('b2', 'place', { cell: 0 });
    harness.api.clear();
    await alice.send({ action: 'sync' });
    await bob.send({ action: 'sync' });
    await carol.send({ action: 'sync' });
    expect(alice.messages()).toEqual([
      expect.objectContaining({
        type: 'state',
        version: 6,
        ledger: { settled: 1, recent: [{ seq: 1, digest: moveIdDigest('a1'), version: 5 }] },
      }),
    ]);
    expect(bob.messages()).toEqual([
      expect.objectContaining({
        type: 'state',
        version: 6,
        ledger: {
          settled: 2,
          recent: [
            { seq: 1, digest: moveIdDigest('b1'), code: 'invalid_move' },
            { seq: 2, digest: moveIdDigest('b2'), version: 6 },
          ],
        },
      }),
    ]);
    // A spectator has no seat, so no ledger.
    expect(carol.messages()).toEqual([expect.objectContaining({ type: 'state', version: 6 })]);
    expect(carol.last()).not.toHaveProperty('ledger');
  });

  it('anything else gets unknown_action: another action, no action, not JSON at all', async () => {
    harness.api.open('c-chatty=');
    for (const body of [{ action: 'dance' }, { move: 'place' }, 'hello there']) {
      const response = await harness.handlers.default(messageEvent('c-chatty=', '$default', body));
      expect(response.statusCode).toBe(200);
    }
    expect(inbox(harness, 'c-chatty=').map((message) => message.type === 'error' && message.code)).toEqual([
      'unknown_action',
      'unknown_action',
      'unknown_action',
    ]);
  });

  it('a move from a connection that never registered gets unknown_connection and queues nothing', async () => {
    harness.api.open('c-ghost=');
    await harness.handlers.move(
      messageEvent('c-ghost=', 'move', { action: 'move', id: 'm1', seq: 1, move: 'place', args: {} }),
    );
    expect(inbox(harness, 'c-ghost=')).toEqual([
      { type: 'error', code: 'unknown_connection', message: expect.any(String), id: 'm1' },
    ]);
    await expectQueueEmpty();
  });

  it('takes sender and match from the authorizer context, not the body: no connection row needed', async () => {
    harness.api.open('c-context=');
    const frame = { action: 'move', id: 'm1', seq: 1, move: 'place', args: {}, userId: 'mallory', game: 'other' };
    await harness.handlers.move(messageEvent('c-context=', 'move', frame, { userId: 'alice', matchId: 'match-x' }));
    const [queued] = await harness.queue.receive();
    expect(JSON.parse(queued?.body ?? '{}')).toMatchObject({
      userId: 'alice',
      gameSessionId: 'match-x',
      connectionId: 'c-context=',
    });
    await harness.queue.acknowledge(queued ? [queued] : []);
  });

  it.each([
    ['not JSON', '{"action":"move",', 'bad_frame', undefined],
    [
      'a move id with odd characters',
      { action: 'move', id: 'a b', seq: 1, move: 'place', args: {} },
      'bad_frame',
      undefined,
    ],
    ['no move name', { action: 'move', id: 'm2', seq: 1, args: {} }, 'bad_frame', 'm2'],
    ['no move number', { action: 'move', id: 'm4', move: 'place', args: { cell: 0 } }, 'bad_frame', 'm4'],
    ['a move number of 0', { action: 'move', id: 'm5', seq: 0, move: 'place', args: { cell: 0 } }, 'bad_frame', 'm5'],
    [
      'a move number that is not a whole number',
      { action: 'move', id: 'm6', seq: 1.5, move: 'place', args: { cell: 0 } },
      'bad_frame',
      'm6',
    ],
    [
      'over the message limit',
      { action: 'move', id: 'm3', seq: 1, move: 'place', args: { pad: 'x'.repeat(MAX_MESSAGE_BYTES) } },
      'frame_too_large',
      'm3',
    ],
  ])('a move frame that is %s gets a typed error and queues nothing', async (_case, body, code, moveId) => {
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob']);
    const alice = new Player(harness, 'alice');
    await alice.connect(id);
    await harness.handlers.move(messageEvent(alice.connectionId, 'move', body));
    expect(alice.messages()).toEqual([
      { type: 'error', code, message: expect.any(String), ...(moveId === undefined ? {} : { id: moveId }) },
    ]);
    await expectQueueEmpty();
  });

  it('a move the queue refuses gets an internal error naming the move, and no detail', async () => {
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob']);
    const alice = new Player(harness, 'alice');
    await alice.connect(id);
    // The real SQS adapter, aimed at a queue that does not exist: SQS refuses every send.
    const { client } = harness.queue;
    const queue = createSqsMoveQueue({ client, queueUrl: `${harness.queue.queueUrl}-missing.fifo` });
    const move = createMoveHandler({ ...harness.deps, queue });
    const response = await move(
      messageEvent(alice.connectionId, 'move', { action: 'move', id: 'm1', seq: 1, move: 'place', args: { cell: 0 } }),
    );
    expect(response.statusCode).toBe(500);
    expect(alice.messages()).toEqual([
      { type: 'error', code: 'internal', message: 'Something went wrong on the server.', id: 'm1' },
    ]);
  });
});
