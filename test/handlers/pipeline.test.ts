import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { exampleGames } from '../../games/index.js';
import { createMatch, defineGame, type Match, seatPlayer } from '../../src/engine/index.js';
import { createQueueHandler, gameRegistry } from '../../src/handlers/index.js';
import { MAX_WRITE_ATTEMPTS } from '../../src/handlers/retry.js';
import type { GameStore } from '../../src/ports/index.js';
import {
  EMPTY_LEDGER,
  MAX_CONNECTION_MS,
  type QueuedMove,
  recordOutcome,
  type ServerMessage,
} from '../../src/protocol/index.js';
import { hs256 } from '../auth/tokens.js';
import { httpEvent, SEED_ENDPOINT, sqsEvent, sqsRecord } from './support/events.js';
import { type Harness, openMatch, Player, startHarness } from './support/harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness('dynalite');
});
afterAll(() => harness.stop());
beforeEach(() => harness.api.clear());

async function seatedPair(game = 'tic-tac-toe') {
  const id = await openMatch(harness, game, ['alice', 'bob']);
  const alice = new Player(harness, 'alice');
  const bob = new Player(harness, 'bob');
  await alice.connect(id);
  await bob.connect(id);
  return { id, alice, bob };
}

const queued = (move: Partial<QueuedMove> & Pick<QueuedMove, 'gameSessionId' | 'moveId'>): QueuedMove => ({
  userId: 'alice',
  seq: 1,
  connectionId: 'c-unused=',
  move: 'place',
  args: { cell: 0 },
  endpoint: SEED_ENDPOINT,
  receivedAt: Date.now(),
  ...move,
});

const versionOf = async (id: string) => (await harness.stores.matches.get(id))?.match.version;

describe('dropped moves', () => {
  it('a move out of turn is dropped and only its sender hears not_your_turn', async () => {
    const { id, alice, bob } = await seatedPair();
    const before = (await versionOf(id)) ?? 0;
    // Settled by the route: a frame that cannot change the match is never queued behind alice's.
    const responses = await bob.move('b1', 'place', { cell: 0 });
    expect(responses).toEqual([]);
    expect(bob.messages()).toEqual([{ type: 'error', code: 'not_your_turn', message: expect.any(String), id: 'b1' }]);
    expect(alice.messages()).toEqual([]);
    // The refusal is settled (a resend gets the same answer) in bob's ledger alone: no new version,
    // so it can never make alice's versioned write lose a race.
    const stored = await harness.stores.matches.get(id);
    expect(stored?.match).toMatchObject({ version: before, turn: 1, currentPlayer: 'alice' });
    expect(stored?.ledgers).toEqual({ bob: recordOutcome(EMPTY_LEDGER, 'b1', { code: 'not_your_turn' }) });
    expect((await harness.stores.matches.moveLog(id))?.moves).toEqual([]);
  });

  it.each([
    ['an illegal move', { cell: 4 }, 'invalid_move'],
    ['bad arguments', { cell: 9 }, 'bad_args'],
  ])('%s is dropped with its code, to the sender only', async (_case, args, code) => {
    const { id, alice, bob } = await seatedPair();
    await alice.move('a1', 'place', { cell: 4 });
    harness.api.clear();
    await bob.move('b1', 'place', args);
    expect(bob.messages()).toEqual([{ type: 'error', code, message: expect.any(String), id: 'b1' }]);
    expect(alice.messages()).toEqual([]);
    expect((await harness.stores.matches.get(id))?.match.turn).toBe(2);
  });

  it('a move before the game starts gets game_not_running', async () => {
    const token = await hs256({ sub: 'alice' });
    const created = await harness.handlers.http(
      httpEvent('POST', '/api/matches', { token, body: { game: 'liars-dice', seats: 3 } }),
    );
    const { id } = JSON.parse(created.body ?? '{}').match;
    await harness.handlers.http(httpEvent('POST', `/api/matches/${id}/join`, { token }));
    const alice = new Player(harness, 'alice');
    await alice.connect(id);
    await alice.move('a1', 'bid', { quantity: 1, face: 2 });
    expect(alice.messages()).toEqual([
      { type: 'error', code: 'game_not_running', message: expect.any(String), id: 'a1' },
    ]);
  });

  it('a move for a match that no longer exists gets unknown_game', async () => {
    // The connection outlived its match (TTL removed the finished match, say).
    const alice = new Player(harness, 'alice');
    harness.api.open(alice.connectionId);
    await harness.stores.connections.put({
      connectionId: alice.connectionId,
      gameSessionId: `gone-${randomUUID()}`,
      userId: 'alice',
      connectedAt: Date.now(),
      expiresAt: Math.ceil(Date.now() / 1000) + 3600,
    });
    expect(await alice.move('a1', 'place', { cell: 0 })).toEqual([{ batchItemFailures: [] }]);
    expect(alice.messages()).toEqual([{ type: 'error', code: 'unknown_game', message: expect.any(String), id: 'a1' }]);
  });
});

