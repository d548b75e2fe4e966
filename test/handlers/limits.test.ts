import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropped, MAX_RECENT, RECENT_WINDOW_MS } from '../../src/aws/recent-connections.js';
import { createFrameLimiter } from '../../src/handlers/frame-limit.js';
import {
  createConnectHandler,
  createMoveHandler,
  createSyncHandler,
  type HandlerDeps,
} from '../../src/handlers/index.js';
import { CONNECTION_LIMIT, FRAME_LIMIT } from '../../src/protocol/index.js';
import { connectEvent, messageEvent } from './support/events.js';
import { type Harness, openMatch, Player, pump, startHarness } from './support/harness.js';
import { ManualClock } from './support/timers.js';

/**
 * Every limit the README's "Limits" table states, reached through the real handlers on the real
 * adapters (dynalite): what happens at the limit, and one past it.
 */
let harness: Harness;
const clock = new ManualClock(Date.now());
beforeAll(async () => {
  harness = await startHarness('dynalite', { ordering: 'direct', clock });
});
afterAll(() => harness?.stop());

describe(`the frame budget (FRAME_LIMIT: a burst of ${FRAME_LIMIT.burst}, ${FRAME_LIMIT.perSecond} a second)`, () => {
  const limited = (): HandlerDeps => ({ ...harness.deps, frames: createFrameLimiter() });

  it('answers the frame past the burst rate_limited, with when to send again, and admits it after that', async () => {
    const deps = limited();
    const sync = createSyncHandler(deps);
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob']);
    const alice = new Player(harness, 'alice');
    await alice.connect(id);
    const event = messageEvent(alice.connectionId, 'sync', { action: 'sync' }, { userId: 'alice', matchId: id });
    for (let frame = 1; frame <= FRAME_LIMIT.burst; frame++) await sync(event);
    expect(alice.messages().every((message) => message.type === 'state')).toBe(true);
    expect(alice.messages()).toHaveLength(FRAME_LIMIT.burst);
    await sync(event);
    // Whole milliseconds (the wire's retryAfterMs is an integer), rounded up: by then a frame is due.
    const retryAfterMs = Math.ceil(1000 / FRAME_LIMIT.perSecond);
    expect(alice.last()).toEqual({ type: 'error', code: 'rate_limited', message: expect.any(String), retryAfterMs });
    clock.time += retryAfterMs;
    await sync(event);
    expect(alice.last()).toMatchObject({ type: 'state' });
  });

  it('a move past it is not numbered: nothing is written, and the same frame applies once sent again', async () => {
    const deps = limited();
    const move = createMoveHandler(deps);
    const sync = createSyncHandler(deps);
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob']);
    const alice = new Player(harness, 'alice');
    await alice.connect(id);
    const authorizer = { userId: 'alice', matchId: id };
    const syncEvent = messageEvent(alice.connectionId, 'sync', { action: 'sync' }, authorizer);
    for (let frame = 1; frame <= FRAME_LIMIT.burst; frame++) await sync(syncEvent);
    const before = await harness.deps.matches.get(id);
    const frame = { action: 'move', id: 'a1', seq: 1, move: 'place', args: { cell: 4 } };
    await move(messageEvent(alice.connectionId, 'move', frame, authorizer));
    expect(alice.last()).toMatchObject({ type: 'error', code: 'rate_limited', id: 'a1' });
    expect(await harness.deps.matches.get(id)).toEqual(before);
    clock.time += 1_000;
    await move(messageEvent(alice.connectionId, 'move', frame, authorizer));
    expect(alice.last()).toMatchObject({ type: 'state', ack: { id: 'a1', seq: 1 } });
  });

  it('keeps each connection’s budget apart', () => {
    const frames = createFrameLimiter({ burst: 2, perSecond: 1 });
    expect([1, 2, 3].map(() => frames.take('a', 0).admitted)).toEqual([true, true, false]);
    expect(frames.take('b', 0).admitted).toBe(true);
  });
});

describe('the connections a match takes (CONNECTION_LIMIT)', () => {
  it(`lets a seated player hold ${CONNECTION_LIMIT.perPlayer} connections, and refuses one more with 429`, async () => {
    const connect = createConnectHandler(harness.deps);
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob']);
    for (let tab = 1; tab <= CONNECTION_LIMIT.perPlayer; tab++) {
      expect((await new Player(harness, 'alice', `alice-tab${tab}=`).connect(id)).statusCode).toBe(200);
    }
    const refused = await connect(connectEvent({ connectionId: 'alice-one-more=', userId: 'alice', game: id }));
    expect(refused.statusCode).toBe(429);
    expect(JSON.parse(refused.body ?? '{}')).toMatchObject({ error: { code: 'too_many_connections' } });
    // Bob's own connections are counted apart.
    expect((await new Player(harness, 'bob').connect(id)).statusCode).toBe(200);
  });

  it(`takes ${CONNECTION_LIMIT.spectators} spectators, and refuses one more with 429`, async () => {
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob']);
    for (let watcher = 1; watcher <= CONNECTION_LIMIT.spectators; watcher++) {
      expect((await new Player(harness, `watcher-${watcher}`).connect(id)).statusCode).toBe(200);
    }
    expect((await new Player(harness, 'one-too-many').connect(id)).statusCode).toBe(429);
    // The players themselves are not spectators: they still get in.
    expect((await new Player(harness, 'alice').connect(id)).statusCode).toBe(200);
  });
});

describe(`a match item's recent connections (Recent, at most ${MAX_RECENT})`, () => {
  it('drops the entries past the window, then the oldest, so the new one fits', () => {
    const now = 1_000_000;
    const fresh = Object.fromEntries(Array.from({ length: MAX_RECENT }, (_, index) => [`c${index}`, now - index]));
    const recent = { ...fresh, stale: now - RECENT_WINDOW_MS };
    const connection = { connectionId: 'new', connectedAt: now };
    // The stale one, and the oldest fresh one (c63): MAX_RECENT entries remain with the new one.
    expect(dropped(recent, connection)).toEqual(['stale', `c${MAX_RECENT - 1}`]);
    expect(dropped({ a: now, b: now }, connection)).toEqual([]);
  });
});

describe('a fifo route never queues what cannot change the match', () => {
  it('settles a refusal at the route: nothing reaches the queue ahead of the mover', async () => {
    const fifo = await startHarness('dynalite', { ordering: 'fifo', clock });
    try {
      const id = await openMatch(fifo, 'tic-tac-toe', ['alice', 'bob']);
      const bob = new Player(fifo, 'bob');
      await bob.connect(id);
      for (let seq = 1; seq <= 5; seq++) {
        await bob.send({ action: 'move', id: `b${seq}`, seq, move: 'place', args: { cell: seq } });
      }
      expect(await pump(fifo)).toEqual([]);
      expect(bob.messages().map((message) => message.type === 'error' && message.code)).toEqual(
        Array(5).fill('not_your_turn'),
      );
    } finally {
      await fifo.stop();
    }
  });
});
