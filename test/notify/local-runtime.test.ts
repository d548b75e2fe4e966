import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TicTacToe } from '../../games/tic-tac-toe.js';
import { connectGame } from '../../src/client/index.js';
import { verifyNoticeWebhook } from '../../src/notify/index.js';
import { stateWhere } from '../client/support/events.js';
import { startTestServer, type TestServer } from '../client/support/server.js';
import { type Receiver, startReceiver } from './receiver.js';

/**
 * The local runtime as a developer runs it, configured by NOTICE_WEBHOOK_URL and
 * NOTICE_WEBHOOK_SECRET (here as options): a real WebSocket client moves, the player who is not
 * connected hears of it, and a hanging receiver does not hold up the ack.
 */
const secret = 'a-webhook-secret-of-at-least-32-bytes!!';
let server: TestServer;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
  server = await startTestServer({ noticeWebhookUrl: receiver.url, noticeWebhookSecret: secret });
});
afterAll(async () => {
  await server?.close();
  await receiver?.stop();
});

it('tells the away player it is their turn, signed, while the mover is answered at once', async () => {
  receiver.answer = () => 'hang';
  const [a, b] = await Promise.all([server.lobby.signIn('nora'), server.lobby.signIn('otto')]);
  const nora = server.lobby.withToken(a.token);
  const match = await nora.createMatch({ game: 'tic-tac-toe' });
  await nora.join(match.id);
  await server.lobby.withToken(b.token).join(match.id);
  // Otto's join starts the match on nora's turn, and nora has no connection yet: she hears of it.
  await receiver.waitFor(1);

  const client = connectGame<TicTacToe>({ url: server.webSocketUrl, matchId: match.id, token: a.token });
  try {
    await stateWhere(client, (state) => state.status === 'running');
    const ack = await client.move.place({ cell: 4 });
    expect(ack).toBeDefined();
    // Acked while both notices' requests are still unanswered.
    await receiver.waitFor(2);
    expect(receiver.held).toBe(2);
    const notices = receiver.received.map(({ body, headers }) =>
      verifyNoticeWebhook({ body, signature: headers['turngate-signature'], secret }),
    );
    const about = { kind: 'your_turn', matchId: match.id, game: 'tic-tac-toe', version: expect.any(Number) };
    expect(notices).toEqual([
      { ok: true, notice: { ...about, userId: 'nora' } },
      { ok: true, notice: { ...about, userId: 'otto' } },
    ]);
  } finally {
    client.close();
    receiver.release();
  }
});