describe('the queue consumer', () => {
  it('a redelivered record is acknowledged again, not applied twice, and finishes its work while it is the latest', async () => {
    const { id, alice, bob } = await seatedPair();
    const record = sqsRecord(
      JSON.stringify(queued({ gameSessionId: id, moveId: 'a1', connectionId: alice.connectionId })),
      { groupId: id },
    );
    expect(await harness.handlers.queue(sqsEvent([record]))).toEqual({ batchItemFailures: [] });
    const version = await versionOf(id);
    expect(alice.last()).toMatchObject({ type: 'state', version, ack: { id: 'a1', seq: 1, version } });

    // Redelivered (the first delivery's invocation may have died after its write): still the latest
    // write, so everyone hears the state again, the ack riding on alice's; nothing is written.
    harness.api.clear();
    const again = { ...record, attributes: { ...record.attributes, ApproximateReceiveCount: '2' } };
    expect(await harness.handlers.queue(sqsEvent([again]))).toEqual({ batchItemFailures: [] });
    expect(alice.messages()).toEqual([
      expect.objectContaining({ type: 'state', version, ack: { id: 'a1', seq: 1, version } }),
    ]);
    expect(bob.messages()).toEqual([expect.objectContaining({ type: 'state', version })]);
    expect(await versionOf(id)).toBe(version);
    expect((await harness.stores.matches.moveLog(id))?.moves).toHaveLength(1);
    // Once the match has moved on, a redelivery is answered from the ledger alone.
    await bob.move('b1', 'place', { cell: 8 });
    harness.api.clear();
    expect(await harness.handlers.queue(sqsEvent([again]))).toEqual({ batchItemFailures: [] });
    expect(alice.messages()).toEqual([{ type: 'ack', id: 'a1', seq: 1, version }]);
    expect(bob.messages()).toEqual([]);
  });

  it('a client resending a move id through the route does not apply it twice either', async () => {
    const { id, alice } = await seatedPair();
    await alice.move('a1', 'place', { cell: 0 });
    const version = await versionOf(id);
    harness.api.clear();
    // SQS FIFO drops the duplicate id within five minutes; were it past that, the consumer re-acks
    // (on the state again, while the move is the match's latest write).
    await alice.move('a1', 'place', { cell: 0 }, 1);
    expect(await versionOf(id)).toBe(version);
    const acked = (message: ServerMessage) =>
      message.type === 'ack' || (message.type === 'state' && message.ack?.id === 'a1');
    expect(alice.messages().every(acked)).toBe(true);
    // The same id under any other number is still that move: its first outcome, nothing applied.
    await alice.move('a1', 'place', { cell: 1 }, 2);
    expect(await versionOf(id)).toBe(version);
    expect(alice.messages().at(-1)).toMatchObject({ ack: { id: 'a1', seq: 1, version } });
  });

  it('a record failing mid-batch reports itself and every later one, and the later ones are not applied', async () => {
    const { id, alice, bob } = await seatedPair();
    // A match of a game this deployment no longer serves: loading it is an unexpected failure.
    const retired = `retired-${randomUUID()}`;
    const match: Match = {
      game: 'retired-game',
      status: 'running',
      seats: 2,
      players: ['alice', 'bob'],
      state: { board: [] },
      currentPlayer: 'alice',
      activePlayers: ['alice'],
      left: [],
      turn: 1,
      version: 1,
      result: null,
      seed: 's',
      randomState: 1,
    };
    expect(await harness.stores.matches.create(retired, match, Date.now())).toBe('written');
    const records = [
      sqsRecord(JSON.stringify(queued({ gameSessionId: id, moveId: 'a1', connectionId: alice.connectionId }))),
      sqsRecord(JSON.stringify(queued({ gameSessionId: retired, moveId: 'x1', connectionId: alice.connectionId }))),
      sqsRecord(
        JSON.stringify(
          queued({
            gameSessionId: id,
            moveId: 'b1',
            userId: 'bob',
            connectionId: bob.connectionId,
            args: { cell: 1 },
          }),
        ),
      ),
    ];
    const response = await harness.handlers.queue(sqsEvent(records));
    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: records[1]?.messageId },
      { itemIdentifier: records[2]?.messageId },
    ]);
    const stored = await harness.stores.matches.get(id);
    expect(stored?.match.turn).toBe(2); // a1 applied, b1 not yet
    expect(stored?.ledgers).toEqual({
      alice: recordOutcome(EMPTY_LEDGER, 'a1', { version: stored?.match.version ?? 0 }),
    });
    // Nothing about the failure reached a client: no stack, no internal error text.
    expect(JSON.stringify(harness.api.received(alice.connectionId))).not.toMatch(/retired|Error|at /);
  });

  it('a rule that throws drops its move with `internal` to the sender and does not block the group', async () => {
    let runs = 0;
    const broken = defineGame({
      name: 'broken-rules',
      players: { min: 1, max: 1 },
      setup: () => ({ moves: 0 }),
      moves: {
        crash: {
          args: z.object({}),
          apply(): { moves: number } {
            runs += 1;
            throw new Error('bug in the rules');
          },
        },
      },
    });
    const handler = createQueueHandler({ ...harness.deps, games: gameRegistry([...exampleGames, broken]) });
    const id = `broken-${randomUUID()}`;
    const created = createMatch(broken, { seed: 'seed', seats: 1 });
    if (!created.ok) throw new Error('fixture');
    const seated = seatPlayer(broken, created.value, 'alice');
    if (!seated.ok) throw new Error('fixture');
    await harness.stores.matches.create(id, seated.value, Date.now());
    const alice = new Player(harness, 'alice');
    await alice.connect(id);
    const record = sqsRecord(
      JSON.stringify(
        queued({ gameSessionId: id, moveId: 'x1', move: 'crash', args: {}, connectionId: alice.connectionId }),
      ),
      { groupId: id },
    );
    expect(await handler(sqsEvent([record]))).toEqual({ batchItemFailures: [] });
    expect(alice.messages()).toEqual([{ type: 'error', code: 'internal', message: expect.any(String), id: 'x1' }]);
    expect(JSON.stringify(alice.messages())).not.toMatch(/bug in the rules/);
    // Settled as refused (in the ledger alone, the match untouched), so a resend does not run the rule again.
    const stored = await harness.stores.matches.get(id);
    expect(stored?.match).toEqual(seated.value);
    expect(stored?.ledgers).toEqual({ alice: recordOutcome(EMPTY_LEDGER, 'x1', { code: 'internal' }) });
    expect(await handler(sqsEvent([record]))).toEqual({ batchItemFailures: [] });
    expect(alice.messages().at(-1)).toEqual({ type: 'error', code: 'internal', message: expect.any(String), id: 'x1' });
    expect((await harness.stores.matches.get(id))?.match.version).toBe(seated.value.version);
    expect(runs).toBe(1);
  });

  it('a record that is not a queued move is logged and let go, so it cannot block its group', async () => {
    const response = await harness.handlers.queue(sqsEvent([sqsRecord('{"not":"a move"}'), sqsRecord('nope')]));
    expect(response).toEqual({ batchItemFailures: [] });
  });

  it('a Gone connection is deleted (that one, not the sender) and the others still receive', async () => {
    const { id, alice, bob } = await seatedPair();
    const carol = new Player(harness, 'carol');
    // Carol connected a minute ago (past the $connect window, when a Gone can mean "not open yet"),
    // and her client vanished without a $disconnect.
    const connectedAt = Date.now() - 60_000;
    await harness.stores.connections.put({
      connectionId: carol.connectionId,
      gameSessionId: id,
      userId: 'carol',
      connectedAt,
      expiresAt: Math.ceil((connectedAt + MAX_CONNECTION_MS) / 1000),
    });
    expect(await alice.move('a1', 'place', { cell: 0 })).toEqual([{ batchItemFailures: [] }]);

    expect(alice.last()).toMatchObject({ type: 'state', ack: { id: 'a1' } });
    expect(bob.last()).toMatchObject({ type: 'state', turn: 2 });
    expect(await harness.stores.connections.get(carol.connectionId, Date.now())).toBeUndefined();
    expect(await harness.stores.connections.get(alice.connectionId, Date.now())).toBeDefined();
    expect(await harness.stores.connections.get(bob.connectionId, Date.now())).toBeDefined();
  });

  it('a notice that cannot be delivered (not Gone) does not stall the match', async () => {
    const { id, alice, bob } = await seatedPair();
    harness.api.throttle(bob.connectionId);
    // Bob's out-of-turn move is dropped at the route (no place in the queue); telling him fails.
    expect(await bob.move('b1', 'place', { cell: 0 })).toEqual([]);
    // Alice's move is applied and fanned out; bob's failed delivery fails nothing and deletes nothing.
    expect(await alice.move('a1', 'place', { cell: 0 })).toEqual([{ batchItemFailures: [] }]);
    expect(alice.last()).toMatchObject({ type: 'state', turn: 2, ack: { id: 'a1' } });
    expect(await harness.stores.connections.get(bob.connectionId, Date.now())).toBeDefined();
    expect((await harness.stores.matches.get(id))?.match.turn).toBe(2);
    const toBob = harness.api.posts.filter((post) => post.connectionId === bob.connectionId);
    expect(toBob.length).toBeGreaterThanOrEqual(2);
    expect(toBob.every((post) => post.status === 429)).toBe(true);
  });

  it('the mover gets the ack even when the index does not list their connection yet', async () => {
    const { id, bob } = await seatedPair();
    // The GSI is eventually consistent: a connection just written may be missing from it.
    const unlisted = `c-unlisted-${randomUUID().slice(0, 6)}=`;
    harness.api.open(unlisted);
    const record = sqsRecord(JSON.stringify(queued({ gameSessionId: id, moveId: 'a1', connectionId: unlisted })));
    await harness.handlers.queue(sqsEvent([record]));
    expect(harness.api.received(unlisted)).toEqual([
      expect.objectContaining({ type: 'state', ack: { id: 'a1', seq: 1, version: expect.any(Number) } }),
    ]);
    expect(bob.last()).toMatchObject({ type: 'state', turn: 2 });
    expect(bob.last()).not.toHaveProperty('ack');
  });

  it('sends each distinct view once per recipient and the ack only on the mover’s message', async () => {
    const { id, alice, bob } = await seatedPair();
    const spectators = [new Player(harness, 'carol'), new Player(harness, 'dave')];
    for (const spectator of spectators) await spectator.connect(id);
    await alice.move('a1', 'place', { cell: 0 });
    // One message per connection, no separate ack message.
    for (const player of [alice, bob, ...spectators]) expect(player.messages()).toHaveLength(1);
    expect(alice.last()).toMatchObject({ ack: { id: 'a1' } });
    for (const other of [bob, ...spectators]) expect(other.last()).not.toHaveProperty('ack');
    // Spectators share the same bytes.
    const [carolBody, daveBody] = spectators.map((spectator) => JSON.stringify(spectator.last()));
    expect(carolBody).toBe(daveBody);
  });
});

