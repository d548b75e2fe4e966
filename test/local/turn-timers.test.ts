import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/local/sqlite/database.js';
import { LocalTurnTimers } from '../../src/local/turn-timers.js';
import { silentLogger, systemClock, type TurnTimer } from '../../src/ports/index.js';
import { eventually } from '../contracts/eventually.js';

const dir = mkdtempSync(join(tmpdir(), 'turngate-timers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshFile = () => join(dir, `timers-${++files}.db`);

/** Records every firing with the time it happened, and lets a test wait for the next N. */
function recorder(fail: (timer: TurnTimer, attempt: number) => boolean = () => false) {
  const fired: { timer: TurnTimer; at: number }[] = [];
  const attempts = new Map<string, number>();
  let waiting: { count: number; resolve: () => void } | undefined;
  const fire = async (timer: TurnTimer) => {
    const attempt = (attempts.get(timer.matchId) ?? 0) + 1;
    attempts.set(timer.matchId, attempt);
    if (fail(timer, attempt)) throw new Error('the handler failed');
    fired.push({ timer, at: Date.now() });
    if (waiting && fired.length >= waiting.count) waiting.resolve();
  };
  const firings = (count: number) =>
    fired.length >= count
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          waiting = { count, resolve };
        });
  return { fired, attempts, fire, firings };
}

function timersOn(path: string) {
  const db = openDatabase(path);
  const timers = new LocalTurnTimers({ db, clock: systemClock, logger: silentLogger, retryDelayMs: 20 });
  return {
    timers,
    close: async () => {
      await timers.close();
      db.close();
    },
  };
}

