import { createServer } from 'node:net';
import { UsageProblem } from './usage-problem.js';

/** The one line a busy port gets, from `turngate dev` itself or from the server it runs. */
export const portInUse = (host: string, port: number): string =>
  `port ${port} on ${host} is in use (another turngate dev?): stop it, or pass --port <n> (0 picks a free one)`;

/** Is `error` the listen failure of a port someone else holds? */
export const isPortInUse = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE';

/**
 * Fails with one line naming --port when `port` is taken. `turngate dev` asks before it starts the
 * server under `tsx watch`, which would otherwise wait for a file to change after the server fails:
 * no change to a file frees a port. Port 0 is always free.
 */
export function requireFreePort(host: string, port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => reject(isPortInUse(error) ? new UsageProblem(portInUse(host, port)) : error));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
