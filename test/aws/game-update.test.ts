import { describe, expect, it } from 'vitest';
import { ticTacToe } from '../../games/tic-tac-toe.js';
import { unmarshall } from '../../src/aws/dynamo-support.js';
import {
  MAX_PENDING_MOVES,
  nextPending,
  pendingBytes,
  updateRequest,
  WRITE_UNIT_BYTES,
} from '../../src/aws/game-update.js';
import { applyMove, createMatch, type Match, seatPlayer } from '../../src/engine/index.js';
import type { MoveLogEntry, StoredMatch } from '../../src/ports/game-store.js';
import { EMPTY_LEDGER, recordOutcome } from '../../src/protocol/index.js';

const must = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

function runningMatch(): StoredMatch {
  let match: Match = must(createMatch(ticTacToe, { seed: 'update' }));
  match = must(seatPlayer(ticTacToe, match, 'alice'));
  match = must(seatPlayer(ticTacToe, match, 'bob'));
  return { id: 'm1', match, ledgers: {}, createdAt: 1, updatedAt: 1 };
}

function written(write: ReturnType<typeof updateRequest>): NonNullable<typeof write> {
  if (write === undefined) throw new Error('this change must write');
  return write;
}

/** The request with placeholders resolved, so a test can read which attributes and paths it writes. */
function readable(write: NonNullable<ReturnType<typeof updateRequest>>): string {
  const { request } = write;
  const values = unmarshall(request.ExpressionAttributeValues);
  return request.UpdateExpression.replace(/#\w+/g, (name) => request.ExpressionAttributeNames[name] ?? name).replace(
    /:\w+/g,
    (value) => JSON.stringify(values[value]),
  );
}

