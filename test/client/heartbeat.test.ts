import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TicTacToe } from '../../games/tic-tac-toe.js';
import { Heartbeat } from '../../src/client/heartbeat.js';
import { type ConnectionStatus, connectGame, type PageVisibility } from '../../src/client/index.js';
import { nodeSocket } from '../../src/client/node-socket.js';
import { PING_FRAME } from '../../src/protocol/index.js';
import { stateWhere } from './support/events.js';
import { startTestServer, type TestServer } from './support/server.js';

/** A page whose visibility the test sets, as a browser tab is hidden and shown. */
function fakePage() {
  let hidden = false;
  const listeners = new Set<() => void>();
  const page: PageVisibility & { show(): void; hide(): void } = {
    isHidden: () => hidden,
    onVisible(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    hide: () => {
      hidden = true;
    },
    show: () => {
      hidden = false;
      for (const listener of [...listeners]) listener();
    },
  };
  return page;
}

describe('the heartbeat, on its own', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('pings after a silence, never while the client talks, and not from a hidden page', () => {
    const sent: string[] = [];
    const page = fakePage();
    const heartbeat = new Heartbeat({ intervalMs: 1_000, send: (frame) => sent.push(frame), visibility: page });
    heartbeat.start();
    vi.advanceTimersByTime(999);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([PING_FRAME]);
    // A frame the client sends is activity: the next ping waits a whole silence again.
    vi.advanceTimersByTime(600);
    heartbeat.sent();
    vi.advanceTimersByTime(600);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(400);
    expect(sent).toHaveLength(2);
    page.hide();
    vi.advanceTimersByTime(10_000);
    expect(sent).toHaveLength(2);
    heartbeat.stop();
  });
});

/**
 * Through the local runtime, whose gateway closes a socket that has been silent for its idle timeout
 * (here 300 ms, as API Gateway does after 10 minutes): the heartbeat keeps a quiet client's socket
 * open, answered by the `ping` route with a pong and no function run; a hidden page lets it close
 * and reconnects when shown.
 */
describe('the heartbeat against the idle timeout', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ idleTimeoutMs: 300 });
  });
  afterAll(async () => {
    await server?.close();
  });

  const seated = async () => {
    const [a, b] = [await server.lobby.signIn('hal'), await server.lobby.signIn('ida')];
    const match = await server.lobby.withToken(a.token).createMatch({ game: 'tic-tac-toe', join: true });
    await server.lobby.withToken(b.token).join(match.id);
    return { matchId: match.id, token: a.token };
  };

  it('keeps a quiet client’s socket open across many idle timeouts, each ping answered with a pong', async () => {
    const { matchId, token } = await seated();
    const received: string[] = [];
    const statuses: ConnectionStatus[] = [];
    const client = connectGame<TicTacToe>({
      url: server.webSocketUrl,
      matchId,
      token,
      heartbeatMs: 100,
      socket: (request, handlers) =>
        nodeSocket(request, {
          ...handlers,
          onMessage: (text) => {
            received.push(text);
            handlers.onMessage(text);
          },
        }),
    });
    client.on('status', (status) => statuses.push(status));
    try {
      await stateWhere(client, (state) => state.status === 'running');
      // Five idle timeouts' worth of silence from the player.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(statuses).toEqual(['open']);
      expect(received.filter((text) => text === '{"type":"pong"}').length).toBeGreaterThanOrEqual(5);
      await client.move.place({ cell: 4 });
    } finally {
      client.close();
    }
  });

  it('lets a hidden page’s socket close, and reconnects only once the page is shown', async () => {
    const { matchId, token } = await seated();
    const page = fakePage();
    const statuses: ConnectionStatus[] = [];
    const client = connectGame<TicTacToe>({
      url: server.webSocketUrl,
      matchId,
      token,
      heartbeatMs: 100,
      visibility: page,
      backoff: { initialMs: 1, maxMs: 5 },
    });
    client.on('status', (status) => statuses.push(status));
    try {
      await stateWhere(client, (state) => state.status === 'running');
      page.hide();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // Closed by the idle timeout, and not back while hidden.
      expect(statuses).toEqual(['open', 'reconnecting']);
      page.show();
      await stateWhere(client, () => client.status === 'open');
      expect(statuses).toEqual(['open', 'reconnecting', 'open']);
      expect((await client.move.place({ cell: 4 })).seq).toBe(1);
    } finally {
      client.close();
    }
  });
});
