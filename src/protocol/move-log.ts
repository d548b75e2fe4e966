import * as z from 'zod';
import { LEAVE_MOVE, type ReplayStep, TIMEOUT_LOSS_MOVE } from '../engine/index.js';

export { LEAVE_MOVE, TIMEOUT_LOSS_MOVE };

/**
 * One applied step as stores keep it and the lobby API shows it (`GET /api/matches/{id}/log`): who
 * moved, what, and when. One schema for the stored item and the HTTP answer, so they cannot drift.
 * `args` is what the move's schema parsed, never the raw frame: unknown keys never reach the log.
 * Stores keep every step's args whole; an answer shows each viewer only what the rules let them see
 * (README "Log visibility"), with `hidden` and `args: null` where they may see nothing.
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
  /** Only in an answer: the rules keep this step's args from the viewer. */
  hidden: z.literal(true).optional(),
  /**
   * The fingerprint of the match this step produced (engine `stepHash`), recorded when it was settled:
   * what a replay checks each step against. Stored, and shown only in a full replay (protocol/replay.ts);
   * absent from steps logged before it was recorded.
   */
  hash: z.string().optional(),
});

export type MoveLogEntry = z.infer<typeof moveLogEntrySchema>;

/** `GET /api/matches/{id}/log?after=&limit=`: pages of at most this many entries. */
export const MAX_LOG_PAGE = 100;
/**
 * What one store read answers at most (a page of a replay, protocol/replay.ts, in one read); without
 * a `limit`, a read answers MAX_LOG_PAGE entries.
 */
export const MAX_LOG_READ = 1000;

/** Which page of the log to read: entries with a version above `after`, oldest first. */
export interface MoveLogQuery {
  readonly after?: number;
  readonly limit?: number;
}

/** A page request with its bounds applied: every store reads at most MAX_LOG_READ entries at once. */
export function logPageBounds(query: MoveLogQuery): { after: number; limit: number } {
  const after = Math.max(0, Math.trunc(query.after ?? 0) || 0);
  const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? MAX_LOG_PAGE) || MAX_LOG_PAGE), MAX_LOG_READ);
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
 * Steps that are no player's own move are logged with seq 0 (a player's own moves count from 1) and
 * an id a client's move ids cannot hold (they cannot contain `:`), made unique by the match's turn:
 * - a timeout: the player whose time ran out, and the move the rules played for them, or
 *   TIMEOUT_LOSS_MOVE when they were put out of the match. A replay re-runs the timeout at `at` rather
 *   than the move, so the random draws of the rules' choice are replayed too.
 * - a leave: the player who left, LEAVE_MOVE, args `null`.
 */
export const timeoutMoveId = (turn: number): string => `timeout:${turn}`;
/** A timeout whose move a bot chose (the match's timeout bot, or the bot playing the seat): replayed as logged. */
export const botTimeoutMoveId = (turn: number): string => `timeout:${turn}:bot`;
export const leaveMoveId = (turn: number): string => `leave:${turn}`;

export const isTimeoutEntry = (entry: Pick<MoveLogEntry, 'seq' | 'moveId'>): boolean =>
  entry.seq === 0 && entry.moveId.startsWith('timeout:');

export const isLeaveEntry = (entry: Pick<MoveLogEntry, 'seq' | 'moveId'>): boolean =>
  entry.seq === 0 && entry.moveId.startsWith('leave:');

/** A log entry as the engine's replay takes it (engine/replay.ts). */
const isBotTimeoutEntry = (entry: Pick<MoveLogEntry, 'seq' | 'moveId'>): boolean =>
  isTimeoutEntry(entry) && entry.moveId.endsWith(':bot');

export function replayStepOf(entry: MoveLogEntry): ReplayStep {
  if (isBotTimeoutEntry(entry)) {
    const chosen = { move: entry.move, args: entry.args };
    return { kind: 'timeout', player: entry.player, at: entry.at, chosen };
  }
  if (isTimeoutEntry(entry)) return { kind: 'timeout', player: entry.player, at: entry.at };
  if (isLeaveEntry(entry)) return { kind: 'leave', player: entry.player, at: entry.at };
  return { kind: 'move', player: entry.player, move: entry.move, args: entry.args, at: entry.at };
}
