import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/** SQS FIFO remembers a deduplication id this long, whether or not its message was deleted meanwhile. */
export const DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;

type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

interface Remembered {
  readonly messageId: string;
  readonly sequenceNumber: string | undefined;
  readonly expiresAt: number;
}

/**
 * local-aws-sqs (a third-party SQS in Node) deduplicates a FIFO message only against the messages it
 * still holds: once a message is deleted, its id is forgotten and a resend with the same id is a new
 * message. SQS keeps the id for five minutes, deleted or not, and that is what the move queue's
 * exactly-once story (a resend within five minutes is dropped before the consumer sees it) and the
 * crash tests rely on. So its request handler is wrapped: a FIFO SendMessage or SendMessageBatch
 * entry whose (queue, deduplication id) was accepted within the window is answered as SQS answers a
 * duplicate (success, the first message's id) and never reaches the engine. The JSON protocol only,
 * which is what the SDK speaks; anything else passes through untouched.
 */
export function withFifoDeduplication(handler: RequestHandler, now: () => number = Date.now): RequestHandler {
  const remembered = new Map<string, Remembered>();
  const forgetExpired = () => {
    const at = now();
    for (const [key, entry] of remembered) if (entry.expiresAt <= at) remembered.delete(key);
  };

  return (request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const action = target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : undefined;
    if (request.method !== 'POST' || (action !== 'SendMessage' && action !== 'SendMessageBatch')) {
      handler(request, response);
      return;
    }
    readBody(request).then(
      (body) => {
        forgetExpired();
        const parsed = parseJson(body);
        const queue = typeof parsed?.QueueUrl === 'string' ? parsed.QueueUrl : '';
        const keyOf = (entry: Record<string, unknown>) =>
          typeof entry.MessageDeduplicationId === 'string' && typeof entry.MessageGroupId === 'string'
            ? `${queue}\u0000${entry.MessageDeduplicationId}`
            : undefined;
        if (action === 'SendMessage' && parsed) {
          const key = keyOf(parsed);
          const seen = key === undefined ? undefined : remembered.get(key);
          if (seen) return answer(response, duplicateAnswer(seen, parsed));
          return pass(handler, request, body, response, (output) => {
            if (key !== undefined && typeof output.MessageId === 'string') remember(key, output, output.MessageId);
            return output;
          });
        }
        // A batch: entries that repeat an id are answered here; the rest go to the engine as one batch.
        const entries = Array.isArray(parsed?.Entries) ? (parsed.Entries as Record<string, unknown>[]) : [];
        const repeats: Record<string, unknown>[] = [];
        const fresh = entries.filter((entry) => {
          const key = keyOf(entry);
          const seen = key === undefined ? undefined : remembered.get(key);
          if (seen) repeats.push({ Id: entry.Id, ...duplicateAnswer(seen, entry) });
          return seen === undefined;
        });
        if (entries.length > 0 && fresh.length === 0) return answer(response, { Successful: repeats });
        const rewritten = repeats.length === 0 ? body : JSON.stringify({ ...parsed, Entries: fresh });
        return pass(handler, request, rewritten, response, (output) => {
          const successful = Array.isArray(output.Successful) ? (output.Successful as Record<string, unknown>[]) : [];
          for (const result of successful) {
            const key = keyOf(fresh.find((entry) => entry.Id === result.Id) ?? {});
            if (key !== undefined && typeof result.MessageId === 'string') remember(key, result, result.MessageId);
          }
          return repeats.length === 0 ? output : { ...output, Successful: [...successful, ...repeats] };
        });
      },
      () => response.destroy(),
    );
  };

  function remember(key: string, output: Record<string, unknown>, messageId: string): void {
    remembered.set(key, {
      messageId,
      sequenceNumber: typeof output.SequenceNumber === 'string' ? output.SequenceNumber : undefined,
      expiresAt: now() + DEDUPLICATION_WINDOW_MS,
    });
  }
}

/**
 * local-aws-sqs with SQS's five-minute deduplication (`withFifoDeduplication`), not yet listening:
 * what the aws-local wiring and the tests start instead of its own `createSqsServer`.
 */
export async function createDeduplicatingSqsServer(): Promise<Server> {
  const { createRequestHandler } = await import('local-aws-sqs');
  const { requestHandler, service } = createRequestHandler({
    port: 0,
    hostname: '127.0.0.1',
    emulateQueueCreationLifecycle: false,
  });
  const server = createServer(withFifoDeduplication(requestHandler as RequestHandler));
  // Queue URLs name the port, as local-aws-sqs's own server sets it once listening.
  server.on('listening', () => {
    const address = server.address();
    if (address !== null && typeof address === 'object') (service as { PORT: number }).PORT = address.port;
  });
  return server;
}

/** What SQS answers a duplicate: the first message's id and sequence number, the checksum of this body. */
const duplicateAnswer = (seen: Remembered, sent: Record<string, unknown>) => ({
  MessageId: seen.messageId,
  MD5OfMessageBody: createHash('md5')
    .update(String(sent.MessageBody ?? ''))
    .digest('hex'),
  ...(seen.sequenceNumber === undefined ? {} : { SequenceNumber: seen.sequenceNumber }),
});

function answer(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
  response.end(JSON.stringify(body));
}

/**
 * Hands the request (with `body` replayed) to the engine; `seen` reads its successful answer and
 * says what to answer instead (the engine sets no Content-Length, so the body may change).
 */
function pass(
  handler: RequestHandler,
  request: IncomingMessage,
  body: string,
  response: ServerResponse,
  seen: (output: Record<string, unknown>) => Record<string, unknown>,
): void {
  const replay = Object.assign(Readable.from([Buffer.from(body)]), {
    headers: request.headers,
    method: request.method,
    url: request.url,
  }) as unknown as IncomingMessage;
  const end = response.end.bind(response) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
  response.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (response.statusCode === 200 && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) {
      const output = parseJson(chunk.toString());
      if (output) return end(JSON.stringify(seen(output)), ...rest);
    }
    return end(chunk, ...rest);
  }) as ServerResponse['end'];
  handler(replay, response);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
