import * as z from 'zod';
import { moveIdSchema } from './client-frames.js';

/**
 * A move on its way from the `move` route to the queue consumer. Identity comes from the connections
 * table, never from the client's body; the endpoint lets the consumer reach the sender's API stage.
 */
export const queuedMoveSchema = z.object({
  moveId: moveIdSchema,
  gameSessionId: z.string().min(1),
  userId: z.string().min(1),
  connectionId: z.string().min(1),
  move: z.string().min(1),
  args: z.unknown(),
  endpoint: z.object({ domainName: z.string(), stage: z.string() }),
  receivedAt: z.number(),
});

export type QueuedMove = z.infer<typeof queuedMoveSchema>;

/** The key under which a match remembers an applied move: per user, so two players' ids never collide. */
export const appliedMoveKey = (userId: string, moveId: string): string => `${userId}:${moveId}`;
