import * as z from 'zod';
import { IDLE_TIMEOUT_MS } from './limits.js';

/**
 * The heartbeat: how a client keeps an idle connection open. API Gateway closes a WebSocket after
 * IDLE_TIMEOUT_MS (10 minutes) with no message from the client; a player reading a board or
 * waiting for a slow opponent sends none. So a client that has sent nothing for HEARTBEAT_MS sends
 * `{"action":"ping"}`; the `ping` route answers `{"type":"pong"}` without calling any function: a
 * MOCK integration with a route response on AWS (infra/websocket-api.ts), the same answer from the
 * local gateway on every wiring (MOCK_ROUTES). The answer also tells the client its socket still
 * works.
 *
 * Why it pays (us-east-1 list prices, DESIGN.md): a heartbeat is two messages, one in and one out,
 * $1.00 per million each: **$2.00 per million**, with no Lambda and no DynamoDB. The reconnect it
 * prevents costs four invocations ($connect's authorizer and function, $disconnect, the `sync` the
 * client sends after opening: $0.80 per million requests plus their compute, about $0.40), five write
 * units (the connection's row and its index entry, put and deleted, and the match's recent
 * connections: $3.13), three read units (the match on connect, the row and the match on sync: $0.38)
 * and the sync's two messages ($2.00): about **$6.70 per million**, and the player sees nothing
 * pushed while it happens. One heartbeat per 9 minutes of silence is about 3x cheaper than one
 * reconnect per 10; connection-minutes ($0.25 per million) are the same either way. A hidden tab
 * (document.visibilityState) sends none and, once its socket closes, reconnects only when shown
 * again: an hour hidden costs one reconnect ($6.70 per million) instead of 60 connection-minutes
 * ($15.00) and six heartbeats ($12.00).
 */
export const PING_ACTION = 'ping';
export const HEARTBEAT_MS = IDLE_TIMEOUT_MS - 60_000;

export const pingFrameSchema = z.object({ action: z.literal(PING_ACTION) });
export const pongMessageSchema = z.object({ type: z.literal('pong') });
export type PongMessage = z.infer<typeof pongMessageSchema>;

export const PING_FRAME = JSON.stringify({ action: PING_ACTION } satisfies z.infer<typeof pingFrameSchema>);
export const PONG_MESSAGE = JSON.stringify({ type: 'pong' } satisfies PongMessage);

/**
 * Routes API Gateway answers itself, by route key: a MOCK integration whose route response is the
 * text here, on AWS as in the local gateway. No function runs, so they cost messages only.
 */
export const MOCK_ROUTES: Readonly<Record<string, string>> = { [PING_ACTION]: PONG_MESSAGE };
