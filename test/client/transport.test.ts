import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { TicTacToe } from '../../games/tic-tac-toe.js';
import { connectGame, createBackoff } from '../../src/client/index.js';
import { nextEvent } from './support/events.js';

/** A bare `ws` server that records each upgrade request: what the SDK puts on the wire, and nothing else. */
describe('the Node transport', () => {
  let server: WebSocketServer;
  const upgrades: IncomingMessage[] = [];
  const frames: string[] = [];
  beforeAll(async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server.on('connection', (socket, request) => {
      upgrades.push(request);
      socket.on('message', (data) => frames.push(data.toString()));
    });
    await new Promise((resolve) => server.once('listening', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the token in the Auth header, never in the URL, then asks for a sync', async () => {
    const { port } = server.address() as AddressInfo;
    const client = connectGame<TicTacToe>({ url: `ws://127.0.0.1:${port}/local`, matchId: 'm 1', token: 'secret.jwt' });
    await nextEvent(client, 'status', (status) => status === 'open');
    while (frames.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    client.close();

    const request = upgrades[0];
    expect(request?.headers.auth).toBe('secret.jwt');
    const url = new URL(request?.url ?? '', 'http://localhost');
    expect(url.pathname).toBe('/local');
    expect([...url.searchParams]).toEqual([['game', 'm 1']]);
    expect(JSON.parse(frames[0] ?? '')).toEqual({ action: 'sync' });
  });
});

describe('createBackoff', () => {
  it('draws each delay below a ceiling that doubles up to the maximum, and starts over on reset', () => {
    const ceilings = (random: () => number, count: number) => {
      const backoff = createBackoff({ initialMs: 100, maxMs: 1_000 }, random);
      return Array.from({ length: count }, () => backoff.next());
    };
    expect(ceilings(() => 0.999_999, 6)).toEqual([99, 199, 399, 799, 999, 999]);
    expect(ceilings(() => 0, 3)).toEqual([0, 0, 0]);

    const backoff = createBackoff({ initialMs: 100, maxMs: 1_000 }, () => 0.5);
    expect([backoff.next(), backoff.next()]).toEqual([50, 100]);
    backoff.reset();
    expect(backoff.next()).toBe(50);
  });
});
