import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Match } from '../../src/engine/index.js';
import type {
  GameStore,
  ListedMatch,
  ListPosition,
  MatchUpdate,
  MoveLogEntry,
  StoredMatch,
} from '../../src/ports/game-store.js';
import { EMPTY_LEDGER, MAX_LOG_PAGE, MOVE_WINDOW, type MoveLedger, recordOutcome } from '../../src/protocol/index.js';
import { eventually } from './eventually.js';
import { describeReplayLogContract } from './replay-log.contract.js';

/** What a listing shows of a match (the port's ListedMatch), from a full record or a listed one. */
export const listedOf = (stored: ListedMatch | undefined) => {
  if (stored === undefined) throw new Error('no such match');
  const { game, status, seats, players, activePlayers, left, currentPlayer, turn, version, result, clock } =
    stored.match;
  return {
    id: stored.id,
    match: {
      game,
      status,
      seats,
      players,
      activePlayers,
      left,
      currentPlayer,
      turn,
      version,
      result,
      ...(clock ? { clock } : {}),
    },
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
};

/**
 * What every GameStore promises, whatever it stores in. `makeStore` may hand out a fresh store
 * per call or share one: the suite uses fresh ids and game names, so it works either way.
 */
export function describeGameStoreContract(name: string, makeStore: () => Promise<GameStore> | GameStore): void {
  describe(`GameStore contract: ${name}`, () => {
    it('finds nothing for an unknown id', async () => {
      const store = await makeStore();
      expect(await store.get(`missing-${randomUUID()}`)).toBeUndefined();
      expect(await store.moveLog(`missing-${randomUUID()}`)).toBeUndefined();
    });

    it('creates a match and reads it back exactly', async () => {
      const store = await makeStore();
      const id = randomUUID();
      const match = aMatch({ state: { board: [null, 'X'], STATUS: 'open', 'a.b': { '#c': [1.5, true, null] } } });
      expect(await store.create(id, match, 1_000)).toBe('written');
      expect(await store.get(id)).toEqual({ id, match, ledgers: {}, createdAt: 1_000, updatedAt: 1_000 });
      expect(await store.moveLog(id)).toEqual({ moves: [], next: null, through: match.version });
    });

    it('refuses to create over an existing match and keeps the original', async () => {
      const store = await makeStore();
      const id = randomUUID();
      await store.create(id, aMatch({ seed: 'first' }), 1_000);
      expect(await store.create(id, aMatch({ seed: 'second' }), 2_000)).toBe('conflict');
      expect((await store.get(id))?.match.seed).toBe('first');
    });

    it('writes an update when the stored version is the one read', async () => {
      const store = await makeStore();
      const stored = await created(store, aMatch({ state: { cells: [null, null, null], meta: { round: 1 } } }));
      const next = bump(stored.match, { state: { cells: [null, 'X', null], meta: { round: 2, extra: 'new' } } });
      expect(await store.update(stored, { next, now: 5_000 })).toBe('written');
      expect(await store.get(stored.id)).toEqual({ ...stored, match: next, updatedAt: 5_000 });
    });

    it('keeps a timed match’s clock, created and updated', async () => {
      const store = await makeStore();
      const clock = { control: { bankMs: 60_000, incrementMs: 1_000 }, startedAt: 1_000, turnStartedAt: 1_000 };
      const running = (since: number, deadline: number) => [{ seat: 0, since, deadline }];
      const stored = await created(
        store,
        aMatch({ clock: { ...clock, running: running(1_000, 61_000), deadline: 61_000, banks: [60_000, 60_000] } }),
      );
      expect((await store.get(stored.id))?.match).toEqual(stored.match);
      const next = bump(stored.match, {
        clock: {
          ...clock,
          running: running(5_000, 65_000),
          turnStartedAt: 5_000,
          deadline: 65_000,
          banks: [57_000, 60_000],
        },
      });
      expect(await store.update(stored, { next, now: 5_000 })).toBe('written');
      expect((await store.get(stored.id))?.match).toEqual(next);
    });

    it('keeps the seats bots play, and a leaver’s seat a bot takes over, whatever the player is called', async () => {
      const store = await makeStore();
      const players = ['__proto__', 'bot:mcts:2'];
      const bots = { seats: { 'bot:mcts:2': 'mcts' }, onTimeout: 'random', replaceLeavers: 'random' };
      const stored = await created(
        store,
        aMatch({ players, currentPlayer: '__proto__', activePlayers: ['__proto__'], bots }),
      );
      expect((await store.get(stored.id))?.match).toEqual(stored.match);
      const seats = Object.fromEntries([
        ['__proto__', 'random'],
        ['bot:mcts:2', 'mcts'],
      ]);
      const next = bump(stored.match, { bots: { ...bots, seats } });
      expect(await store.update(stored, { next, now: 5_000 })).toBe('written');
      const read = await store.get(stored.id);
      expect(read?.match).toEqual(next);
      expect(Object.hasOwn(read?.match.bots?.seats ?? {}, '__proto__')).toBe(true);
    });

    it('answers conflict and changes nothing when the version moved on', async () => {
      const store = await makeStore();
      const stored = await created(store, aMatch());
      const first = bump(stored.match, { turn: 2 });
      expect(await store.update(stored, { next: first, now: 2_000 })).toBe('written');
      // A raced or redelivered move computed from the same old read:
      const second = bump(stored.match, { turn: 3 });
      expect(await store.update(stored, { next: second, now: 3_000 })).toBe('conflict');
      expect(await store.get(stored.id)).toEqual({ ...stored, match: first, updatedAt: 2_000 });
    });

    it('answers conflict for an update of a match that does not exist', async () => {
      const store = await makeStore();
      const ghost: StoredMatch = { id: randomUUID(), match: aMatch(), ledgers: {}, createdAt: 1, updatedAt: 1 };
      expect(await store.update(ghost, { next: bump(ghost.match), now: 2 })).toBe('conflict');
      expect(await store.get(ghost.id)).toBeUndefined();
    });

    it('writes nothing when nothing changed', async () => {
      const store = await makeStore();
      const stored = await created(store, aMatch());
      expect(await store.update(stored, { next: stored.match, now: 9_000 })).toBe('written');
      expect(await store.get(stored.id)).toEqual(stored);
    });

    it('stores a state that starts, shrinks, changes type and ends', async () => {
      const store = await makeStore();
      let stored = await created(
        store,
        aMatch({ status: 'waiting', state: null, currentPlayer: null, activePlayers: [] }),
      );
      const states: Match['state'][] = [
        { dice: { alice: [1, 2, 3], bob: [4, 5, 6] }, bid: null, DATA: '', 'odd key [0]': { ':v': -2 } },
        { dice: { alice: [1, 2], bob: [4, 5, 6] }, bid: { quantity: 2, face: 3 }, DATA: 'x' },
        { dice: { alice: [], bob: [6] }, bid: [1, 'two', { three: 3 }], '': 'empty key', constructor: { name: 'Set' } },
        { dice: 'gone', bid: [1, 'two', { three: 4 }], '': 'empty key changed', ünï: '🎲' },
      ];
      for (const [index, state] of states.entries()) {
        const next = bump(stored.match, { state, status: 'running', currentPlayer: 'bob', activePlayers: ['bob'] });
        expect(await store.update(stored, { next, now: 10_000 + index })).toBe('written');
        stored = await read(store, stored.id);
        expect(stored.match).toEqual(next);
      }
      const finished = bump(stored.match, {
        status: 'finished',
        currentPlayer: null,
        activePlayers: [],
        result: { winners: ['bob'] },
      });
      expect(await store.update(stored, { next: finished, now: 20_000 })).toBe('written');
      expect((await read(store, stored.id)).match).toEqual(finished);
    });

    it('records applied moves: the ledger, the newest move, and the log oldest first', async () => {
      const store = await makeStore();
      let stored = await created(store, aMatch());
      const entries: MoveLogEntry[] = [];
      let ledger = EMPTY_LEDGER;
      for (let n = 1; n <= 3; n++) {
        const next = bump(stored.match, { turn: stored.match.turn + 1 });
        // Arguments are the parsed JSON of a move: any key at all, even one that means something to JavaScript.
        const args = JSON.parse(`{"cell":${n},"nested":{"ok":true},"__proto__":{"x":1},"constructor":"c","":0}`);
        const entry = logEntry(next.version, n, `move-${n}`, args);
        entries.push(entry);
        ledger = recordOutcome(ledger, entry.moveId, { version: next.version });
        expect(await store.update(stored, withMove(next, entry, ledger, 3_000 + n))).toBe('written');
        stored = await read(store, stored.id);
      }
      expect(stored.ledgers).toEqual({ alice: ledger });
      expect(stored.lastMove).toEqual(entries.at(-1));
      expect(await store.moveLog(stored.id)).toEqual({ moves: entries, next: null, through: stored.match.version });
    });

    it('records a refusal in the ledger alone: a new version, no log entry', async () => {
      const store = await makeStore();
      const stored = await created(store, aMatch());
      const ledger = recordOutcome(EMPTY_LEDGER, 'refused-1', { code: 'invalid_move' });
      const next = bump(stored.match);
      expect(await store.update(stored, { next, now: 4_000, settled: { player: 'bob', ledger } })).toBe('written');
      const after = await read(store, stored.id);
      expect(after.ledgers).toEqual({ bob: ledger });
      expect(after.match.version).toBe(next.version);
      expect(await store.moveLog(stored.id)).toEqual({ moves: [], next: null, through: next.version });
    });

    it('settles a refusal in its sender’s ledger alone: no new version, no log entry, no updatedAt', async () => {
      const store = await makeStore();
      const stored = await created(store, aMatch());
      const ledger = recordOutcome(EMPTY_LEDGER, 'refused-1', { code: 'not_your_turn' });
      expect(await store.settleRefusal(stored, { player: 'bob', ledger })).toBe('written');
      const after = await read(store, stored.id);
      expect(after).toEqual({ ...stored, ledgers: { bob: ledger } });
      expect(await store.moveLog(stored.id)).toEqual({ moves: [], next: null, through: stored.match.version });
    });

    it('a refusal bumps no version: the move read before it still writes, and keeps the refusal', async () => {
      const store = await makeStore();
      const stored = await created(store, aMatch());
      const refused = recordOutcome(EMPTY_LEDGER, 'bob-1', { code: 'not_your_turn' });
      expect(await store.settleRefusal(stored, { player: 'bob', ledger: refused })).toBe('written');
      const next = bump(stored.match, { turn: stored.match.turn + 1 });
      const entry = logEntry(next.version, 1, 'alice-1', { cell: 1 });
      const ledger = recordOutcome(EMPTY_LEDGER, entry.moveId, { version: next.version });
      expect(await store.update(stored, withMove(next, entry, ledger, 6_000))).toBe('written');
      expect((await read(store, stored.id)).ledgers).toEqual({ alice: ledger, bob: refused });
    });

    it('refuses a refusal once the match or the sender’s ledger moved on since the read', async () => {
      const store = await makeStore();
      const stored = await created(store, aMatch());
      const first = recordOutcome(EMPTY_LEDGER, 'bob-1', { code: 'not_your_turn' });
      expect(await store.settleRefusal(stored, { player: 'bob', ledger: first })).toBe('written');
      // The same read again: bob's ledger is no longer what it held.
      const other = recordOutcome(EMPTY_LEDGER, 'bob-1b', { code: 'not_your_turn' });
      expect(await store.settleRefusal(stored, { player: 'bob', ledger: other })).toBe('conflict');
      const fresh = await read(store, stored.id);
      expect(await store.update(fresh, { next: bump(fresh.match), now: 7_000 })).toBe('written');
      const second = recordOutcome(first, 'bob-2', { code: 'not_your_turn' });
      expect(await store.settleRefusal(fresh, { player: 'bob', ledger: second })).toBe('conflict');
      expect((await read(store, stored.id)).ledgers).toEqual({ bob: first });
    });

    it('keeps the ledger of a user named after a built-in object key as an ordinary key', async () => {
      const store = await makeStore();
      const players = ['__proto__', 'constructor'];
      let stored = await created(store, aMatch({ players, currentPlayer: '__proto__', activePlayers: ['__proto__'] }));
      for (const player of players) {
        const ledger = recordOutcome(EMPTY_LEDGER, `${player}-1`, { code: 'not_your_turn' });
        expect(await store.update(stored, { next: bump(stored.match), now: 5, settled: { player, ledger } })).toBe(
          'written',
        );
        stored = await read(store, stored.id);
      }
      const expected = recordOutcome(EMPTY_LEDGER, '__proto__-1', { code: 'not_your_turn' });
      expect(Object.hasOwn(stored.ledgers, '__proto__')).toBe(true);
      expect(Object.getOwnPropertyDescriptor(stored.ledgers, '__proto__')?.value).toEqual(expected);
      expect(Object.getOwnPropertyDescriptor(stored.ledgers, 'constructor')?.value?.settled).toBe(1);
    });

    it('keeps every ledger the same size and logs every move, however long the match', async () => {
      const store = await makeStore();
      let stored = await created(store, aMatch());
      const total = MOVE_WINDOW * 3 + 5;
      let ledger = EMPTY_LEDGER;
      for (let n = 1; n <= total; n++) {
        const next = bump(stored.match, { turn: n });
        ledger = recordOutcome(ledger, `m${n}`, { version: next.version });
        expect(await store.update(stored, withMove(next, logEntry(next.version, n, `m${n}`, n), ledger, n))).toBe(
          'written',
        );
        stored = await read(store, stored.id);
      }
      expect(stored.ledgers.alice?.settled).toBe(total);
      expect(stored.ledgers.alice?.recent).toHaveLength(MOVE_WINDOW);
      const ids: string[] = [];
      let after = 0;
      for (let page = 0; page < 10; page++) {
        const read = await store.moveLog(stored.id, { after, limit: 10 });
        expect(read?.through).toBe(stored.match.version);
        ids.push(...(read?.moves ?? []).map((entry) => entry.moveId));
        if (read?.next === null || read?.next === undefined) break;
        expect(read.moves).toHaveLength(10);
        after = read.next;
      }
      expect(ids).toEqual(Array.from({ length: total }, (_, i) => `m${i + 1}`));
    });

    it(`reads the log a page of ${MAX_LOG_PAGE} entries by default, more when asked (a replay's page)`, async () => {
      const store = await makeStore();
      let stored = await created(store, aMatch());
      for (let n = 1; n <= MAX_LOG_PAGE + 2; n++) {
        const next = bump(stored.match);
        const ledger = recordOutcome(stored.ledgers.alice ?? EMPTY_LEDGER, `m${n}`, { version: next.version });
        await store.update(stored, withMove(next, logEntry(next.version, n, `m${n}`, n), ledger, n));
        stored = await read(store, stored.id);
      }
      const first = await store.moveLog(stored.id);
      expect(first?.moves).toHaveLength(MAX_LOG_PAGE);
      expect(first?.next).toBe(first?.moves.at(-1)?.version);
      const rest = await store.moveLog(stored.id, { after: first?.next ?? 0 });
      expect(rest?.moves.map((entry) => entry.seq)).toEqual([MAX_LOG_PAGE + 1, MAX_LOG_PAGE + 2]);
      expect(rest?.next).toBeNull();
      // Up to MAX_LOG_READ (1,000) in one read, for a replay's page: test/aws/long-match.test.ts reaches it.
      const whole = await store.moveLog(stored.id, { limit: 10_000 });
      expect(whole?.moves.map((entry) => entry.seq)).toEqual(Array.from({ length: MAX_LOG_PAGE + 2 }, (_, i) => i + 1));
      expect(whole?.next).toBeNull();
    });

    it('lists matches newest first, by game and status, within the limit', async () => {
      const store = await makeStore();
      const game = `game-${randomUUID()}`;
      const other = `game-${randomUUID()}`;
      const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      await store.create(ids[0] ?? '', aMatch({ game, status: 'waiting' }), 1_000);
      await store.create(ids[1] ?? '', aMatch({ game, status: 'running' }), 3_000);
      await store.create(ids[2] ?? '', aMatch({ game, status: 'waiting' }), 2_000);
      await store.create(ids[3] ?? '', aMatch({ game: other, status: 'waiting' }), 4_000);

      const listed = async (query: Parameters<GameStore['list']>[0]) => (await store.list(query)).map((m) => m.id);
      expect(await listed({ game })).toEqual([ids[1], ids[2], ids[0]]);
      expect(await listed({ game, status: 'waiting' })).toEqual([ids[2], ids[0]]);
      expect(await listed({ game, limit: 2 })).toEqual([ids[1], ids[2]]);
      expect(await listed({ game: other })).toEqual([ids[3]]);
      // What a listing holds of a match is its public record, as it stands: waiting ones included,
      // after a change (a join), whatever index a store answers them from.
      const running = await store.list({ game, status: 'running' });
      expect(running.map(listedOf)).toEqual([listedOf(await store.get(ids[1] ?? ''))]);
      const waiting = await store.get(ids[0] ?? '');
      if (waiting === undefined) throw new Error('the match is gone');
      const joined = bump(waiting.match, { players: ['ann'], activePlayers: [] });
      expect(await store.update(waiting, { next: joined, now: 5_000 })).toBe('written');
      const after = await store.get(ids[0] ?? '');
      await eventually(async () =>
        expect((await store.list({ game, status: 'waiting' })).map(listedOf)).toEqual([
          listedOf(await store.get(ids[2] ?? '')),
          listedOf(after),
        ]),
      );
    });

    it('pages through the list after a position, ties included, with no match shown twice or skipped', async () => {
      const store = await makeStore();
      const game = `game-${randomUUID()}`;
      // Three matches share one instant: the order breaks that tie by id.
      const times = [1_000, 2_000, 2_000, 2_000, 3_000, 4_000];
      const made = await Promise.all(
        times.map(async (at, index) => {
          const id = randomUUID();
          await store.create(id, aMatch({ game, status: index % 2 === 0 ? 'waiting' : 'running' }), at);
          return { id, createdAt: at };
        }),
      );
      const order = [...made].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1)).map((m) => m.id);

      const seen: string[] = [];
      let after: ListPosition | undefined;
      for (let page = 0; page < 10; page++) {
        const found = await store.list({ game, limit: 2, ...(after ? { after } : {}) });
        if (found.length === 0) break;
        seen.push(...found.map((m) => m.id));
        const last = found.at(-1) as ListedMatch;
        after = { createdAt: last.createdAt, id: last.id };
      }
      expect(seen).toEqual(order);
      // With a status too: the running ones only, in the same order.
      const running = made.filter((_, index) => index % 2 === 1).map((m) => m.id);
      const firstRunning = await store.list({ game, status: 'running', limit: 1 });
      const restRunning = await store.list({
        game,
        status: 'running',
        after: { createdAt: firstRunning[0]?.createdAt ?? 0, id: firstRunning[0]?.id ?? '' },
      });
      expect([...firstRunning, ...restRunning].map((m) => m.id)).toEqual(order.filter((id) => running.includes(id)));
    });

    it('keeps an unlisted match and its invite code, and never lists it', async () => {
      const store = await makeStore();
      const game = `unlisted-${randomUUID()}`;
      const invite = 'AbCdEfGhIjKlMnOpQrStUv';
      const hidden = randomUUID();
      const shown = randomUUID();
      expect(await store.create(hidden, aMatch({ game, status: 'waiting' }), 1_000, { invite })).toBe('written');
      expect(await store.create(shown, aMatch({ game, status: 'waiting' }), 2_000)).toBe('written');
      const stored = await read(store, hidden);
      expect(stored).toMatchObject({ id: hidden, invite, createdAt: 1_000 });
      expect((await read(store, shown)).invite).toBeUndefined();
      // Kept through an update, and still unlisted in every status.
      const next = bump(stored.match, { status: 'running' });
      expect(await store.update(stored, { next, now: 3_000 })).toBe('written');
      expect(await read(store, hidden)).toMatchObject({ invite, match: next });
      await eventually(async () => expect((await store.list({ game })).map((m) => m.id)).toEqual([shown]));
      expect(await store.list({ game, status: 'running' })).toEqual([]);
    });

    it('moves a match between status lists as it starts and finishes', async () => {
      const store = await makeStore();
      const game = `game-${randomUUID()}`;
      const waiting = await created(store, aMatch({ game, status: 'waiting', currentPlayer: null, activePlayers: [] }));
      const stored = {
        ...waiting,
        match: bump(waiting.match, { status: 'running', currentPlayer: 'alice', activePlayers: ['alice'] }),
      };
      expect(await store.update(waiting, { next: stored.match, now: 6_000 })).toBe('written');
      await eventually(async () => expect(await store.list({ game, status: 'waiting' })).toEqual([]));
      expect((await store.list({ game })).map((m) => m.match.status)).toEqual(['running']);
      const finished = bump(stored.match, {
        status: 'finished',
        currentPlayer: null,
        activePlayers: [],
        result: { draw: true },
      });
      expect(await store.update({ ...stored, updatedAt: 6_000 }, { next: finished, now: 7_000 })).toBe('written');
      expect(await store.list({ game, status: 'running' })).toEqual([]);
      expect((await store.list({ game, status: 'finished' })).map(listedOf)).toEqual([
        listedOf({ ...stored, match: finished, updatedAt: 7_000 }),
      ]);
      // Abandoned is a way to finish too.
      const other = await created(store, aMatch({ game, status: 'waiting', currentPlayer: null }));
      const abandoned = bump(other.match, { status: 'finished', result: { abandoned: true } });
      expect(await store.update(other, { next: abandoned, now: 8_000 })).toBe('written');
      await eventually(async () =>
        expect((await store.list({ game, status: 'finished' })).map((m) => m.id).sort()).toEqual(
          [stored.id, other.id].sort(),
        ),
      );
      expect((await store.get(other.id))?.match.result).toEqual({ abandoned: true });
      expect(await store.list({ game, status: 'waiting' })).toEqual([]);
    });

    it("lists a player's matches, most recently seated first, and only those they sit in", async () => {
      const store = await makeStore();
      const [carol, dave] = [`carol-${randomUUID()}`, `dave-${randomUUID()}`];
      // Seated at creation, and seated by a join (an update that adds a player).
      const first = await created(
        store,
        aMatch({ players: [carol, 'x'], currentPlayer: carol, activePlayers: [carol] }),
      );
      const waiting = await created(
        store,
        aMatch({ status: 'waiting', players: ['x'], currentPlayer: null, activePlayers: [] }),
      );
      const joined = bump(waiting.match, { players: ['x', carol] });
      expect(await store.update(waiting, { next: joined, now: 5_000 })).toBe('written');
      // A join that lost its race seats nobody.
      expect(await store.update(waiting, { next: bump(waiting.match, { players: ['x', dave] }), now: 6_000 })).toBe(
        'conflict',
      );
      // Moves keep the seats: the match stays listed once.
      const moved = await read(store, first.id);
      expect(await store.update(moved, { next: bump(moved.match, { turn: 2 }), now: 7_000 })).toBe('written');

      await eventually(async () => {
        const listed = await store.listByPlayer(carol);
        expect(listed.map((stored) => stored.id)).toEqual([waiting.id, first.id]);
        expect(listed[0]).toEqual(await store.get(waiting.id));
      });
      expect(await store.listByPlayer(dave)).toEqual([]);
      expect((await store.listByPlayer(carol, { limit: 1 })).map((stored) => stored.id)).toEqual([waiting.id]);
      expect(await store.listByPlayer(`nobody-${randomUUID()}`)).toEqual([]);
    });

    describeReplayLogContract(makeStore);
  });
}