describe('local turn timers (SQLite)', () => {
  it('fires each due timer once, never before its time, and forgets it after the handler took it', async () => {
    const { timers, close } = timersOn(freshFile());
    const { fired, fire, firings } = recorder();
    timers.start(fire);
    const now = Date.now();
    await timers.schedule({ matchId: 'm1', turn: 1, dueAt: now + 60 });
    await timers.schedule({ matchId: 'm2', turn: 4, dueAt: now + 30 });
    await firings(2);
    expect(fired.map(({ timer }) => timer.matchId)).toEqual(['m2', 'm1']);
    for (const { timer, at } of fired) expect(at).toBeGreaterThanOrEqual(timer.dueAt);
    // The removal follows the handler's return: once it is done, nothing is left and nothing fires again.
    await eventually(async () => expect(timers.armed()).toEqual([]));
    expect(fired).toHaveLength(2);
    await close();
  });

  it('fires a timer re-armed later at its new time once the old is disarmed, and one cancelled under a pending wake-up never', async () => {
    // Re-arming for later and cancelling do not re-aim the one wake-up (a move of a timed match costs no
    // query for the earliest timer): the wake-up aimed at the old time must find the rest by itself.
    const { timers, close } = timersOn(freshFile());
    const { fired, fire, firings } = recorder();
    timers.start(fire);
    const now = Date.now();
    const first = { matchId: 'moved', turn: 1, dueAt: now + 20 };
    await timers.schedule(first);
    await timers.schedule({ matchId: 'moved', turn: 2, dueAt: now + 80 });
    await timers.cancel(first); // what a write does after the write that replaced it
    const gone = { matchId: 'gone', turn: 1, dueAt: now + 40 };
    await timers.schedule(gone);
    await timers.cancel(gone);
    await timers.schedule({ matchId: 'after', turn: 1, dueAt: now + 120 });
    await firings(2);
    expect(fired.map(({ timer }) => [timer.matchId, timer.turn])).toEqual([
      ['moved', 2],
      ['after', 1],
    ]);
    for (const { timer, at } of fired) expect(at).toBeGreaterThanOrEqual(timer.dueAt);
    await close();
  });

  it('keeps one row per timer (match, turn, deadline): arming twice arms once, cancel removes only that one', async () => {
    const { timers, close } = timersOn(freshFile());
    const later = Date.now() + 3_600_000;
    const two = { matchId: 'm', turn: 2, dueAt: later };
    const three = { matchId: 'm', turn: 3, dueAt: later + 1 };
    await timers.schedule(two);
    await timers.schedule(three);
    await timers.schedule(three);
    expect(timers.armed()).toEqual([two, three]);
    await timers.cancel(two);
    expect(timers.armed()).toEqual([three]);
    await timers.cancel(three);
    expect(timers.armed()).toEqual([]);
    await close();
  });

  it('keeps a bot’s turn as such: armed beside the turn’s deadline, it fires at once as a bot turn, and the deadline stays', async () => {
    const { timers, close } = timersOn(freshFile());
    const { fired, fire, firings } = recorder();
    const later = Date.now() + 3_600_000;
    const deadline = { matchId: 'm', turn: 5, dueAt: later };
    await timers.schedule(deadline);
    await timers.schedule({ matchId: 'm', turn: 5, dueAt: Date.now(), kind: 'bot' });
    expect(timers.armed()).toEqual([{ matchId: 'm', turn: 5, dueAt: expect.any(Number), kind: 'bot' }, deadline]);
    timers.start(fire);
    await firings(1);
    expect(fired[0]?.timer).toMatchObject({ matchId: 'm', turn: 5, kind: 'bot' });
    await eventually(async () => expect(timers.armed()).toEqual([deadline]));
    await close();
  });

  it('fires a timer again after its handler failed, until it succeeds', async () => {
    const { timers, close } = timersOn(freshFile());
    const { fired, attempts, fire, firings } = recorder((_timer, attempt) => attempt < 3);
    timers.start(fire);
    await timers.schedule({ matchId: 'flaky', turn: 1, dueAt: Date.now() });
    await firings(1);
    expect(attempts.get('flaky')).toBe(3);
    expect(fired).toHaveLength(1);
    await close();
  });

  it('keeps armed timers across a restart and fires every one that fell due meanwhile, once', async () => {
    const path = freshFile();
    const first = timersOn(path);
    const now = Date.now();
    // Never started: as a process killed before its timers came due.
    await first.timers.schedule({ matchId: 'a', turn: 1, dueAt: now - 1_000 });
    await first.timers.schedule({ matchId: 'b', turn: 7, dueAt: now + 20 });
    await first.timers.schedule({ matchId: 'c', turn: 2, dueAt: now + 3_600_000 });
    await first.close();

    const second = timersOn(path);
    const { fired, fire, firings } = recorder();
    second.timers.start(fire);
    await firings(2);
    await eventually(async () => expect(second.timers.armed()).toHaveLength(1));
    expect(fired.map(({ timer }) => timer)).toEqual([
      { matchId: 'a', turn: 1, dueAt: now - 1_000 },
      { matchId: 'b', turn: 7, dueAt: now + 20 },
    ]);
    expect(second.timers.armed()).toEqual([{ matchId: 'c', turn: 2, dueAt: now + 3_600_000 }]);
    await second.close();
  });

  it('fires a warning first, once, then the deadline of the same timer', async () => {
    const { timers, close } = timersOn(freshFile());
    const { fired, fire, firings } = recorder();
    timers.start(fire);
    const now = Date.now();
    const timer = { matchId: 'w', turn: 3, dueAt: now + 60, warnAt: now + 20 };
    await timers.schedule(timer);
    expect(timers.armed()).toEqual([timer]);
    await firings(2);
    // The deadline's firing carries no warning: it has been given.
    expect(fired.map(({ timer }) => timer)).toEqual([
      { ...timer, kind: 'clock_low' },
      { matchId: 'w', turn: 3, dueAt: now + 60 },
    ]);
    expect(fired[0]?.at).toBeGreaterThanOrEqual(timer.warnAt);
    expect(fired[1]?.at).toBeGreaterThanOrEqual(timer.dueAt);
    await eventually(async () => expect(timers.armed()).toEqual([]));
    expect(fired).toHaveLength(2);
    await close();
  });

  it('a warning whose handler fails is not tried again; the deadline still fires', async () => {
    const { timers, close } = timersOn(freshFile());
    const { fired, attempts, fire, firings } = recorder((timer) => timer.kind === 'clock_low');
    timers.start(fire);
    const now = Date.now();
    await timers.schedule({ matchId: 'w', turn: 1, dueAt: now + 40, warnAt: now });
    await firings(1);
    expect(fired.map(({ timer }) => timer)).toEqual([{ matchId: 'w', turn: 1, dueAt: now + 40 }]);
    expect(attempts.get('w')).toBe(2); // the failed warning, then the deadline
    await close();
  });

  it('a pending warning goes with its timer; a warning not before its deadline is dropped', async () => {
    const { timers, close } = timersOn(freshFile());
    const later = Date.now() + 3_600_000;
    const warned = { matchId: 'm', turn: 1, dueAt: later, warnAt: later - 10 };
    await timers.schedule(warned);
    await timers.schedule({ matchId: 'm', turn: 2, dueAt: later + 5 });
    await timers.cancel(warned);
    await timers.schedule({ matchId: 'n', turn: 1, dueAt: later, warnAt: later });
    expect(timers.armed()).toEqual([
      { matchId: 'n', turn: 1, dueAt: later },
      { matchId: 'm', turn: 2, dueAt: later + 5 },
    ]);
    await close();
  });

  it('a timer table keyed by match (one timer each) becomes one keyed by timer, keeping its rows', async () => {
    const path = freshFile();
    const old = openDatabase(path);
    old.exec(`CREATE TABLE turn_timers (match_id TEXT PRIMARY KEY, turn INTEGER NOT NULL, due_at INTEGER NOT NULL,
        warn_at INTEGER) STRICT;
      CREATE INDEX turn_timers_by_next ON turn_timers (coalesce(warn_at, due_at));
      INSERT INTO turn_timers VALUES ('kept', 2, 5000, 4000);`);
    old.close();
    const { timers, close } = timersOn(path);
    expect(timers.armed()).toEqual([{ matchId: 'kept', turn: 2, dueAt: 5000, warnAt: 4000 }]);
    await timers.schedule({ matchId: 'kept', turn: 3, dueAt: 6000 });
    expect(timers.armed()).toHaveLength(2);
    await close();
  });

  it('a timer table from before warnings gains the column and keeps its timers', async () => {
    const path = freshFile();
    const old = openDatabase(path);
    old.exec(`CREATE TABLE turn_timers (match_id TEXT PRIMARY KEY, turn INTEGER NOT NULL, due_at INTEGER NOT NULL) STRICT;
      CREATE INDEX turn_timers_by_due ON turn_timers (due_at);
      INSERT INTO turn_timers VALUES ('old', 4, 1000);`);
    old.close();
    const { timers, close } = timersOn(path);
    expect(timers.armed()).toEqual([{ matchId: 'old', turn: 4, dueAt: 1000 }]);
    const { fired, fire, firings } = recorder();
    timers.start(fire);
    await firings(1);
    expect(fired.map(({ timer }) => timer)).toEqual([{ matchId: 'old', turn: 4, dueAt: 1000 }]);
    await close();
  });
});
