import * as z from 'zod';

/**
 * One applied move as stores keep it and the lobby API shows it (`GET /api/matches/{id}/log`): who
 * moved, what, and when. One schema for the stored item and the HTTP answer, so they cannot drift.
 */
export const moveLogEntrySchema = z.object({
  /** The match version this move produced. */
  version: z.number(),
  player: z.string(),
  moveId: z.string(),
  move: z.string(),
  args: z.unknown(),
  /** Epoch milliseconds when the move was applied. */
  at: z.number(),
});
