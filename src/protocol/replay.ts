import * as z from 'zod';
import { timeControlSchema } from './clock.js';
import { matchSummarySchema } from './lobby.js';
import { moveLogEntrySchema } from './move-log.js';

/**
 * `GET /api/matches/{id}/replay?after=&limit=&views=`: a match, step by step (README "Replay").
 *
 * Two kinds of answer, by what the caller may know (`reveal`):
 * - `full`: a finished match of a game that publishes its seed at the end (`log.seedAtEnd`). The
 *   answer has the seed, every step whole with the fingerprint of the match it produced (`hash`), and
 *   the final record's fingerprint (`finalHash`): anyone can recompute every position with the engine
 *   and check it against what the server kept (`turngate replay <file>`).
 * - `views`: anything else (a running match; a game that keeps secrets after the end). No seed and
 *   no fingerprints; each step carries the caller's own view after it (a seated player's, or the
 *   spectator's), computed on the server by replaying the match, and args as the log shows them to
 *   the caller. `views=true` asks for these views in a `full` answer too (a page without the rules).
 *
 * Pages follow the log's versions like `GET /log`: steps after version `after`, oldest first.
 */
export const REPLAY_FORMAT = 'turngate-replay/1';

/** At most this many steps per page. */
export const MAX_REPLAY_PAGE = 1000;
/**
 * A page stops at the first step that takes its steps past this many bytes of JSON (a page always
 * holds at least one step): far inside Lambda's 6 MB answer, whatever a game's args and views weigh.
 */
export const MAX_REPLAY_PAGE_BYTES = 1024 * 1024;
/**
 * Views are computed by replaying the match from its start, so a page deep into a match costs the
 * server every step before it: they are served for a match's first this many steps (at 25 µs a step,
 * about a second and a quarter for the last page). A page stops there; a page after it is refused
 * with `bad_args`. A full replay has no such bound: the caller recomputes it.
 */
export const MAX_REPLAY_VIEW_STEPS = 50_000;

export const replayQuerySchema = z.object({
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_REPLAY_PAGE).optional(),
  views: z.enum(['true', 'false']).optional(),
});
export type ReplayQuery = z.input<typeof replayQuerySchema>;

/**
 * Where a match stood after a step, as the lobby shows any match (public): a `views` answer carries it
 * beside each view, so a page can draw the board without the rules.
 */
export const replayPositionSchema = matchSummarySchema.pick({
  status: true,
  turn: true,
  currentPlayer: true,
  activePlayers: true,
  left: true,
  result: true,
});
export type ReplayPosition = z.infer<typeof replayPositionSchema>;

/** Where a replay begins: all a replay needs besides the steps (engine/replay.ts `ReplayStart`). */
export const replayStartSchema = z.object({
  /** Only in a `full` answer: the secret every random draw came from. */
  seed: z.string().optional(),
  seats: z.number().int().min(1),
  players: z.array(z.string()),
  timeControl: timeControlSchema.optional(),
  startedAt: z.number().optional(),
  /** The caller's view of the match as it started: in a `views` page that starts at the beginning. */
  view: z.unknown().optional(),
  position: replayPositionSchema.optional(),
});
export type ReplayStartInfo = z.infer<typeof replayStartSchema>;

export const replayStepSchema = moveLogEntrySchema.extend({
  /** `full` only: the fingerprint of the match this step produced (`stepHash`), when the server recorded one. */
  hash: z.string().optional(),
  /** `views` (or `views=true`): the caller's view of the match after this step, and where it stood. */
  view: z.unknown().optional(),
  position: replayPositionSchema.optional(),
});
export type ReplayStepEntry = z.infer<typeof replayStepSchema>;

export const replayPageSchema = z.object({
  format: z.literal(REPLAY_FORMAT),
  match: matchSummarySchema,
  reveal: z.enum(['full', 'views']),
  /** Whose views the steps carry: the caller when seated, else `null` (the spectator's). */
  viewer: z.string().nullable(),
  /** `null` for a match that never started: there is nothing to replay. */
  start: replayStartSchema.nullable(),
  steps: z.array(replayStepSchema),
  /** Pass as `after` for the next page; `null` when this page reaches the end of the log. */
  next: z.number().nullable(),
  /** The log is complete up to this match version (as in `GET /log`). */
  through: z.number(),
  /** `full` only: the fingerprint of the final match record (`matchHash`). */
  finalHash: z.string().optional(),
});
export type ReplayPage = z.infer<typeof replayPageSchema>;

/**
 * An exported match (the file `turngate replay` checks): a replay answer with every step, `next`
 * null. A match short enough for one page is exported by saving its answer as it is; a longer one
 * by putting its pages' steps together (`replayExport` in the SDK, the web viewer's Download).
 */
export const replayExportSchema = replayPageSchema.extend({ next: z.null() });
export type ReplayExport = z.infer<typeof replayExportSchema>;

/** Pages put together into one export; throws for pages of different matches or with a gap. */
export function joinReplayPages(pages: readonly ReplayPage[]): ReplayExport {
  const [first, ...rest] = pages;
  const last = pages.at(-1);
  if (first === undefined || last === undefined) throw new Error('no replay pages to join');
  let before = first;
  for (const page of rest) {
    if (page.match.id !== first.match.id) throw new Error('replay pages of two matches cannot be joined');
    if (before.next === null || page.steps[0] === undefined || page.steps[0].version <= before.next) {
      throw new Error('replay pages out of order');
    }
    before = page;
  }
  if (last.next !== null) throw new Error('the last replay page is not the end of the log');
  return { ...last, start: first.start, steps: pages.flatMap((page) => page.steps), next: null };
}
