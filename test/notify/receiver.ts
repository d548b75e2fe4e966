import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A webhook receiver on loopback. `answer` decides each request's fate: a status to answer with, or
 * 'hang' to hold the response until `release()` (or `stop()`).
 */
export interface Receiver {
  readonly url: string;
  readonly received: ReceivedRequest[];
  answer: (request: ReceivedRequest, index: number) => number | 'hang';
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number): Promise<void>;
  /** Answers every held request with `status`. */
  release(status?: number): void;
  readonly held: number;
  stop(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const held: ServerResponse[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  const receiver: Receiver = {
    url: '',
    received,
    answer: () => 204,
    waitFor: (count) =>
      new Promise((resolve) => {
        if (received.length >= count) resolve();
        else waiting.push({ count, resolve });
      }),
    release(status = 204) {
      for (const response of held.splice(0)) response.writeHead(status).end();
    },
    get held() {
      return held.length;
    },
    stop: async () => {
      receiver.release();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      const fate = receiver.answer(entry, received.length - 1);
      if (fate === 'hang') held.push(response);
      else response.writeHead(fate).end();
      for (const waiter of waiting.filter((candidate) => received.length >= candidate.count)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(receiver, { url: `http://127.0.0.1:${port}/hooks/turngate` });
  return receiver;
}
