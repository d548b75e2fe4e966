import * as z from 'zod';
import type { MatchStatus } from '../engine/index.js';
import type { StoredMatch } from './game-store.js';

/**
 * How long matches are kept, and when the server gives up on one (docs/deploy.md, "Retention").
 * Every item a match leaves ends: the retention sweeps (src/handlers/sweeps) end waiting matches
 * nobody filled and running ones nobody played as abandoned, and delete finished ones with their
 * move log and seat items once they have been kept long enough.
 */
export interface RetentionPolicy {
  /** A waiting match nobody filled ends as abandoned this long after it was created. */
  readonly waitingMs: number;
  /** A running match nobody changed (no move, no timeout) for this long ends as abandoned. */
  readonly idleMs: number;
  /** A finished match, its log and its seats are deleted this long after it ended; `null`: kept forever. */
  readonly finishedMs: number | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const DEFAULT_RETENTION: RetentionPolicy = { waitingMs: DAY, idleMs: 7 * DAY, finishedMs: 7 * DAY };

const UNITS = { s: 1_000, m: 60_000, h: HOUR, d: DAY } as const;

/** `90s`, `30m`, `24h`, `7d`: a whole number and a unit; at least a minute, the sweeps' own period. */
export const durationSchema = z
  .string()
  .trim()
  .regex(/^\d+[smhd]$/, 'a whole number and s, m, h or d, such as 24h or 7d')
  .transform((text) => Number(text.slice(0, -1)) * UNITS[text.slice(-1) as keyof typeof UNITS])
  .pipe(
    z
      .number()
      .int()
      .min(60_000, 'at least a minute')
      .max(3650 * DAY, 'at most ten years'),
  );

/** A duration, or `forever`: how long a finished match is kept. */
export const keepSchema = z.union([z.literal('forever').transform(() => null), durationSchema]);

/** The policy from its three settings as text (environment variables, CDK context), defaults for the missing. */
export function readRetentionPolicy(settings: {
  readonly abandonWaitingAfter?: string | undefined;
  readonly abandonIdleAfter?: string | undefined;
  readonly keepFinishedFor?: string | undefined;
}): RetentionPolicy {
  const read = <T>(name: string, text: string | undefined, schema: z.ZodType<T, string>, fallback: T): T => {
    if (text === undefined || text === '') return fallback;
    const parsed = schema.safeParse(text);
    if (!parsed.success) throw new Error(`${name}: ${parsed.error.issues[0]?.message ?? 'not a duration'}`);
    return parsed.data;
  };
  return {
    waitingMs: read('abandonWaitingAfter', settings.abandonWaitingAfter, durationSchema, DEFAULT_RETENTION.waitingMs),
    idleMs: read('abandonIdleAfter', settings.abandonIdleAfter, durationSchema, DEFAULT_RETENTION.idleMs),
    finishedMs: read('keepFinishedFor', settings.keepFinishedFor, keepSchema, DEFAULT_RETENTION.finishedMs),
  };
}

/**
 * The words stores use for where a match stands for the sweeps (see RetentionStore), by status: the
 * same in every store, so a table read by hand says the same thing whichever wrote it.
 */
export const PHASES = { waiting: 'open', running: 'live', finished: 'ended' } as const satisfies Record<
  MatchStatus,
  string
>;

/**
 * Where the retention sweeps find the matches whose time may have come, and how they let go of them.
 * A store keeps, per match, since when it has been in its status as far as the sweeps know, written
 * only by lifecycle writes (create, start) and by the sweeps themselves, never by a move, so keeping
 * it costs the move path nothing:
 *
 * - waiting: since it was created; a match that stopped waiting without starting (abandoned,
 *   cancelled) stays due as waiting until a sweep remembers it finished, so whoever ended it can
 *   tell its players first and a crash in between leaves the job to the next sweep;
 * - running: since it started, or since the time a sweep last `remember`ed; a match that a move
 *   finished counts as running here until a sweep sees it finished and remembers it so;
 * - finished: since the time a sweep remembered (its end).
 *
 * Every answer is a hint: the sweep reads each match (GameStore.get) and decides from the record.
 */
export interface RetentionStore {
  /** Ids of matches in `status` since at or before `before` (epoch ms), oldest first, at most `limit`. */
  due(status: MatchStatus, before: number, limit: number): Promise<readonly string[]>;
  /**
   * Records what a sweep found: the match, as `stored` says it stands now, is due again for its status
   * once `since` is old enough. Unconditional and idempotent; the match record itself is untouched.
   */
  remember(stored: StoredMatch, since: number): Promise<void>;
  /** A finished match kept forever: never due again. */
  forget(stored: StoredMatch): Promise<void>;
  /**
   * Deletes a finished match and all that is kept for it (its move log, its seat items): the match
   * last, so a purge cut short stays due and the next one finishes it. A match that is not finished,
   * or has changed since `stored` was read, is left alone.
   */
  purge(stored: StoredMatch): Promise<void>;
}