/**
 * The real store, with another writer slipping in between the consumer's read and its write on the
 * first `times` reads: what a lobby join racing a move looks like.
 */
function racingStore(times: number): GameStore {
  const { matches } = harness.stores;
  let left = times;
  return {
    ...matches,
    async get(id) {
      const read = await matches.get(id);
      if (read !== undefined && left-- > 0) {
        const bumped = { ...read.match, version: read.match.version + 1 };
        expect(await matches.update(read, { next: bumped, now: Date.now() })).toBe('written');
      }
      return read;
    },
  };
}

describe('version conflicts', () => {
  it('a write that loses a race is retried on a fresh read, and the move lands once', async () => {
    const { id, alice } = await seatedPair();
    const before = (await versionOf(id)) ?? 0;
    const consume = createQueueHandler({ ...harness.deps, matches: racingStore(2) });
    const record = sqsRecord(
      JSON.stringify(queued({ gameSessionId: id, moveId: 'a1', connectionId: alice.connectionId })),
    );
    expect(await consume(sqsEvent([record]))).toEqual({ batchItemFailures: [] });
    // Two foreign writes, then the move.
    expect(await versionOf(id)).toBe(before + 3);
    expect(alice.last()).toMatchObject({ type: 'state', ack: { id: 'a1', seq: 1, version: before + 3 } });
    expect((await harness.stores.matches.moveLog(id))?.moves).toHaveLength(1);
  });

  it('a match that keeps changing fails the record, so SQS redelivers it', async () => {
    const { id, alice } = await seatedPair();
    const consume = createQueueHandler({ ...harness.deps, matches: racingStore(MAX_WRITE_ATTEMPTS) });
    const record = sqsRecord(
      JSON.stringify(queued({ gameSessionId: id, moveId: 'a1', connectionId: alice.connectionId })),
    );
    expect(await consume(sqsEvent([record]))).toEqual({ batchItemFailures: [{ itemIdentifier: record.messageId }] });
    expect(alice.messages()).toEqual([]);
    expect((await harness.stores.matches.get(id))?.ledgers).toEqual({});
  });
});

describe('the lobby pushes', () => {
  it('a join that starts the match pushes the new state to players already connected', async () => {
    const token = await hs256({ sub: 'alice' });
    const created = await harness.handlers.http(
      httpEvent('POST', '/api/matches', { token, body: { game: 'tic-tac-toe' } }),
    );
    const { id } = JSON.parse(created.body ?? '{}').match;
    await harness.handlers.http(httpEvent('POST', `/api/matches/${id}/join`, { token }));
    const alice = new Player(harness, 'alice');
    await alice.connect(id);
    harness.api.clear();

    await harness.handlers.http(httpEvent('POST', `/api/matches/${id}/join`, { token: await hs256({ sub: 'bob' }) }));
    expect(alice.messages()).toEqual([
      expect.objectContaining({ type: 'state', status: 'running', players: ['alice', 'bob'], currentPlayer: 'alice' }),
    ]);
    expect(harness.endpointsAsked.at(-1)).toEqual(SEED_ENDPOINT);
  });
});
