import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleGames } from '../../games/index.js';
import type { LiarsDiceState } from '../../games/liars-dice.js';
import type { TimeControl } from '../../src/engine/index.js';
import { settleTimers } from '../../src/handlers/arm-turn-timer.js';
import { fireTurnTimer, type OrderingMode } from '../../src/handlers/index.js';
import type { TurnTimer } from '../../src/ports/index.js';
import type { StateMessage } from '../../src/protocol/index.js';
import { simultaneous, timedCounter } from '../engine/clock-games.js';
import { type Harness, openMatch, Player, pump, startHarness } from './support/harness.js';
import { ManualClock, RecordingScheduler } from './support/timers.js';

const states = (player: Player): StateMessage[] =>
  player.messages().filter((message): message is StateMessage => message.type === 'state');

/**
 * Timeouts through the real handlers on the AWS adapters (dynalite, SQS FIFO on local-aws-sqs, the
 * Management API fan-out), in both ordering modes: the timer's firing is driven by the test.
 */
describe.each(['fifo', 'direct'] as const satisfies readonly OrderingMode[])('turn timeouts (%s)', (ordering) => {
  const T0 = Date.now();
  const clock = new ManualClock(T0);
  const scheduler = new RecordingScheduler();
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness('dynalite', {
      ordering,
      clock,
      scheduler,
      games: [...exampleGames, timedCounter(), simultaneous({ bankMs: 10_000 }, { lose: true })],
    });
  });
  afterAll(() => harness?.stop());

  /** The timer fires: the handler is called, and in fifo mode the consumer runs the queue. */
  const fire = async (timer: TurnTimer) => {
    await fireTurnTimer(harness.deps, timer);
    await pump(harness);
  };

  async function timedMatch(game: string, turnMs: number, timeControl: TimeControl = { turnMs }) {
    clock.time += 1_000_000;
    const start = clock.time;
    const id = await openMatch(harness, game, ['alice', 'bob'], { timeControl });
    const alice = new Player(harness, 'alice');
    const bob = new Player(harness, 'bob');
    await alice.connect(id);
    await bob.connect(id);
    return { id, alice, bob, start };
  }

  it('arms the first turn when the match starts, and a timeout ends it once: the loser is told why', async () => {
    const { id, alice, bob, start } = await timedMatch('tic-tac-toe', 5_000);
    const timer = scheduler.timerOf(id);
    expect(timer).toEqual({ matchId: id, turn: 1, dueAt: start + 5_000 });

    clock.time = timer.dueAt;
    await fire(timer);
    for (const player of [alice, bob]) {
      expect(states(player)).toHaveLength(1);
      expect(player.last()).toMatchObject({
        type: 'state',
        status: 'finished',
        result: { winners: ['bob'] },
        clock: { deadline: null, control: { turnMs: 5_000 } },
        timeout: { player: 'alice', turn: 1, outcome: { kind: 'lost' } },
      });
    }
    expect(scheduler.cancelled).toContain(id);
    const log = await harness.deps.matches.moveLog(id);
    expect(log?.moves).toEqual([
      {
        version: expect.any(Number),
        player: 'alice',
        seq: 0,
        moveId: 'timeout:1',
        move: '$lost',
        args: null,
        at: timer.dueAt,
        // The fingerprint of the match the timeout produced, for replays (README "Replay").
        hash: expect.stringMatching(/^[\w-]{16}$/),
      },
    ]);

    // Fired again (an at-least-once scheduler): the timeout is the match's latest step, so its work
    // is done again (whoever wrote it may have died before the fan-out): the same state, nothing
    // written. A move that comes too late writes nothing either.
    const version = (await harness.deps.matches.get(id))?.match.version;
    clock.time += 1; // a later firing: the same firing's message SQS FIFO would drop as a duplicate
    await fire(timer);
    expect(states(bob)).toHaveLength(2);
    const { clock: _sent, ...again } = states(bob)[1] as Record<string, unknown>;
    const { clock: _first, ...first } = states(bob)[0] as Record<string, unknown>;
    expect(again).toEqual(first); // the same state; only the clock's `now` says when it was sent
    await alice.move('a1', 'place', { cell: 4 });
    expect(alice.last()).toMatchObject({ type: 'error', code: 'game_not_running', id: 'a1' });
    expect(states(bob)).toHaveLength(2);
    const after = await harness.deps.matches.get(id);
    expect(after?.match.version).toBe(version);
    expect((await harness.deps.matches.moveLog(id))?.moves).toHaveLength(1);
  });

  it('two players act at once: the one who runs out is named, the other’s bank is untouched', async () => {
    const { id, alice, bob, start } = await timedMatch('simultaneous', 0, { bankMs: 10_000 });
    expect((await harness.deps.matches.get(id))?.match.activePlayers).toEqual(['alice', 'bob']);
    clock.time = start + 4_000;
    await alice.move('a1', 'tick', {});
    expect(alice.last()).toMatchObject({ type: 'state', activePlayers: ['bob'], clock: { banks: [6_000, 10_000] } });
    // The match's one timer is Bob's deadline, the only clock still running.
    const timer = scheduler.timerOf(id);
    expect(timer).toMatchObject({ dueAt: start + 10_000 });

    clock.time = start + 10_000;
    await fire(timer);
    for (const player of [alice, bob]) {
      expect(player.last()).toMatchObject({
        type: 'state',
        status: 'finished',
        result: { winners: ['alice'] },
        left: ['bob'],
        clock: { banks: [6_000, 0] },
        timeout: { player: 'bob', outcome: { kind: 'lost' } },
      });
    }
  });

  it('a move just before the deadline wins the race: the timer that fires after it changes nothing', async () => {
    const { id, alice, bob, start } = await timedMatch('tic-tac-toe', 5_000);
    const timer = scheduler.timerOf(id);
    clock.time = start + 4_999;
    await alice.move('a1', 'place', { cell: 4 });
    expect(alice.last()).toMatchObject({ type: 'state', turn: 2, currentPlayer: 'bob', ack: { id: 'a1' } });
    expect(scheduler.timerOf(id)).toEqual({ matchId: id, turn: 2, dueAt: start + 4_999 + 5_000 });

    clock.time = start + 5_000;
    const before = await harness.deps.matches.get(id);
    await fire(timer);
    expect(await harness.deps.matches.get(id)).toEqual(before);
    expect(states(bob)).toHaveLength(1);
  });

  it('a timer first, then the move: the timeout applies, the move is refused, once each', async () => {
    const { id, alice, bob, start } = await timedMatch('liars-dice', 5_000);
    const timer = scheduler.timerOf(id);
    clock.time = start + 5_000;
    await fire(timer);
    await alice.move('a1', 'bid', { quantity: 2, face: 3 });
    expect(alice.last()).toMatchObject({ type: 'error', code: 'not_your_turn', id: 'a1' });

    const stored = await harness.deps.matches.get(id);
    expect(stored?.match).toMatchObject({ turn: 2, currentPlayer: 'bob' });
    const bid = (stored?.match.state as LiarsDiceState | undefined)?.bid;
    expect(bid).toMatchObject({ bidder: 'alice', quantity: 1 });
    for (const player of [alice, bob]) {
      expect(states(player).at(-1)).toMatchObject({
        turn: 2,
        currentPlayer: 'bob',
        clock: { deadline: start + 10_000 },
        timeout: {
          player: 'alice',
          turn: 1,
          outcome: { kind: 'move', move: 'bid', args: { quantity: 1, face: bid?.face } },
        },
      });
    }
    expect(scheduler.timerOf(id)).toEqual({ matchId: id, turn: 2, dueAt: start + 10_000 });
  });

  it('a late move is refused time_up while the timer is still to fire, and arms it again', async () => {
    const { id, alice, start } = await timedMatch('tic-tac-toe', 5_000);
    scheduler.armed.delete(id); // as if the arming had been lost in a crash
    clock.time = start + 6_000;
    await alice.move('a1', 'place', { cell: 4 });
    expect(alice.last()).toMatchObject({ type: 'error', code: 'time_up', id: 'a1' });
    expect(scheduler.timerOf(id)).toEqual({ matchId: id, turn: 1, dueAt: start + 5_000 });
  });

  it('a timer that fires early changes nothing and is armed again', async () => {
    const { id, start } = await timedMatch('tic-tac-toe', 5_000);
    const timer = scheduler.timerOf(id);
    scheduler.armed.delete(id);
    clock.time = start + 4_000;
    const before = await harness.deps.matches.get(id);
    await fire(timer);
    expect(await harness.deps.matches.get(id)).toEqual(before);
    expect(scheduler.timerOf(id)).toEqual(timer);
  });

  it('a start written after its own deadline arms the turn again: the timer armed before it fired into the waiting match', async () => {
    const { id, alice } = await timedMatch('tic-tac-toe', 5_000);
    const timer = scheduler.timerOf(id);
    const started = await harness.deps.matches.get(id);
    if (started === undefined) throw new Error('the match is gone');
    // The timer armed ahead of the start fired while the start's write was on its way (slower than the
    // turn): it read the waiting match, found nothing due, and is gone. Then the write's work runs.
    scheduler.armed.delete(id);
    clock.time = timer.dueAt + 1;
    await settleTimers(harness.deps, started, { ...started.match, status: 'waiting' });
    expect(scheduler.timerOf(id)).toEqual(timer);
    await fire(scheduler.timerOf(id));
    expect(alice.last()).toMatchObject({ status: 'finished', timeout: { player: 'alice', turn: 1 } });
  });

  it('after the match finished, a timer changes nothing', async () => {
    const { id, alice, bob, start } = await timedMatch('tic-tac-toe', 5_000);
    clock.time = start + 100;
    for (const [player, moveId, cell] of [
      [alice, 'a1', 0],
      [bob, 'b1', 3],
      [alice, 'a2', 1],
      [bob, 'b2', 4],
      [alice, 'a3', 2],
    ] as const) {
      await player.move(moveId, 'place', { cell });
    }
    const finished = await harness.deps.matches.get(id);
    expect(finished?.match).toMatchObject({ status: 'finished', result: { winners: ['alice'] } });
    expect(scheduler.cancelled).toContain(id);
    clock.time = start + 60_000;
    for (let turn = 1; turn <= 6; turn++) await fire({ matchId: id, turn, dueAt: start + 5_000 });
    expect(await harness.deps.matches.get(id)).toEqual(finished);
  });

  it('runs a chess clock through the stores and the wire: banks charged on the mover’s turn only', async () => {
    const control = { bankMs: 10_000, incrementMs: 1_000 };
    const { id, alice, bob, start } = await timedMatch('timed-counter', 0, control);
    // A 10 s turn is long enough for a clock_low warning, 5 s before (arm-turn-timer.ts); a 7 s one is not.
    expect(scheduler.timerOf(id)).toEqual({ matchId: id, turn: 1, dueAt: start + 10_000, warnAt: start + 5_000 });
    clock.time = start + 4_000;
    await alice.move('a1', 'add', { n: 1 });
    expect(bob.last()).toMatchObject({
      clock: { banks: [7_000, 10_000], deadline: start + 14_000, now: start + 4_000 },
    });
    clock.time = start + 6_000;
    await bob.move('b1', 'add', { n: 2 });
    expect(alice.last()).toMatchObject({ clock: { banks: [7_000, 9_000], deadline: start + 13_000 } });

    // Alice's bank runs out: the rules add 1 or 2 for her, with no increment; her bank stays at zero.
    const timer = scheduler.timerOf(id);
    expect(timer).toEqual({ matchId: id, turn: 3, dueAt: start + 13_000 });
    clock.time = timer.dueAt + 250;
    await fire(timer);
    expect(bob.last()).toMatchObject({
      turn: 4,
      currentPlayer: 'bob',
      clock: { banks: [0, 9_000], deadline: start + 13_250 + 9_000 },
      timeout: { player: 'alice', turn: 3, outcome: { kind: 'move', move: 'add' } },
    });
    expect((await harness.deps.matches.get(id))?.match.clock?.banks).toEqual([0, 9_000]);
  });
});