describe('updateRequest: a move as UpdateItem', () => {
  it('writes the changed cell and the fields a move changes, nothing else, on the version read', () => {
    const stored = runningMatch();
    const next = must(applyMove(ticTacToe, stored.match, { player: 'alice', move: 'place', args: { cell: 4 } }));
    const entry = {
      version: next.version,
      player: 'alice',
      seq: 1,
      moveId: 'a1',
      move: 'place',
      args: { cell: 4 },
      at: 5,
    };
    const ledger = recordOutcome(EMPTY_LEDGER, 'a1', { version: next.version });
    const request = updateRequest(stored, { next, settled: { player: 'alice', ledger, entry }, now: 5 }, []);
    if (!request) throw new Error('a move must write');
    const text = readable(request);
    expect(text).toContain('State.board[4] = "X"');
    expect(text).not.toMatch(/State = /);
    // Who may act is stored by seat: bob holds seat 1.
    for (const written of [
      'CurrentPlayer = "bob"',
      'ActiveSeats = [1]',
      'Turn = 2',
      `Version = ${next.version}`,
      'UpdatedAt = 5',
    ]) {
      expect(text).toContain(written);
    }
    // Alice holds seat 0: her ledger alone is written, and the move as the match's newest one.
    expect(text).toContain(`Ledgers.0 = ${JSON.stringify(ledger)}`);
    expect(text).toContain(`Pending = [[${next.version},0,1,"a1","place",{"cell":4},5]]`);
    expect(request.page).toBeUndefined();
    expect(text).not.toMatch(/list_append/);
    for (const untouched of ['Status', 'Players', 'Seats', 'LeftSeats', 'Seed', 'Game', 'Result', 'ExpiresAt']) {
      expect(text).not.toMatch(new RegExp(`\\b${untouched} =`));
    }
    expect(request.request.ConditionExpression).toBe('#version = :expected');
    expect(unmarshall(request.request.ExpressionAttributeValues)[':expected']).toBe(stored.match.version);
  });

  it('writes a refusal as the mover’s ledger and the version alone', () => {
    const stored = runningMatch();
    const next: Match = { ...stored.match, version: stored.match.version + 1 };
    const ledger = recordOutcome(EMPTY_LEDGER, 'b1', { code: 'not_your_turn' });
    const request = updateRequest(stored, { next, settled: { player: 'bob', ledger }, now: 6 }, []);
    if (!request) throw new Error('a refusal must write');
    const text = readable(request);
    expect(text).toContain(`Ledgers.1 = ${JSON.stringify(ledger)}`);
    expect(text).toContain(`Version = ${next.version}`);
    expect(text).not.toMatch(/State|Pending|LastMove|Turn|CurrentPlayer/);
    expect(request.request.ConditionExpression).toBe('#version = :expected');
  });

  it('writes nothing at all when nothing changed', () => {
    const stored = runningMatch();
    expect(updateRequest(stored, { next: stored.match, now: 9 }, [])).toBeUndefined();
  });

  it('finishes a match by a move with no TTL and no phase: retention is the sweeps’ work, off the move path', () => {
    const stored = runningMatch();
    const next: Match = {
      ...stored.match,
      status: 'finished',
      result: { draw: true },
      currentPlayer: null,
      version: 9,
    };
    const request = updateRequest(stored, { next, now: 10_000 }, []);
    if (!request) throw new Error('finishing must write');
    const text = readable(request);
    expect(text).toContain('Status = "finished"');
    expect(text).toContain('Result = {"draw":true}');
    expect(text).not.toMatch(/ExpiresAt|Phase|Open/);
  });

  it('keeps a waiting match’s lobby summary, and makes a match that starts live', () => {
    const running = runningMatch();
    const waiting: StoredMatch = {
      ...running,
      match: { ...running.match, status: 'waiting', players: ['alice'], currentPlayer: null, state: null, turn: 0 },
    };
    const joined: Match = { ...waiting.match, players: ['alice', 'carol'], version: waiting.match.version + 1 };
    const join = readable(written(updateRequest(waiting, { next: joined, now: 20 }, [])));
    expect(join).toContain('"Players":["alice","carol"]');
    expect(join).toMatch(/Open = \{/);
    expect(join).not.toMatch(/Phase/);
    const started = readable(written(updateRequest(waiting, { next: running.match, now: 30 }, [])));
    expect(started).toContain('Phase = "live"');
    expect(started).toContain('PhaseAt = 30');
    expect(started).toMatch(/REMOVE .*Open/);
    const abandoned: Match = { ...waiting.match, status: 'finished', result: { abandoned: true }, version: 9 };
    const ended = readable(written(updateRequest(waiting, { next: abandoned, now: 40 }, [])));
    // It stays `open` until the sweep that ended it remembers it (match-phase.ts): only the summary goes.
    expect(ended).toMatch(/REMOVE .*Open/);
    expect(ended).not.toMatch(/Phase/);
  });
});

describe('nextPending: when the pending moves become a log page', () => {
  const players = [`us-east-1:${'0'.repeat(36)}`, `us-east-1:${'1'.repeat(36)}`];
  const entry = (version: number): MoveLogEntry => ({
    version,
    player: players[version % 2] ?? '',
    seq: version,
    moveId: `${version}`.padStart(36, '0'),
    move: 'place',
    args: { cell: version % 9 },
    at: 1_700_000_000_000 + version,
  });

  it('appends while the match item stays within the write unit it needs with one pending move', () => {
    let pending: readonly MoveLogEntry[] = [];
    const base = 300;
    const pages: (readonly MoveLogEntry[])[] = [];
    for (let version = 1; version <= 40; version++) {
      const placed = nextPending(base, pending, entry(version), players);
      if (placed.page) pages.push(placed.page);
      pending = placed.pending;
      // The write never costs more than with the new move alone.
      expect(Math.ceil((base + pendingBytes(pending, players)) / WRITE_UNIT_BYTES)).toBe(
        Math.ceil((base + pendingBytes([entry(version)], players)) / WRITE_UNIT_BYTES),
      );
    }
    // Every move exactly once, in order, across the pages and what is still pending.
    expect([...pages.flat(), ...pending].map((moved) => moved.version)).toEqual(
      Array.from({ length: 40 }, (_, index) => index + 1),
    );
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.every((page) => page.length > 1)).toBe(true);
  });

  it('flushes on every move when the item has no slack left in its unit, and never starts a page empty', () => {
    const tight = WRITE_UNIT_BYTES - pendingBytes([entry(1)], players);
    expect(nextPending(tight, [], entry(1), players)).toEqual({ pending: [entry(1)] });
    expect(nextPending(tight, [entry(1)], entry(2), players)).toEqual({ pending: [entry(2)], page: [entry(1)] });
  });

  it(`holds at most ${MAX_PENDING_MOVES} moves, however small`, () => {
    const tiny = (version: number): MoveLogEntry => ({
      version,
      player: 'a',
      seq: 1,
      moveId: 'm',
      move: 'x',
      args: null,
      at: 1,
    });
    const full = Array.from({ length: MAX_PENDING_MOVES }, (_, index) => tiny(index + 1));
    const placed = nextPending(0, full, tiny(MAX_PENDING_MOVES + 1), ['a']);
    expect(placed.page).toEqual(full);
    expect(placed.pending).toEqual([tiny(MAX_PENDING_MOVES + 1)]);
  });
});
