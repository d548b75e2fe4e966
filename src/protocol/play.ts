import * as z from 'zod';
import { timeControlSchema } from './clock.js';
import { matchSummarySchema } from './lobby.js';

/**
 * "Play now" on the wire: quick match, ratings and the leaderboard, private matches with an invite
 * code, and rematch (README "HTTP API"). Both sides parse with these schemas.
 */

/** `POST /api/matchmaking`: a seat in the pool's one open match of this game, seat count and time control. */
export const quickMatchBodySchema = z.object({
  game: z.string().min(1).max(64),
  /** The table size; the game's minimum when absent. */
  seats: z.number().int().min(1).max(64).optional(),
  /** A time control within the game's bounds; the game's default when absent. Part of what "compatible" means. */
  timeControl: timeControlSchema.optional(),
});
export type QuickMatchRequest = z.infer<typeof quickMatchBodySchema>;

/**
 * The most players one pool's queue holds at once (players whose table has not started yet, plus
 * started tables not yet trimmed off its front). A request that finds it full first seats and trims
 * the front table; if that made no room it is refused with `match_full` ("ask again"), nothing written.
 */
export const QUICK_MATCH_QUEUE_LIMIT = 1_000;

/** The match the caller now sits in, and whether it has started (a full table starts itself). */
export const quickMatchAnswerSchema = z.object({ match: matchSummarySchema, started: z.boolean() });
export type QuickMatchAnswer = z.infer<typeof quickMatchAnswerSchema>;

/**
 * An invite code: 128 random bits, base64url (22 characters). Unguessable, stored with its match
 * and gone with it.
 */
export const INVITE_CODE_PATTERN = /^[A-Za-z0-9_-]{22}$/;
export const inviteCodeSchema = z.string().regex(INVITE_CODE_PATTERN, 'not an invite code');

/** `POST /api/matches/{id}/join`: the invite code, needed only for an unlisted match. */
export const joinBodySchema = z.object({ invite: z.string().min(1).max(64).optional() });
export type JoinRequest = z.infer<typeof joinBodySchema>;

/** What `POST /api/matches` answers: the match, and for an unlisted one the code that lets others join. */
export const createdMatchSchema = z.object({ match: matchSummarySchema, invite: inviteCodeSchema.optional() });
export type CreatedMatch = z.infer<typeof createdMatchSchema>;

/**
 * A player's rating in one game: Weng-Lin (OpenSkill) `mu` and `sigma`, and `rating`, the
 * conservative estimate `mu - 3 sigma` the leaderboard sorts by (0 for a newcomer). `last` is the
 * most recent match that changed it and by how much, so a client can show "+1.2" after a game.
 */
export const playerRatingSchema = z.object({
  userId: z.string(),
  game: z.string(),
  mu: z.number(),
  sigma: z.number(),
  rating: z.number(),
  /** Rated matches played. */
  matches: z.number().int().nonnegative(),
  last: z.object({ matchId: z.string(), change: z.number() }).optional(),
});
export type PlayerRating = z.infer<typeof playerRatingSchema>;

/** `GET /api/leaderboard?game=&limit=&cursor=`: highest `rating` first; `next` is the following page's cursor. */
export const MAX_LEADERBOARD_PAGE = 100;
export const DEFAULT_LEADERBOARD_PAGE = 20;
export const leaderboardQuerySchema = z.object({
  game: z.string().min(1).max(64),
  limit: z.coerce.number().int().min(1).max(MAX_LEADERBOARD_PAGE).optional(),
  cursor: z.string().min(1).max(512).optional(),
});
export type LeaderboardQuery = z.input<typeof leaderboardQuerySchema>;
export const leaderboardSchema = z.object({ ratings: z.array(playerRatingSchema), next: z.string().nullable() });
export type LeaderboardPage = z.infer<typeof leaderboardSchema>;

/** `GET /api/me`: who the token says the caller is, and their rating in every game they have been rated in. */
export const meAnswerSchema = z.object({
  userId: z.string().min(1),
  ratings: z.array(playerRatingSchema).default([]),
});
export type MeAnswer = z.infer<typeof meAnswerSchema>;

/** `POST /api/matches/{id}/rematch`: the new match (already running: every player is seated). */
export const rematchAnswerSchema = z.object({ match: matchSummarySchema });
