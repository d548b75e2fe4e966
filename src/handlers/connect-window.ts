import { MAX_CONNECTION_MS } from '../protocol/index.js';

/**
 * API Gateway answers a post with Gone (410) while its connection is still inside `$connect`, and
 * `$connect` writes the connection's row before it returns (the upgrade waits for it). So a fan-out
 * in that window meets a 410 from a connection that is about to open; deleting its row then would
 * orphan the socket, which would never hear of its match again. `$connect` lasts at most API
 * Gateway's integration timeout, 29 s; one second more allows for the clocks of the Lambda that
 * wrote the row and the one reading it. A row that young answering Gone is kept: if the connection
 * really is gone, the first Gone after the window, or the row's TTL, removes it.
 */
export const CONNECT_WINDOW_MS = 30_000;

/** A connection row's ExpiresAt (epoch seconds): API Gateway closes every connection after 2 hours. */
export const connectionExpiresAt = (connectedAtMs: number): number =>
  Math.ceil((connectedAtMs + MAX_CONNECTION_MS) / 1000);

/**
 * When a row was written, from its ExpiresAt: what the ByGameSessionId index projects besides
 * UserId. At or after the real time, by under a second (ExpiresAt is rounded up), so an age read
 * from it errs young, towards keeping the row.
 */
export const connectedAtFrom = (expiresAt: number): number => expiresAt * 1000 - MAX_CONNECTION_MS;

/** Might a Gone from this connection mean "not open yet" rather than "closed"? */
export const mayStillBeConnecting = (expiresAt: number, nowMs: number): boolean =>
  nowMs - connectedAtFrom(expiresAt) < CONNECT_WINDOW_MS;
