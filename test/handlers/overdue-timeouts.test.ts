import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fireTurnTimer, type HandlerDeps, SWEEP_GRACE_MS, settleOverdue } from '../../src/handlers/index.js';
import { type Scheduler, StoreError, type TurnTimer } from '../../src/ports/index.js';
import { type Harness, openMatch, Player, pump, startHarness } from './support/harness.js';
import { ManualClock, RecordingScheduler } from './support/timers.js';

/**
 * The deadline sweep (src/handlers/overdue-timeouts.ts) through the real handlers and the DynamoDB
 * adapters on dynalite, in both ordering modes: a timed match whose timer was lost, or whose every
 * fire failed, still ends, its players told, on the sweep's next run after the grace.
 */
describe.each(['fifo', 'direct'] as const)('the deadline sweep (%s)', (ordering) => {
  let harness: Harness;
  const clock = new ManualClock(Date.now());
  const scheduler = new RecordingScheduler();
  beforeAll(async () => {
    harness = await startHarness('dynalite', { ordering, clock, scheduler: scheduler as Scheduler });
  });
  afterAll(() => harness?.stop());

  const sweep = async (deps: HandlerDeps = harness.deps) => {
    const outcome = await settleOverdue(deps, { now: clock.now(), deadline: clock.now() + 40_000 });
    await pump(harness);
    return outcome;
  };

  async function timedMatch() {
    clock.time += 10_000_000;
    const start = clock.time;
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob'], { timeControl: { turnMs: 30_000 } });
    const alice = new Player(harness, 'alice');
    const bob = new Player(harness, 'bob');
    await alice.connect(id);
    await bob.connect(id);
    return { id, alice, bob, start };
  }

  it('leaves a match alone before its deadline, and within the grace after it (its timer may still fire)', async () => {
    const { id, start } = await timedMatch();
    clock.time = start + 30_000 + SWEEP_GRACE_MS - 1;
    await sweep();
    expect((await harness.deps.matches.get(id))?.match.status).toBe('running');
  });

  it('a lost timer: ends the match once the grace is over, and every player hears it', async () => {
    const { id, alice, bob, start } = await timedMatch();
    scheduler.armed.delete(id); // never to fire
    clock.time = start + 30_000 + SWEEP_GRACE_MS;
    expect((await sweep()).changed).toBeGreaterThanOrEqual(1);
    for (const player of [alice, bob]) {
      expect(player.last()).toMatchObject({
        type: 'state',
        status: 'finished',
        result: { winners: ['bob'] },
        timeout: { player: 'alice', turn: 1, outcome: { kind: 'lost' } },
      });
    }
    const log = await harness.deps.matches.moveLog(id);
    expect(log?.moves.map((entry) => [entry.moveId, entry.player])).toEqual([['timeout:1', 'alice']]);
    // Ended: the next sweep finds nothing to do for it, and its index entry is gone.
    const states = alice.messages().length;
    clock.time += 60_000;
    await sweep();
    expect(alice.messages()).toHaveLength(states);
  });

  it('a timer whose every fire fails: the sweep ends the match all the same', async () => {
    const { id, alice, start } = await timedMatch();
    const timer = scheduler.timerOf(id) as TurnTimer;
    clock.time = timer.dueAt;
    // The timer's fires fail (a store that refuses them, say); on AWS, Lambda retries twice and gives up.
    const down = () => Promise.reject(new StoreError('store down', { transient: true }));
    const failing: HandlerDeps = {
      ...harness.deps,
      matches: { ...harness.deps.matches, get: down },
      ...(harness.deps.queue ? { queue: { send: down } } : {}),
    };
    for (let fire = 1; fire <= 3; fire++) await expect(fireTurnTimer(failing, timer)).rejects.toThrow('store down');
    await pump(harness);
    expect((await harness.deps.matches.get(id))?.match.status).toBe('running');
    clock.time = start + 30_000 + SWEEP_GRACE_MS;
    await sweep();
    expect(alice.last()).toMatchObject({ type: 'state', status: 'finished', result: { winners: ['bob'] } });
  });

  it('a match still in play is deferred to its real deadline, and ends on time when that passes', async () => {
    const { id, alice, start } = await timedMatch();
    clock.time = start + 10_000;
    await alice.move('a1', 'place', { cell: 4 }); // bob's turn: his deadline is start + 40 s
    scheduler.armed.delete(id);
    clock.time = start + 30_000 + SWEEP_GRACE_MS; // past the first turn's deadline, not bob's + grace
    await sweep();
    expect((await harness.deps.matches.get(id))?.match.status).toBe('running');
    clock.time = start + 40_000 + SWEEP_GRACE_MS;
    await sweep();
    expect(alice.last()).toMatchObject({ type: 'state', status: 'finished', result: { winners: ['alice'] } });
  });
});
