import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TicTacToe } from '../../games/tic-tac-toe.js';
import { connectGame } from '../../src/client/index.js';
import { verifyNoticeWebhook } from '../../src/notify/index.js';
import { stateWhere } from '../client/support/events.js';
import { startTestServer, type TestServer } from '../client/support/server.js';
import { eventually } from '../contracts/eventually.js';
import { type Receiver, startReceiver } from './receiver.js';

/** A rematch asked for while the other player is away: they get a `rematch` notice naming the new match. */
const secret = 'a-webhook-secret-of-at-least-32-bytes!!';
let server: TestServer;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
  server = await startTestServer({ noticeWebhookUrl: receiver.url, noticeWebhookSecret: secret, serveWeb: false });
});
afterAll(async () => {
  await server?.close();
  await receiver?.stop();
});

it('tells the away player of the rematch, signed', async () => {
  const [p, q] = await Promise.all([server.lobby.signIn('pia'), server.lobby.signIn('quin')]);
  const pia = server.lobby.withToken(p.token);
  const quin = server.lobby.withToken(q.token);
  const match = await pia.createMatch({ game: 'tic-tac-toe', join: true });
  await quin.join(match.id);
  const url = server.webSocketUrl;
  const clients = {
    pia: connectGame<TicTacToe>({ url, matchId: match.id, token: p.token }),
    quin: connectGame<TicTacToe>({ url, matchId: match.id, token: q.token }),
  };
  for (const [who, cell] of [
    ['pia', 0],
    ['quin', 3],
    ['pia', 1],
    ['quin', 4],
    ['pia', 2],
  ] as const) {
    await clients[who].move.place({ cell });
  }
  await stateWhere(clients.quin, (state) => state.status === 'finished');
  clients.pia.close();
  clients.quin.close();
  // Away means no connection left: wait until both `$disconnect`s have run.
  await eventually(async () => expect(await server.deps.connections.listByGame(match.id, Date.now())).toEqual([]));

  const before = receiver.received.length;
  const rematch = await quin.rematch(match.id);
  await receiver.waitFor(before + 1);
  const notices = receiver.received
    .slice(before)
    .map(({ body, headers }) => verifyNoticeWebhook({ body, signature: headers['turngate-signature'], secret }));
  expect(notices).toContainEqual({
    ok: true,
    notice: { kind: 'rematch', userId: 'pia', matchId: rematch.id, game: 'tic-tac-toe', version: rematch.version },
  });
});
