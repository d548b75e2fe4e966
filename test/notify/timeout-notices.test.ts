import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exampleGames } from '../../games/index.js';
import { TURN_TIMER_ENV } from '../../src/aws/eventbridge-scheduler.js';
import { createTurnTimerHandler } from '../../src/aws/turn-timer-handler.js';
import { fireTurnTimer } from '../../src/handlers/index.js';
import { createWebhookNotifier, verifyNoticeWebhook, type WebhookNotifier } from '../../src/notify/index.js';
import { silentLogger } from '../../src/ports/index.js';
import { disconnectEvent } from '../handlers/support/events.js';
import { type Harness, openMatch, Player, pump, startHarness } from '../handlers/support/harness.js';
import { ManualClock, RecordingScheduler } from '../handlers/support/timers.js';
import { type Receiver, startReceiver } from './receiver.js';

const secret = 'a-webhook-secret-of-at-least-32-bytes!!';

/**
 * A settled timeout passes the turn or ends the match just as a move does, so the players who are
 * away hear of it the same way: through the real handlers, stores and fan-out, to a webhook receiver
 * on loopback, in both ordering modes.
 */
describe.each(['fifo', 'direct'] as const)('notices after a timeout (%s)', (ordering) => {
  const clock = new ManualClock(Date.now());
  const scheduler = new RecordingScheduler();
  let harness: Harness;
  let receiver: Receiver;
  let notifier: WebhookNotifier;

  beforeAll(async () => {
    receiver = await startReceiver();
    notifier = createWebhookNotifier({ url: receiver.url, secret, logger: silentLogger });
    harness = await startHarness('dynalite', { ordering, clock, scheduler, games: exampleGames });
    Object.assign(harness.deps, { notifier });
  });
  afterAll(async () => {
    notifier.close();
    await Promise.all([harness.stop(), receiver.stop()]);
  });
  beforeEach(() => {
    receiver.received.length = 0;
  });

  const noticesReceived = () =>
    receiver.received.map(({ body, headers }) => {
      const verified = verifyNoticeWebhook({ body, signature: headers['turngate-signature'], secret });
      if (!verified.ok) throw new Error(`badly signed notice: ${verified.reason}`);
      return verified.notice;
    });

  /** A timed match where alice (first to move) is connected and bob is away; the receiver starts empty. */
  async function timedMatch(game: string, turnMs = 5_000) {
    clock.time += 1_000_000;
    const start = clock.time;
    const id = await openMatch(harness, game, ['alice', 'bob'], { timeControl: { turnMs } });
    const alice = new Player(harness, 'alice');
    await alice.connect(id);
    await notifier.idle();
    receiver.received.length = 0;
    return { id, alice, start };
  }

  const fireDueTimer = async (id: string) => {
    const timer = scheduler.timerOf(id);
    clock.time = timer.dueAt;
    await fireTurnTimer(harness.deps, timer);
    await pump(harness);
    await notifier.idle();
  };

  it('the turn a timeout passes to an away player: one your_turn notice, with the new deadline', async () => {
    const { id, alice, start } = await timedMatch('liars-dice');
    await fireDueTimer(id);
    expect(alice.last()).toMatchObject({ type: 'state', currentPlayer: 'bob', timeout: { player: 'alice' } });
    expect(noticesReceived()).toEqual([
      expect.objectContaining({ kind: 'your_turn', userId: 'bob', matchId: id, deadline: start + 10_000 }),
    ]);

    // The same timer fired again changes nothing. The timeout being the match's latest step, its work
    // is done again (the first fire may have died before its notices): the very same notice, which a
    // receiver dedupes on (user, match, kind, version). Once the match moves on, a fire tells nobody.
    clock.time += 1; // a later firing: the same firing's message SQS FIFO would drop as a duplicate
    await fireTurnTimer(harness.deps, { matchId: id, turn: 1, dueAt: start + 5_000 });
    await pump(harness);
    await notifier.idle();
    expect(noticesReceived()).toHaveLength(2);
    expect(noticesReceived()[1]).toEqual(noticesReceived()[0]);
  });

  it('a timeout that ends the match: the away player hears it finished, the connected one does not', async () => {
    const { id, alice } = await timedMatch('tic-tac-toe');
    await fireDueTimer(id);
    expect(alice.last()).toMatchObject({ type: 'state', status: 'finished', result: { winners: ['bob'] } });
    expect(noticesReceived()).toEqual([
      expect.objectContaining({ kind: 'match_finished', userId: 'bob', matchId: id }),
    ]);
  });

  it('clock_low: one warning to the away player before the deadline, none once the turn moved on', async () => {
    clock.time += 1_000_000;
    const start = clock.time;
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob'], { timeControl: { turnMs: 60_000 } });
    const alice = new Player(harness, 'alice');
    await alice.connect(id);
    clock.time = start + 1_000;
    await alice.move('a1', 'place', { cell: 0 }); // bob, away, is to move
    await notifier.idle();
    receiver.received.length = 0;

    // The turn's timer carries its warning, a fifth of the turn before the deadline.
    const timer = scheduler.timerOf(id);
    expect(timer).toEqual({ matchId: id, turn: 2, dueAt: start + 61_000, warnAt: start + 49_000 });
    clock.time = start + 49_000;
    const before = await harness.deps.matches.get(id);
    await fireTurnTimer(harness.deps, { ...timer, kind: 'clock_low' });
    await pump(harness);
    await notifier.idle();
    expect(noticesReceived()).toEqual([
      {
        kind: 'clock_low',
        userId: 'bob',
        matchId: id,
        game: 'tic-tac-toe',
        version: before?.match.version,
        deadline: start + 61_000,
      },
    ]);
    // A warning writes nothing and tells the connected player nothing.
    expect(await harness.deps.matches.get(id)).toEqual(before);
    expect(alice.last()).toMatchObject({ ack: { id: 'a1' } });

    // Bob comes back: a repeated warning finds him connected. He moves: a stale one finds the turn gone.
    const bob = new Player(harness, 'bob');
    await bob.connect(id);
    await fireTurnTimer(harness.deps, { ...timer, kind: 'clock_low' });
    await bob.move('b1', 'place', { cell: 4 });
    await harness.handlers.disconnect(disconnectEvent(bob.connectionId));
    await fireTurnTimer(harness.deps, { ...timer, kind: 'clock_low' });
    await notifier.idle();
    expect(noticesReceived()).toHaveLength(1);
  });

  it('on AWS, the turn-timer function gives the warning, then arms the deadline it stood in for', async () => {
    const { id, alice } = await timedMatch('tic-tac-toe', 60_000);
    clock.time += 1_000;
    await alice.move('a1', 'place', { cell: 0 }); // bob, away, is to move
    await notifier.idle();
    receiver.received.length = 0;
    const timer = scheduler.timerOf(id);
    const warning = { ...timer, kind: 'clock_low' as const };
    clock.time = timer.warnAt ?? timer.dueAt;

    const handler = createTurnTimerHandler(() => harness.deps);
    const context = { invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:turn-timer' };
    const armedBefore = process.env[TURN_TIMER_ENV.functionArn];
    try {
      await handler(warning, context as Context);
    } finally {
      if (armedBefore === undefined) delete process.env[TURN_TIMER_ENV.functionArn];
    }
    await notifier.idle();
    expect(noticesReceived()).toEqual([expect.objectContaining({ kind: 'clock_low', userId: 'bob', matchId: id })]);
    expect(scheduler.warnings).toEqual([warning]);
  });
});
