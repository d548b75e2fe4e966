import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  type AnyGame,
  createMatch,
  defineGame,
  finishMatch,
  type Match,
  playMove,
  seatPlayer,
  stepHash,
} from '../../src/engine/index.js';
import { devMatchState } from '../../src/handlers/dev-state.js';
import { gameRegistry } from '../../src/handlers/index.js';
import { matchReplay } from '../../src/handlers/replay.js';
import { closeDatabase, IN_MEMORY, openDatabase } from '../../src/local/sqlite/database.js';
import { sqliteGameStore } from '../../src/local/sqlite/game-store.js';
import type { GameStore, StoredMatch } from '../../src/ports/index.js';
import {
  EMPTY_LEDGER,
  MAX_LOG_READ,
  MAX_REPLAY_PAGE,
  MAX_REPLAY_PAGE_BYTES,
  MAX_REPLAY_VIEW_STEPS,
} from '../../src/protocol/index.js';
import { marathon, runningMarathon } from '../support/marathon-game.js';

/** A marathon whose steps carry a note of up to 4 KB and whose seed is published once it is over. */
const scribe = defineGame({
  name: 'scribe',
  players: { min: 1, max: 1 },
  setup: () => ({ notes: 0 }),
  moves: { write: { args: z.object({ note: z.string().max(4000) }), apply: (state) => ({ notes: state.notes + 1 }) } },
  log: { revealAtEnd: true, seedAtEnd: true },
});

const db = openDatabase(IN_MEMORY);
const store = sqliteGameStore(db);
const deps = {
  games: gameRegistry([marathon as AnyGame, scribe as AnyGame]),
  matches: store,
  clock: { now: () => 0 },
};
afterAll(() => closeDatabase(db));

/**
 * The replay's limits (protocol/replay.ts), each reached through the real handler on the SQLite
 * store: pages of at most MAX_REPLAY_PAGE steps and MAX_REPLAY_PAGE_BYTES, store reads of at most
 * MAX_LOG_READ entries, and views for a match's first MAX_REPLAY_VIEW_STEPS steps.
 */
