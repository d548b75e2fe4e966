import * as z from 'zod';

/**
 * What a player who is away hears about: it became their turn, a match they sit in finished, or their
 * clock is about to run out, or a rematch they are seated in was made (`matchId` is the new match). Small on purpose: a receiver fetches details with `GET /api/me/matches`.
 */
export const playerNoticeSchema = z.strictObject({
  kind: z.enum(['your_turn', 'match_finished', 'clock_low', 'rematch']),
  userId: z.string().min(1),
  matchId: z.string().min(1),
  game: z.string().min(1),
  /** The match version the notice describes, so a receiver can drop stale or repeated notices. */
  version: z.number().int().positive(),
  /** The player's turn deadline, epoch milliseconds, when the match has a clock. */
  deadline: z.number().int().nonnegative().optional(),
});

export type PlayerNotice = z.infer<typeof playerNoticeSchema>;

/**
 * Tells players who are away. Called off the move's hot path: `notify` hands the notices over and
 * resolves without waiting for delivery, never throws, and a failing or hanging receiver never delays
 * or fails a move.
 */
export interface Notifier {
  notify(notices: readonly PlayerNotice[]): Promise<void>;
}

/** For deployments without a receiver. */
export const silentNotifier: Notifier = { notify: async () => {} };
