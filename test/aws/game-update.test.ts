import { describe, expect, it } from 'vitest';
import { ticTacToe } from '../../games/tic-tac-toe.js';
import { unmarshall } from '../../src/aws/dynamo-support.js';
import { updateRequest } from '../../src/aws/game-update.js';
import { applyMove, createMatch, type Match, seatPlayer } from '../../src/engine/index.js';
import type { StoredMatch } from '../../src/ports/game-store.js';

const must = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

function runningMatch(): StoredMatch {
  let match: Match = must(createMatch(ticTacToe, { seed: 'update' }));
  match = must(seatPlayer(ticTacToe, match, 'alice'));
  match = must(seatPlayer(ticTacToe, match, 'bob'));
  return { id: 'm1', match, appliedMoves: [], createdAt: 1, updatedAt: 1 };
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
    const entry = { version: next.version, player: 'alice', moveId: 'a1', move: 'place', args: { cell: 4 }, at: 5 };
    const request = updateRequest(stored, { next, appliedMove: { key: 'alice:a1', entry }, now: 5 });
    if (!request) throw new Error('a move must write');
    const text = readable(request);
    expect(text).toContain('State.board[4] = "X"');
    expect(text).not.toMatch(/State = /);
    for (const written of ['CurrentPlayer = "bob"', 'Turn = 2', `Version = ${next.version}`, 'UpdatedAt = 5']) {
      expect(text).toContain(written);
    }
    expect(text).toContain('AppliedMoves = ["alice:a1"]');
    expect(text).toMatch(/Moves = list_append\(if_not_exists\(Moves, \[\]\), \[\{.*"moveId":"a1".*\}\]\)/);
    for (const untouched of ['Status', 'Players', 'Seats', 'Seed', 'Game', 'Result', 'ExpiresAt']) {
      expect(text).not.toContain(`${untouched} =`);
    }
    expect(request.ConditionExpression).toBe('#version = :expected');
    expect(unmarshall(request.ExpressionAttributeValues)[':expected']).toBe(stored.match.version);
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