describe('replay limits', () => {
  it(`pages at most ${MAX_REPLAY_PAGE} steps, read ${MAX_LOG_READ} at a time`, async () => {
    const id = await played(store, started(marathon as AnyGame), MAX_REPLAY_PAGE + 5, (n) => ({ by: 1 + (n % 3) }));
    expect((await store.moveLog(id, { limit: 5_000 }))?.moves).toHaveLength(MAX_LOG_READ);
    const first = await page(id, {});
    expect(first.steps).toHaveLength(MAX_REPLAY_PAGE);
    expect(first.next).toBe(first.steps.at(-1)?.version);
    const rest = await page(id, { after: first.next ?? 0 });
    expect(rest.steps.map((step) => step.seq)).toEqual([1001, 1002, 1003, 1004, 1005]);
    expect(rest.next).toBeNull();
    // The debug panel's endpoint reads the log in the same pages, every arg whole.
    const shown = await devMatchState(deps, id, {});
    expect([shown.ok && shown.value.log.length, shown.ok && shown.value.next]).toEqual([MAX_LOG_READ, first.next]);
    // The views after each step continue where the first page left off: the server replayed its way there.
    expect(rest.steps.at(-1)?.view).toEqual({
      total: sumOfSteps(MAX_REPLAY_PAGE + 5),
      last: 1 + ((MAX_REPLAY_PAGE + 5) % 3),
    });
  });

  it(`stops a page at the step that takes it past ${MAX_REPLAY_PAGE_BYTES} bytes, and always holds one`, async () => {
    const note = 'n'.repeat(4000);
    const id = await played(store, started(scribe as AnyGame), 300, () => ({ note }), true);
    const first = await page(id, {});
    expect(first.reveal).toBe('full');
    const bytes = Buffer.byteLength(JSON.stringify(first.steps));
    expect(first.steps.length).toBeLessThan(300);
    expect(bytes).toBeLessThanOrEqual(MAX_REPLAY_PAGE_BYTES + 2);
    expect(bytes + Buffer.byteLength(JSON.stringify(first.steps[0]))).toBeGreaterThan(MAX_REPLAY_PAGE_BYTES);
    const rest = await page(id, { after: first.next ?? 0 });
    expect([...first.steps, ...rest.steps].map((step) => step.seq)).toEqual(
      Array.from({ length: 300 }, (_, i) => i + 1),
    );
    expect(rest.next).toBeNull();
  });

  it(`computes views for a match's first ${MAX_REPLAY_VIEW_STEPS} steps, and refuses a page after them`, async () => {
    const match = runningMarathon(['solo']);
    const id = await played(store, match, MAX_REPLAY_VIEW_STEPS + 2, () => ({ by: 1 }));
    // Versions count from the started match's: step n produced version `match.version + n`.
    const lastPages = await page(id, { after: match.version + MAX_REPLAY_VIEW_STEPS - 2, limit: 10 });
    // The page stops at the bound (step 50,000), with `next` pointing past it.
    expect(lastPages.steps.map((step) => step.seq)).toEqual([MAX_REPLAY_VIEW_STEPS - 1, MAX_REPLAY_VIEW_STEPS]);
    expect(lastPages.steps.at(-1)?.view).toEqual({ total: MAX_REPLAY_VIEW_STEPS, last: 1 });
    const beyond = await matchReplay(deps, id, { after: lastPages.next ?? 0 }, null);
    expect(beyond).toMatchObject({ ok: false, error: { code: 'bad_args' } });
    expect(!beyond.ok && beyond.error.message).toContain(String(MAX_REPLAY_VIEW_STEPS));
    // The debug panel's past positions are recomputed the same way, within the same bound.
    const last = lastPages.steps.at(-1)?.version ?? 0;
    const atBound = await devMatchState(deps, id, { at: last });
    expect(atBound.ok && atBound.value.state).toEqual({ total: MAX_REPLAY_VIEW_STEPS, last: 1 });
    const pastBound = await devMatchState(deps, id, { at: last + 1 });
    expect(pastBound).toMatchObject({ ok: false, error: { code: 'bad_args' } });
  }, 120_000);
});

async function page(id: string, query: { after?: number; limit?: number }) {
  const answer = await matchReplay(deps, id, query, null);
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value;
}

const sumOfSteps = (count: number): number =>
  Array.from({ length: count }, (_, n) => 1 + ((n + 1) % 3)).reduce((sum, by) => sum + by, 0);

/** A running one-seat match of `game`. */
function started(game: AnyGame): Match {
  const created = createMatch(game, { seed: randomUUID() });
  if (!created.ok) throw new Error(created.error.message);
  const seated = seatPlayer(game, created.value, 'solo', 0);
  if (!seated.ok) throw new Error(seated.error.message);
  return seated.value;
}

/**
 * A match with `count` steps, each settled as the server settles one (the engine's move, a log entry
 * with its fingerprint, the ledger), written through the store one version at a time; finished
 * afterwards when asked.
 */
async function played(
  target: GameStore,
  waiting: Match,
  count: number,
  args: (n: number) => unknown,
  finish = false,
): Promise<string> {
  const game = deps.games.get(waiting.game) as AnyGame;
  const id = randomUUID();
  await target.create(id, waiting, 0);
  let stored = (await target.get(id)) as StoredMatch;
  for (let n = 1; n <= count; n++) {
    const played = playMove(game, stored.match, {
      player: 'solo',
      move: Object.keys(game.moves)[0] as string,
      args: args(n),
      at: n,
    });
    if (!played.ok) throw new Error(played.error.message);
    const { next } = played.value;
    const entry = {
      version: next.version,
      player: 'solo',
      seq: n,
      moveId: `m${n}`,
      move: Object.keys(game.moves)[0] as string,
      args: played.value.args,
      at: n,
      hash: stepHash(next),
    };
    await target.update(stored, { next, now: n, settled: { player: 'solo', ledger: EMPTY_LEDGER, entry } });
    stored = { ...stored, match: next };
  }
  if (finish) await target.update(stored, { next: finishMatch(stored.match, { winners: ['solo'] }), now: count + 1 });
  return id;
}
