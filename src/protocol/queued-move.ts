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
