import WebSocket from 'ws';
import type { ServerMessage } from '../../src/protocol/index.js';

/** Lobby calls over real HTTP, as the web UI and the SDK make them. */
export async function api<T = Record<string, unknown>>(
  baseUrl: string,
  path: string,
  options: { method?: string; token?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

export async function signIn(baseUrl: string, name: string): Promise<string> {
  const { status, body } = await api<{ token: string }>(baseUrl, '/api/dev/sign-in', { body: { name } });
  if (status !== 200) throw new Error(`sign-in failed: ${status}`);
  return body.token;
}

/** A running match with these players seated (a full table starts it). */
export async function runningMatch(baseUrl: string, game: string, tokens: readonly string[]): Promise<string> {
  const created = await api<{ match: { id: string } }>(baseUrl, '/api/matches', { token: tokens[0], body: { game } });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  for (const token of tokens) {
    const joined = await api(baseUrl, `/api/matches/${created.body.match.id}/join`, { token, body: {} });
    if (joined.status !== 200) throw new Error(`join failed: ${joined.status} ${JSON.stringify(joined.body)}`);
  }
  return created.body.match.id;
}

export type Refusal = { readonly refused: true; readonly status: number; readonly body: string };

/**
 * A scripted player on a real `ws` socket: keeps every message, and lets a script wait for the next
 * one that matches (in arrival order, each message consumed once).
 */
export class ScriptedClient {
  readonly received: ServerMessage[] = [];
  private cursor = 0;
  private waiters: Array<() => void> = [];
  closeCode: number | undefined;
  private readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.received.push(JSON.parse(String(data)) as ServerMessage);
      this.wake();
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code) => {
        this.closeCode = code;
        this.wake();
        resolve(code);
      }),
    );
  }

  static async connect(
    wsUrl: string,
    options: { game: string; token?: string; via?: 'header' | 'query' },
  ): Promise<ScriptedClient> {
    const outcome = await ScriptedClient.open(wsUrl, options);
    if ('refused' in outcome) throw new Error(`refused with ${outcome.status}: ${outcome.body}`);
    return outcome;
  }

  /** Opens a socket, or reports the HTTP refusal the upgrade got instead. */
  static open(
    wsUrl: string,
    { game, token, via = 'header' }: { game: string; token?: string; via?: 'header' | 'query' },
  ): Promise<ScriptedClient | Refusal> {
    const query = new URLSearchParams({ game, ...(token && via === 'query' ? { token } : {}) });
    const headers = token && via === 'header' ? { Auth: token } : undefined;
    const socket = new WebSocket(`${wsUrl}/?${query}`, headers ? { headers } : {});
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new ScriptedClient(socket)));
      socket.once('unexpected-response', (_request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on('end', () => resolve({ refused: true, status: response.statusCode ?? 0, body }));
      });
      socket.once('error', reject);
    });
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next unread message that matches, waiting for it if need be. */
  async next(matches: (message: ServerMessage) => boolean = () => true, what = 'a message'): Promise<ServerMessage> {
    for (;;) {
      while (this.cursor < this.received.length) {
        const message = this.received[this.cursor++] as ServerMessage;
        if (matches(message)) return message;
      }
      if (this.closeCode !== undefined) throw new Error(`socket closed (${this.closeCode}) while waiting for ${what}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async close(): Promise<number> {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000);
    return this.closed;
  }

  waitClosed(): Promise<number> {
    return this.closed;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
