import * as z from 'zod';
import { accept, type Result, reject } from '../engine/index.js';
import { argsOutOfBounds, jsonNestsDeeperThan, MAX_ARGS_BYTES, MAX_ARGS_DEPTH, MAX_FRAME_DEPTH } from './bounds.js';
import type { ErrorCode } from './error-codes.js';
import { MAX_MESSAGE_BYTES, MAX_MOVE_ID_LENGTH, MOVE_ID_PATTERN } from './limits.js';

/** What clients send. API Gateway routes on `action` (route selection `$request.body.action`). */
export const moveIdSchema = z.string().min(1).max(MAX_MOVE_ID_LENGTH).regex(MOVE_ID_PATTERN);
export const moveSeqSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const moveFrameSchema = z.object({
  action: z.literal('move'),
  /**
   * Chosen by the client, unique per user and match (move-ledger.ts MOVE_ID_CONTRACT): Each of your
   * moves is applied at most once for the life of the match: the server settles each `seq` of yours
   * once, and answers a frame that repeats the id of one of your last 8 settled moves with that move’s
   * first outcome, whatever its `seq` (an id older than that is forgotten: never reuse one).
   */
  id: moveIdSchema,
  /** The sender's own move number in this match: 1, 2, 3… (see move-ledger.ts for the contract). */
  seq: moveSeqSchema,
  move: z.string().min(1).max(64),
  args: z.unknown(),
});

export const syncFrameSchema = z.object({ action: z.literal('sync') });

export type MoveFrame = z.infer<typeof moveFrameSchema>;
export type SyncFrame = z.infer<typeof syncFrameSchema>;
export type ClientFrame = MoveFrame | SyncFrame;

export const ROUTES = ['move', 'sync'] as const;
export type Route = (typeof ROUTES)[number];

const encoder = new TextEncoder();
/** Bytes on the wire, which is what API Gateway's limits count (not UTF-16 code units). */
export const utf8Length = (text: string): number => encoder.encode(text).length;

type FrameError = Extract<ErrorCode, 'bad_frame' | 'frame_too_large' | 'unknown_action' | 'bad_args'>;

/** The move id a frame carries, if any: lets an error name the move even when the rest is malformed. */
export function moveIdOf(body: string | null | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const parsed = moveIdSchema.safeParse((JSON.parse(body) as { id?: unknown }).id);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Parses a raw body for the given route; anything off gets a typed error and nothing else happens. */
export function parseMoveFrame(body: string | null | undefined): Result<MoveFrame, FrameError> {
  if (!body) return reject('bad_frame', 'the message is empty');
  if (utf8Length(body) > MAX_MESSAGE_BYTES) return reject('frame_too_large', 'the message is too large');
  if (jsonNestsDeeperThan(body, MAX_FRAME_DEPTH)) {
    return reject('bad_frame', `the message nests deeper than args may (${MAX_ARGS_DEPTH} levels)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return reject('bad_frame', 'the message is not JSON');
  }
  const parsed = moveFrameSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
    return reject('bad_frame', `${where}${issue?.message ?? 'malformed move'}`);
  }
  // The game's own bound, if lower, applies in the engine: here the game is not known yet.
  const outOfBounds = argsOutOfBounds(parsed.data.args, MAX_ARGS_BYTES);
  if (outOfBounds !== undefined) return reject('bad_args', outOfBounds);
  return accept(parsed.data);
}

/** The action a body names, when it is JSON with a string `action`: what API Gateway's route selection reads. */
export function actionOf(body: string | null | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json === 'object' && json !== null && 'action' in json && typeof json.action === 'string') {
      return json.action;
    }
  } catch {
    // Not JSON: API Gateway sends such bodies to $default, and so do we.
  }
  return undefined;
}