function aMatch(overrides: Partial<Match> = {}): Match {
  return {
    game: 'tic-tac-toe',
    status: 'running',
    seats: 2,
    players: ['alice', 'bob'],
    state: { board: [null, null, null] },
    currentPlayer: 'alice',
    activePlayers: ['alice'],
    left: [],
    turn: 1,
    version: 3,
    result: null,
    seed: 'seed-1',
    randomState: 12345,
    ...overrides,
  };
}

/** The next version of a match, as the engine would produce it. */
const bump = (match: Match, changes: Partial<Match> = {}): Match => ({
  ...match,
  ...changes,
  version: match.version + 1,
});

const logEntry = (version: number, seq: number, moveId: string, args: unknown): MoveLogEntry => ({
  version,
  player: 'alice',
  seq,
  moveId,
  move: 'place',
  args,
  at: 1_000 + version,
});

const withMove = (next: Match, entry: MoveLogEntry, ledger: MoveLedger, now: number): MatchUpdate => ({
  next,
  settled: { player: 'alice', ledger, entry },
  now,
});

async function created(store: GameStore, match: Match): Promise<StoredMatch> {
  const id = randomUUID();
  expect(await store.create(id, match, 1_000)).toBe('written');
  return read(store, id);
}

async function read(store: GameStore, id: string): Promise<StoredMatch> {
  const stored = await store.get(id);
  if (!stored) throw new Error(`match ${id} vanished`);
  return stored;
}
