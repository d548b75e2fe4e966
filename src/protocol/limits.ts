import * as z from 'zod';

/** API Gateway WebSocket quotas, mirrored by the local runtime so that what works locally works on AWS. */
export const MAX_MESSAGE_BYTES = 128 * 1024;
export const MAX_FRAME_BYTES = 32 * 1024;
export const IDLE_TIMEOUT_MS = 10 * 60 * 1000;
export const MAX_CONNECTION_MS = 2 * 60 * 60 * 1000;

/** Client move ids: short and safe to use inside an SQS deduplication id (max 128 chars). */
export const MAX_MOVE_ID_LENGTH = 64;
export const MOVE_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/**
 * What one connection may send on the WebSocket routes (`move`, `sync`, `$default`): a token bucket
 * of `burst` frames, refilled at `perSecond`. A frame beyond it is answered `rate_limited` (with
 * `retryAfterMs`) and does nothing else: a move is not numbered, so the same frame may be sent again
 * once the wait is over (the SDK does). Far above what a person or a bot playing the game sends,
 * far below a flood: a frame costs a read of the match, so a connection cannot buy another player's
 * turn with frames. A deployment may set its own (`frameLimit`, README "Limits").
 */
export const FRAME_LIMIT = { burst: 60, perSecond: 30 } as const;

export interface FrameLimit {
  readonly burst: number;
  readonly perSecond: number;
}

/** A deployment's frame limit as configured: `<burst>/<perSecond>`, such as `60/30`. */
export const frameLimitSchema = z
  .string()
  .regex(/^\d+\/\d+$/, 'a burst and a rate a second, such as 60/30')
  .transform((text): FrameLimit => {
    const [burst, perSecond] = text.split('/').map(Number) as [number, number];
    return { burst, perSecond };
  })
  .refine(({ burst, perSecond }) => burst >= 1 && perSecond >= 1, 'a burst and a rate of at least 1');

/**
 * Connections one match takes at `$connect`: each seated player may hold `perPlayer` at once (tabs,
 * devices) and everyone else, together, `spectators`. A connection past either is refused with 429
 * (`too_many_connections`); the SDK tries again with its backoff. Counted from the match's live
 * connections when `$connect` runs, so connections opened in the same instant may pass together.
 * Also bounds the match item's `Recent` (recent connections, DESIGN.md), which holds at most every
 * connection a match can take.
 */
export const CONNECTION_LIMIT = { perPlayer: 4, spectators: 32 } as const;

export interface ConnectionLimit {
  readonly perPlayer: number;
  readonly spectators: number;
}
