import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookNotifier, verifyNoticeWebhook, type WebhookNotifier } from '../../src/notify/index.js';
import { silentLogger } from '../../src/ports/index.js';
import { disconnectEvent } from '../handlers/support/events.js';
import { type Harness, openMatch, Player, startHarness } from '../handlers/support/harness.js';
import { type Receiver, startReceiver } from './receiver.js';

const secret = 'a-webhook-secret-of-at-least-32-bytes!!';

/**
 * The away-player half of issue 14 through the real handlers, stores and fan-out: a webhook receiver
 * on loopback hears of every turn that passes to a player without a live connection, and never of
 * one who is connected; a receiver that hangs does not hold up a move's ack.
 */
describe.each(['fifo', 'direct'] as const)('notices to away players (%s)', (ordering) => {
  let harness: Harness;
  let receiver: Receiver;
  let notifier: WebhookNotifier;

  beforeAll(async () => {
    receiver = await startReceiver();
    notifier = createWebhookNotifier({ url: receiver.url, secret, logger: silentLogger });
    harness = await startHarness('dynalite', { ordering });
    Object.assign(harness.deps, { notifier });
  });
  afterAll(async () => {
    notifier.close();
    await Promise.all([harness.stop(), receiver.stop()]);
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.answer = () => 204;
  });

  const noticesReceived = () =>
    receiver.received.map(({ body, headers }) => {
      const verified = verifyNoticeWebhook({ body, signature: headers['turngate-signature'], secret });
      if (!verified.ok) throw new Error(`badly signed notice: ${verified.reason}`);
      return verified.notice;
    });

  it('one signed notice per turn change for the away player, none for the connected one', async () => {
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob']);
    const alice = new Player(harness, 'alice');
    await alice.connect(id); // bob stays away
    await notifier.idle();
    receiver.received.length = 0;

    await alice.move('a1', 'place', { cell: 0 });
    await notifier.idle();
    expect(noticesReceived()).toEqual([
      expect.objectContaining({ kind: 'your_turn', userId: 'bob', matchId: id, game: 'tic-tac-toe' }),
    ]);

    // Bob comes back and moves: the turn passes to alice, who is connected, so nobody is told.
    const bob = new Player(harness, 'bob');
    await bob.connect(id);
    await bob.move('b1', 'place', { cell: 4 });
    await alice.move('a2', 'place', { cell: 1 });
    await notifier.idle();
    expect(noticesReceived()).toHaveLength(1);
  });

  it('a hanging receiver does not hold up the move: the ack arrives while it still hangs', async () => {
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob']);
    const alice = new Player(harness, 'alice');
    await alice.connect(id);
    await notifier.idle();
    receiver.received.length = 0;
    receiver.answer = () => 'hang';

    await alice.move('a1', 'place', { cell: 0 });
    // The move has been settled and answered...
    expect(alice.last()).toMatchObject({ type: 'state', ack: { id: 'a1' } });
    // ...and the notice is out, its request still unanswered.
    await receiver.waitFor(1);
    expect(receiver.held).toBe(1);
    expect(noticesReceived()).toEqual([expect.objectContaining({ kind: 'your_turn', userId: 'bob' })]);
    receiver.release();
    await notifier.idle();
  });

  it('the end of the match reaches every away player', async () => {
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob']);
    const alice = new Player(harness, 'alice');
    const bob = new Player(harness, 'bob');
    await alice.connect(id);
    await bob.connect(id);
    for (const [player, cell] of [
      [alice, 0],
      [bob, 3],
      [alice, 1],
      [bob, 4],
    ] as const) {
      await player.move(`m${cell}`, 'place', { cell });
    }
    await harness.handlers.disconnect(disconnectEvent(bob.connectionId));
    await notifier.idle();
    receiver.received.length = 0;
    await alice.move('a-win', 'place', { cell: 2 });
    await notifier.idle();
    expect(noticesReceived()).toEqual([
      expect.objectContaining({ kind: 'match_finished', userId: 'bob', matchId: id }),
    ]);
  });
});
