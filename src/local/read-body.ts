import type { IncomingMessage } from 'node:http';

/**
 * Past this much, a client that was told its body is too large is not going to stop: cut it off.
 * API Gateway's HTTP APIs take 10 MB, so a client may well send that much in good faith.
 */
const DRAIN_BYTES = 10 * 1024 * 1024;

/**
 * The whole body, or `undefined` once it passes `limit` bytes. The rest of an oversized body is read
 * and dropped, not kept: a client still sending when the answer comes would see its connection reset
 * instead of the answer. Beyond DRAIN_BYTES the request is destroyed.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > limit + DRAIN_BYTES) request.destroy();
    });
    request.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    // Destroyed, or the client went away mid-body: there is no whole body, and no one to answer.
    request.on('close', () => resolve(undefined));
    request.on('error', reject);
  });
}
