import * as z from 'zod';
import { matchSummarySchema } from './lobby.js';
import { moveLogEntrySchema } from './move-log.js';
import { replayPositionSchema } from './replay.js';

/**
 * `GET /api/dev/matches/{id}/state?at=&after=`: **development only** (the local runtime with its
 * development sign-in on, where anyone may be anyone; never on AWS). What the web UI's debug panel
 * shows: the match's true state, which no player's view holds, beside every seat's view and the
 * spectator's, now or as it was after any logged step; and the log with every step's args whole.
 *
 * A past position is recomputed by replaying the match from its start, as the replay's `views` are
 * (handlers/replay.ts), so it is served for a match's first MAX_REPLAY_VIEW_STEPS steps, for the
 * same reason; a position after them is refused with `bad_args`.
 */
export const DEV_STATE_PATH = (matchId: string): string => `/api/dev/matches/${encodeURIComponent(matchId)}/state`;

export const devStateQuerySchema = z.object({
  /**
   * The match as it was right after the logged step that produced this version (0: as it started).
   * Absent, or at or past the match's version: the match now, as stored.
   */
  at: z.coerce.number().int().min(0).optional(),
  /** The log's entries with a version above this come back whole (`log`): 0 or absent for all. */
  after: z.coerce.number().int().min(0).optional(),
});
export type DevStateQuery = z.input<typeof devStateQuerySchema>;

export const devViewSchema = z.object({
  /** A seated player, or `null` for a spectator. */
  player: z.string().nullable(),
  view: z.unknown(),
});
export type DevView = z.infer<typeof devViewSchema>;

export const devStateSchema = z.object({
  /** The match now. */
  match: matchSummarySchema,
  /** The version shown: `at` as asked, or the match's own when it shows the match now. */
  at: z.number(),
  /** Where the match stood at `at`. */
  position: replayPositionSchema,
  /** The game's state at `at`, whole: `null` before the match starts. */
  state: z.unknown(),
  /** Each seat's view at `at`, by seat, then the spectator's. */
  views: z.array(devViewSchema),
  /** Log entries after `after`, oldest first, every arg whole: at most MAX_LOG_READ of them. */
  log: z.array(moveLogEntrySchema),
  /** Pass as `after` for more of the log; `null` when `log` reaches its end. */
  next: z.number().nullable(),
});
export type DevState = z.infer<typeof devStateSchema>;
