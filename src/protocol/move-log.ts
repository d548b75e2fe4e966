import * as z from 'zod';
import type { ReplayStep } from '../engine/index.js';

/**
 * One applied move as stores keep it and the lobby API shows it (`GET /api/matches/{id}/log`): who
 * moved, what, and when. One schema for the stored item and the HTTP answer, so they cannot drift.
 * `args` is what the move's schema parsed, never the raw frame: unknown keys never reach the log.
 */
export const moveLogEntrySchema = z.object({
  /** The match version this move produced. */
  version: z.number(),
  player: z.string(),
  /** The player's own move number (move-ledger.ts). */
  seq: z.number(),
  moveId: z.string(),
  move: z.string(),
  args: z.unknown(),
  /** Epoch milliseconds when the move was applied. */
  at: z.number(),
});

export type MoveLogEntry = z.infer<typeof moveLogEntrySchema>;

/** `GET /api/matches/{id}/log?after=&limit=`: pages of at most this many entries. */
export const MAX_LOG_PAGE = 100;

/** Which page of the log to read: entries with a version above `after`, oldest first. */
export interface MoveLogQuery {
  readonly after?: number;
  readonly limit?: number;
}

/** A page request with its bounds applied: every store reads at most MAX_LOG_PAGE entries at once. */
export function logPageBounds(query: MoveLogQuery): { after: number; limit: number } {
  const after = Math.max(0, Math.trunc(query.after ?? 0) || 0);
  const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? MAX_LOG_PAGE) || MAX_LOG_PAGE), MAX_LOG_PAGE);
  return { after, limit };
}

export const moveLogPageSchema = z.object({
  moves: z.array(moveLogEntrySchema),
  /** Pass as `after` for the next page; `null` when this page reaches the end of the log. */
  next: z.number().nullable(),
  /** The log is complete up to this match version: every move that produced a version ≤ it is listed. */
  through: z.number(),
});

export type MoveLogPage = z.infer<typeof moveLogPageSchema>;

/**
 * A timeout's log entry: the player whose time ran out, seq 0 (a player's own moves count from 1),
 * this id (a client's move ids cannot hold `:`), and the move the rules played for them, or
 * TIMEOUT_LOSS_MOVE when they lost. A replay re-runs the timeout at `at` rather than the move, so the
 * random draws of the rules' choice are replayed too.
 */
export const timeoutMoveId = (turn: number): string => `timeout:${turn}`;
export const TIMEOUT_LOSS_MOVE = '$lost';

export const isTimeoutEntry = (entry: Pick<MoveLogEntry, 'seq' | 'moveId'>): boolean =>
  entry.seq === 0 && entry.moveId.startsWith('timeout:');

/** A log entry as the engine's replay takes it (engine/replay.ts). */
export const replayStepOf = (entry: MoveLogEntry): ReplayStep =>
  isTimeoutEntry(entry)
    ? { kind: 'timeout', at: entry.at }
    : { kind: 'move', player: entry.player, move: entry.move, args: entry.args, at: entry.at };
