import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Match, matchHash } from '../../src/engine/index.js';
import type { GameStore, MoveLogEntry, StoredMatch } from '../../src/ports/game-store.js';
import { EMPTY_LEDGER, LEAVE_MOVE, leaveMoveId, recordOutcome, timeoutMoveId } from '../../src/protocol/index.js';

/**
 * What a replay needs of a GameStore (README "Replay"), part of its contract: every kind of step
 * comes back with its kind, player, time and recorded fingerprint, and a match record comes back
 * exactly enough that its fingerprint is the one computed when it was written, which is what a
 * replay of its log is checked against.
 */
export function describeReplayLogContract(makeStore: () => Promise<GameStore> | GameStore): void {
  describe('what a replay needs', () => {
    it('keeps every step with its kind and fingerprint: moves, timeouts and leaves, in the log and as the newest', async () => {
      const store = await makeStore();
      let stored = await created(store, runningMatch());
      const steps: Omit<MoveLogEntry, 'version'>[] = [
        {
          player: 'alice',
          seq: 1,
          moveId: 'm-1',
          move: 'bid',
          args: { quantity: 1, face: 2 },
          at: 10,
          hash: 'AAAAAAAAAAAAAAAA',
        },
        {
          player: 'bob',
          seq: 0,
          moveId: timeoutMoveId(2),
          move: 'challenge',
          args: {},
          at: 20,
          hash: 'BBBBBBBBBBBBBBB-',
        },
        // A step logged before fingerprints were recorded has none, and must not gain one.
        { player: 'alice', seq: 2, moveId: 'm-2', move: 'bid', args: { quantity: 2, face: 2 }, at: 30 },
        {
          player: 'bob',
          seq: 0,
          moveId: leaveMoveId(4),
          move: LEAVE_MOVE,
          args: null,
          at: 40,
          hash: '_-_-_-_-_-_-_-_-',
        },
      ];
      const logged: MoveLogEntry[] = [];
      for (const step of steps) {
        const next: Match = { ...stored.match, turn: stored.match.turn + 1, version: stored.match.version + 1 };
        const entry = { ...step, version: next.version };
        const ledger = recordOutcome(EMPTY_LEDGER, entry.moveId, { version: next.version });
        const settled = { player: entry.player, ledger, entry };
        expect(await store.update(stored, { next, now: entry.at, settled })).toBe('written');
        logged.push(entry);
        stored = await read(store, stored.id);
        expect(stored.lastMove).toEqual(entry);
      }
      expect((await store.moveLog(stored.id))?.moves).toEqual(logged);
      expect((await store.moveLog(stored.id, { after: logged[1]?.version ?? 0, limit: 1 }))?.moves).toEqual([
        logged[2],
      ]);
    });

    it('reads a match record back that fingerprints exactly as the one written', async () => {
      const store = await makeStore();
      const tricky = JSON.parse(
        '{"__proto__":{"x":1},"constructor":"c","":[0.1,1e-7,9007199254740991,-3.5,null,true,""],"ünï 🎲":{"nested":[[{"a.b":"#c"}]]}}',
      );
      const written = runningMatch({
        state: { dice: { alice: [1, 6], bob: [] }, bid: null, tricky },
        left: ['bob'],
        clock: {
          control: { bankMs: 60_000, incrementMs: 1_000 },
          startedAt: 1_000,
          running: [{ seat: 0, since: 5_000, deadline: 62_000 }],
          turnStartedAt: 5_000,
          deadline: 62_000,
          banks: [57_000, 0],
        },
      });
      const stored = await created(store, written);
      expect(matchHash(stored.match)).toBe(matchHash(written));
      const finished: Match = {
        ...stored.match,
        status: 'finished',
        currentPlayer: null,
        activePlayers: [],
        result: { winners: ['alice'] },
        state: { ...(stored.match.state as object), bid: { quantity: 3, face: 1 } },
        version: stored.match.version + 1,
      };
      expect(await store.update(stored, { next: finished, now: 9_000 })).toBe('written');
      expect(matchHash((await read(store, stored.id)).match)).toBe(matchHash(finished));
    });
  });
}

function runningMatch(overrides: Partial<Match> = {}): Match {
  return {
    game: 'liars-dice',
    status: 'running',
    seats: 2,
    players: ['alice', 'bob'],
    state: { dice: { alice: [1, 2, 3], bob: [4, 5, 6] }, bid: null },
    currentPlayer: 'alice',
    activePlayers: ['alice'],
    left: [],
    turn: 1,
    version: 4,
    result: null,
    seed: randomUUID(),
    randomState: 8,
    ...overrides,
  };
}

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
