import * as z from 'zod';
import { moveIdSchema, moveSeqSchema } from './client-frames.js';

/**
 * A move on its way from the `move` route to the queue consumer. Identity comes from the connections
 * table, never from the client's body; the endpoint lets the consumer reach the sender's API stage.
 */
export const queuedMoveSchema = z.object({
  moveId: moveIdSchema,
  seq: moveSeqSchema,
  gameSessionId: z.string().min(1),
  userId: z.string().min(1),
  connectionId: z.string().min(1),
  move: z.string().min(1),
  args: z.unknown(),
  endpoint: z.object({ domainName: z.string(), stage: z.string() }),
  receivedAt: z.number(),
});

export type QueuedMove = z.infer<typeof queuedMoveSchema>;

/**
 * A turn's timer fired (handlers/turn-timeout.ts): a system message in the match's own FIFO group,
 * so the timeout is settled in order with the players' moves. Only the server builds one: the
 * `move` route builds every queued move field by field from a parsed frame, so nothing a client
 * sends can become this variant.
 */
export const queuedTimeoutSchema = z.strictObject({
  system: z.literal('turn_timeout'),
  gameSessionId: z.string().min(1),
  /** The turn the timer was armed for: the timeout applies only if the match is still at it. */
  turn: z.number().int().nonnegative(),
  dueAt: z.number().int().nonnegative(),
  /** When the timer fired: part of the deduplication id, so a re-armed timer is not taken for a repeat. */
  firedAt: z.number().int().nonnegative(),
});

export type QueuedTimeout = z.infer<typeof queuedTimeoutSchema>;

/**
 * A player leaves a running match (`POST /api/matches/{id}/leave` in `fifo` mode): a system message
 * in the match's FIFO group, so the leave is settled in order with the moves sent before it. Built
 * by the lobby handler from the verified caller, never from a client's body.
 */
export const queuedLeaveSchema = z.strictObject({
  system: z.literal('leave'),
  gameSessionId: z.string().min(1),
  userId: z.string().min(1),
  requestedAt: z.number().int().nonnegative(),
});

export type QueuedLeave = z.infer<typeof queuedLeaveSchema>;

/**
 * A bot may act in a match (`fifo` mode): a system message in the match's FIFO group, so the bot's
 * move is settled in order with everyone else's. Sent after a step that leaves a bot able to act;
 * settling it plays at most one bot move, then sends the next if a bot may still act. `turn` is the
 * match's turn when it was sent: it only makes the deduplication id, so one turn asks once.
 */
export const queuedBotTurnSchema = z.strictObject({
  system: z.literal('bot_turn'),
  gameSessionId: z.string().min(1),
  turn: z.number().int().nonnegative(),
});

export type QueuedBotTurn = z.infer<typeof queuedBotTurnSchema>;

/** Everything the move queue carries: a player's move, a timeout, a player leaving, or a bot's turn. */
export const queueMessageSchema = z.union([
  queuedTimeoutSchema,
  queuedLeaveSchema,
  queuedBotTurnSchema,
  queuedMoveSchema,
]);

export type QueueMessage = z.infer<typeof queueMessageSchema>;

export const isQueuedTimeout = (message: QueueMessage): message is QueuedTimeout =>
  'system' in message && message.system === 'turn_timeout';

export const isQueuedLeave = (message: QueueMessage): message is QueuedLeave =>
  'system' in message && message.system === 'leave';

export const isQueuedBotTurn = (message: QueueMessage): message is QueuedBotTurn =>
  'system' in message && message.system === 'bot_turn';
