import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Match } from '../../src/engine/index.js';
import type { GameStore, MatchUpdate, RetentionStore, StoredMatch } from '../../src/ports/index.js';
import { EMPTY_LEDGER, recordOutcome } from '../../src/protocol/index.js';
import { eventually } from './eventually.js';

/** A game store and its retention store over the same data, fresh (nothing else in it), and a look behind them. */
export interface RetentionStores {
  readonly matches: GameStore;
  readonly retention: RetentionStore;
  /** How many items the store still keeps for the match besides the match: log entries or pages, seats. */
  remains(id: string, players: readonly string[]): Promise<number>;
}

/**
 * What every RetentionStore promises (ports/retention.ts): which matches are due when, kept by
 * lifecycle writes and the sweeps only, never by moves; and a purge that takes everything a finished
 * match left. Each test gets fresh stores, because `due` answers for the whole store.
 */
export function describeRetentionStoreContract(name: string, makeStores: () => Promise<RetentionStores>): void {
  describe(`RetentionStore contract: ${name}`, () => {
    it('offers waiting matches once their creation is old enough, oldest first, within the limit', async () => {
      const { matches, retention } = await makeStores();
      const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
      await matches.create(b, waiting(), 2_000);
      await matches.create(a, waiting(), 1_000);
      await matches.create(c, waiting(), 3_000);
      await eventually(async () => expect(await retention.due('waiting', 2_000, 10)).toEqual([a, b]));
      expect(await retention.due('waiting', 999, 10)).toEqual([]);
      expect(await retention.due('waiting', 5_000, 2)).toEqual([a, b]);
      expect(await retention.due('running', 5_000, 10)).toEqual([]);
      expect(await retention.due('finished', 5_000, 10)).toEqual([]);
    });

    it('offers a match as running from when it started, and its moves never move it', async () => {
      const { matches, retention } = await makeStores();
      const id = randomUUID();
      await matches.create(id, waiting(), 1_000);
      const started = await read(matches, id);
      expect(await matches.update(started, { next: start(started.match), now: 2_000 })).toBe('written');
      let stored = await read(matches, id);
      for (let move = 1; move <= 3; move++) {
        expect(await matches.update(stored, moveAt(stored, move, 2_000 + move * 1_000))).toBe('written');
        stored = await read(matches, id);
      }
      await eventually(async () => expect(await retention.due('running', 2_000, 10)).toEqual([id]));
      expect(await retention.due('running', 1_999, 10)).toEqual([]);
      expect(await retention.due('waiting', 10_000, 10)).toEqual([]);
    });

    it('keeps a match a move finished due as running, until a sweep remembers it finished', async () => {
      const { matches, retention } = await makeStores();
      const id = randomUUID();
      await matches.create(id, running(), 1_000);
      const stored = await read(matches, id);
      const finished = bump(stored.match, { status: 'finished', currentPlayer: null, result: { draw: true } });
      expect(await matches.update(stored, { next: finished, now: 4_000 })).toBe('written');
      await eventually(async () => expect(await retention.due('running', 1_000, 10)).toEqual([id]));
      expect(await retention.due('finished', 10_000, 10)).toEqual([]);

      await retention.remember(await read(matches, id), 4_000);
      await eventually(async () => expect(await retention.due('finished', 4_000, 10)).toEqual([id]));
      expect(await retention.due('finished', 3_999, 10)).toEqual([]);
      expect(await retention.due('running', 10_000, 10)).toEqual([]);
    });

    it('keeps a match that stopped waiting without starting due as waiting, until remembered', async () => {
      const { matches, retention } = await makeStores();
      const id = randomUUID();
      await matches.create(id, waiting(), 1_000);
      const stored = await read(matches, id);
      const abandoned = bump(stored.match, { status: 'finished', result: { abandoned: true } });
      expect(await matches.update(stored, { next: abandoned, now: 9_000 })).toBe('written');
      await eventually(async () => expect(await retention.due('waiting', 1_000, 10)).toEqual([id]));
      await retention.remember(await read(matches, id), 9_000);
      await eventually(async () => expect(await retention.due('waiting', 10_000, 10)).toEqual([]));
      expect(await retention.due('finished', 9_000, 10)).toEqual([id]);
    });

    it('postpones a match it remembers, and forgets one kept forever', async () => {
      const { matches, retention } = await makeStores();
      const [active, kept] = [randomUUID(), randomUUID()];
      await matches.create(active, running(), 1_000);
      await matches.create(kept, running(), 1_000);
      await retention.remember(await read(matches, active), 50_000);
      const stored = await read(matches, kept);
      const finished = bump(stored.match, { status: 'finished', currentPlayer: null, result: { winners: ['p1'] } });
      await matches.update(stored, { next: finished, now: 2_000 });
      await retention.forget(await read(matches, kept));
      await eventually(async () => expect(await retention.due('running', 49_999, 10)).toEqual([]));
      expect(await retention.due('running', 50_000, 10)).toEqual([active]);
      for (const status of ['waiting', 'running', 'finished'] as const) {
        expect(await retention.due(status, Number.MAX_SAFE_INTEGER, 10)).not.toContain(kept);
      }
      // The match records themselves are untouched.
      expect((await read(matches, active)).updatedAt).toBe(1_000);
      expect((await read(matches, kept)).match).toEqual(finished);
    });

    it('purges a finished match with its log and seats, and leaves anything else alone', async () => {
      const { matches, retention, remains } = await makeStores();
      const [done, other, live] = [randomUUID(), randomUUID(), randomUUID()];
      // A game long enough that a store packing its log into pages has written some.
      for (const id of [done, other]) await played(matches, id, 40);
      await matches.create(live, running(), 1_000);
      const finished = await read(matches, done);
      expect(await remains(done, finished.match.players)).toBeGreaterThan(2);

      await retention.purge(await read(matches, live));
      const stale = { ...finished, match: { ...finished.match, version: finished.match.version - 1 } };
      await retention.purge(stale);
      expect(await matches.get(done)).toEqual(finished);
      await retention.purge(finished);
      // Twice is as good as once.
      await retention.purge(finished);

      expect(await matches.get(done)).toBeUndefined();
      expect(await matches.moveLog(done)).toBeUndefined();
      expect(await remains(done, finished.match.players)).toBe(0);
      await eventually(async () =>
        expect((await matches.listByPlayer('p1')).map((stored) => stored.id).sort()).toEqual([other, live].sort()),
      );
      expect((await matches.get(live))?.match.status).toBe('running');
      expect(await remains(other, ['p1', 'p2'])).toBeGreaterThan(2);
      // A sweep that remembers a match a purge took meanwhile brings nothing back.
      await retention.remember(finished, 9_000);
      expect(await matches.get(done)).toBeUndefined();
      expect(await retention.due('finished', Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
    });
  });
}

function running(): Match {
  return {
    game: 'tic-tac-toe',
    status: 'running',
    seats: 2,
    players: ['p1', 'p2'],
    state: { count: 0 },
    currentPlayer: 'p1',
    activePlayers: ['p1'],
    left: [],
    turn: 1,
    version: 3,
    result: null,
    seed: 'seed',
    randomState: 0,
  };
}

const waiting = (): Match => ({
  ...running(),
  status: 'waiting',
  players: [],
  state: null,
  currentPlayer: null,
  activePlayers: [],
  turn: 0,
  version: 1,
});

const start = (match: Match): Match => ({ ...running(), version: match.version + 1 });

const bump = (match: Match, changes: Partial<Match>): Match => ({ ...match, ...changes, version: match.version + 1 });

/** One move by p1 as the stores get it: the next state, p1's ledger and the log entry. */
function moveAt(stored: StoredMatch, n: number, now: number): MatchUpdate {
  const next = bump(stored.match, { state: { count: n }, turn: stored.match.turn + 1 });
  const moveId = `m-${n}-${randomUUID()}`;
  const ledger = recordOutcome(stored.ledgers.p1 ?? EMPTY_LEDGER, moveId, { version: next.version });
  return {
    next,
    settled: {
      player: 'p1',
      ledger,
      entry: { version: next.version, player: 'p1', seq: n, moveId, move: 'step', args: { n }, at: now },
    },
    now,
  };
}

/** A match of p1 and p2 that ran `moves` moves and finished. */
async function played(matches: GameStore, id: string, moves: number): Promise<void> {
  await matches.create(id, waiting(), 1_000);
  let stored = await read(matches, id);
  await matches.update(stored, { next: start(stored.match), now: 1_500 });
  stored = await read(matches, id);
  for (let n = 1; n <= moves; n++) {
    expect(await matches.update(stored, moveAt(stored, n, 2_000 + n))).toBe('written');
    stored = await read(matches, id);
  }
  const finished = bump(stored.match, { status: 'finished', currentPlayer: null, result: { winners: ['p1'] } });
  expect(await matches.update(stored, { next: finished, now: 3_000 })).toBe('written');
}

async function read(matches: GameStore, id: string): Promise<StoredMatch> {
  const stored = await matches.get(id);
  if (stored === undefined) throw new Error(`match ${id} vanished`);
  return stored;
}
