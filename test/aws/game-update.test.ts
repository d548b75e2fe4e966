import { describe, expect, it } from 'vitest';
import { ticTacToe } from '../../games/tic-tac-toe.js';
import { unmarshall } from '../../src/aws/dynamo-support.js';
import { updateRequest } from '../../src/aws/game-update.js';
import { applyMove, createMatch, type Match, seatPlayer } from '../../src/engine/index.js';
import type { StoredMatch } from '../../src/ports/game-store.js';
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

/** The request with placeholders resolved, so a test can read which attributes and paths it writes. */
function readable(request: NonNullable<ReturnType<typeof updateRequest>>): string {
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
    const request = updateRequest(stored, { next, settled: { player: 'alice', ledger, entry }, now: 5 });
    if (!request) throw new Error('a move must write');
    const text = readable(request);
    expect(text).toContain('State.board[4] = "X"');
    expect(text).not.toMatch(/State = /);
    for (const written of ['CurrentPlayer = "bob"', 'Turn = 2', `Version = ${next.version}`, 'UpdatedAt = 5']) {
      expect(text).toContain(written);
    }
    // Alice holds seat 0: her ledger alone is written, and the move as the match's newest one.
    expect(text).toContain(`Ledgers.0 = ${JSON.stringify(ledger)}`);
    expect(text).toMatch(/LastMove = \{.*"seq":1.*"moveId":"a1".*\}/);
    expect(text).not.toMatch(/list_append/);
    for (const untouched of ['Status', 'Players', 'Seats', 'Seed', 'Game', 'Result', 'ExpiresAt']) {
      expect(text).not.toContain(`${untouched} =`);
    }
    expect(request.ConditionExpression).toBe('#version = :expected');
    expect(unmarshall(request.ExpressionAttributeValues)[':expected']).toBe(stored.match.version);
  });

  it('writes a refusal as the mover’s ledger and the version alone', () => {
    const stored = runningMatch();
    const next: Match = { ...stored.match, version: stored.match.version + 1 };
    const ledger = recordOutcome(EMPTY_LEDGER, 'b1', { code: 'not_your_turn' });
    const request = updateRequest(stored, { next, settled: { player: 'bob', ledger }, now: 6 });
    if (!request) throw new Error('a refusal must write');
    const text = readable(request);
    expect(text).toContain(`Ledgers.1 = ${JSON.stringify(ledger)}`);
    expect(text).toContain(`Version = ${next.version}`);
    expect(text).not.toMatch(/State|LastMove|Turn|CurrentPlayer/);
    expect(request.ConditionExpression).toBe('#version = :expected');
  });

  it('writes nothing at all when nothing changed', () => {
    const stored = runningMatch();
    expect(updateRequest(stored, { next: stored.match, now: 9 })).toBeUndefined();
  });

  it('marks a finished match for TTL, and moves it to the finished list', () => {
    const stored = runningMatch();
    const next: Match = {
      ...stored.match,
      status: 'finished',
      result: { draw: true },
      currentPlayer: null,
      version: 9,
    };
    const request = updateRequest(stored, { next, now: 10_000 });
    if (!request) throw new Error('finishing must write');
    const text = readable(request);
    expect(text).toContain('Status = "finished"');
    expect(text).toContain('Result = {"draw":true}');
    expect(text).toMatch(/ExpiresAt = \d+/);
  });
});
