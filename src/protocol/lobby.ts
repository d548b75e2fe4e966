import * as z from 'zod';
import { botSeatsSchema, isReservedUserId, matchBotsRequestShape } from './bots.js';
import { gameClockInfoSchema, matchClockSchema, timeControlSchema } from './clock.js';
import { MAX_LOG_PAGE } from './move-log.js';

/**
 * The lobby's HTTP API as both sides agree on it: what requests carry and what answers hold. The
 * handlers parse requests with these schemas and the client parses answers with them; unknown fields
 * in an answer are dropped, so the server may add to an answer without breaking older clients.
 */

/** A match moves through these statuses in this order only. */
export const MATCH_STATUSES = ['waiting', 'running', 'finished'] as const;
export const matchStatusSchema = z.enum(MATCH_STATUSES);
export type MatchStatusName = z.infer<typeof matchStatusSchema>;

/**
 * How a finished match ended: its winners, a draw, or abandoned (nobody filled it or played it for
 * too long, and the server ended it: docs/deploy.md, "Retention"; nobody won).
 */
export const gameResultSchema = z.union([
  z.object({ winners: z.array(z.string()) }),
  z.object({ draw: z.literal(true) }),
  z.object({ abandoned: z.literal(true) }),
]);
export type GameResultWire = z.infer<typeof gameResultSchema>;

/**
 * Who may act now (user ids, by seat): one player, several, or everyone at once. Beside it,
 * `currentPlayer` is that one player, or `null` while several may act (or nobody, once it is over).
 */
export const activePlayersSchema = z.array(z.string()).default([]);
/** Seated players who left the running match: they keep their seat but never move again. */
export const leftPlayersSchema = z.array(z.string()).default([]);

/** What the lobby shows of a match: everything public. Never the state, the seed or the random state. */
export const matchSummarySchema = z.object({
  id: z.string(),
  game: z.string(),
  status: matchStatusSchema,
  seats: z.number(),
  players: z.array(z.string()),
  currentPlayer: z.string().nullable(),
  activePlayers: activePlayersSchema,
  left: leftPlayersSchema,
  turn: z.number(),
  version: z.number(),
  result: gameResultSchema.nullable(),
  /** A timed match's deadline and banks; absent for an untimed match. */
  clock: matchClockSchema.optional(),
  /** The seats bots play (player id → bot name); empty without bots. */
  bots: botSeatsSchema,
  /** Present on a private match: never listed, joinable only with its invite code (protocol/play.ts). */
  unlisted: z.literal(true).optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type MatchSummary = z.infer<typeof matchSummarySchema>;

export const gameInfoSchema = z.object({
  name: z.string(),
  players: z.object({ min: z.number(), max: z.number() }),
  moves: z.array(z.string()),
  /**
   * Each move's arguments as JSON Schema (draft 2020-12, from zod), for UIs that build a form per move
   * (the web UI's generic board). Optional: a server that predates it sends none.
   */
  moveArgs: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  /** A timed game's default control and what a match's creator may pick instead; absent when untimed. */
  clock: gameClockInfoSchema.optional(),
  /** The bots that can play it (`POST /api/matches` `bots`); none when its moves cannot be listed. */
  bots: z.array(z.string()).default([]),
  /** May a bot take over the seat of a player who leaves (`replaceLeavers`)? */
  replaceLeavers: z.boolean().default(false),
});
export type GameInfo = z.infer<typeof gameInfoSchema>;

/**
 * `GET /api/matches?game=&status=&limit=&cursor=`: a page of at most `limit` matches (DEFAULT_MATCH_PAGE
 * when absent, never more than MAX_MATCH_LIST), newest first. `cursor` is the previous page's `next`:
 * opaque to clients, and only ever handed back as it came.
 */
export const MAX_MATCH_LIST = 100;
export const DEFAULT_MATCH_PAGE = 20;
export const matchListQuerySchema = z.object({
  game: z.string().min(1).max(64).optional(),
  status: matchStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_MATCH_LIST).optional(),
  cursor: z.string().min(1).max(256).optional(),
});
export type MatchListQuery = z.input<typeof matchListQuerySchema>;

/** `GET /api/me/matches?limit=`: the signed-in caller's matches, the most recently joined `limit`. */
export const myMatchesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_MATCH_LIST).optional(),
});
export type MyMatchesQuery = z.input<typeof myMatchesQuerySchema>;

/** One of the caller's matches, as an inbox across games shows it. */
export const playerMatchSchema = matchSummarySchema.extend({
  /** The match is running and the caller may act in it now (one of `activePlayers`). */
  yourTurn: z.boolean(),
  /** When the caller's own time runs out, epoch milliseconds; only while their clock runs. */
  deadline: z.number().int().nonnegative().optional(),
  /** The caller's rating in this match's game (`rating` of protocol/play.ts), once they have one. */
  rating: z.number().optional(),
  /** An unlisted match's invite code: its players may pass it on. */
  invite: z.string().optional(),
});
export type PlayerMatch = z.infer<typeof playerMatchSchema>;
/** Their turn first (the nearest deadline first), then running, waiting and finished; newest change first within each. */
export const myMatchesSchema = z.object({ matches: z.array(playerMatchSchema) });

/**
 * `POST /api/matches` may carry this header: a key the client chose for this one creation. A repeat
 * with the same key by the same user (a retry after a lost answer, a double click) answers the match
 * the first request made and makes no second one, for as long as that match is kept; another user's
 * same key is another key. A key names one request: reused for another game, it is refused with
 * `bad_args`. The SDK's `createMatch` sends a fresh one and reuses it on its own retries.
 */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** 16 to 64 URL-safe characters: a UUID fits, and so does any random base64url string of 12 bytes or more. */
export const idempotencyKeySchema = z
  .string()
  .min(16)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');

/** `POST /api/matches`. */
export const createMatchBodySchema = z.object({
  game: z.string().min(1).max(64),
  seats: z.number().int().min(1).max(64).optional(),
  seed: z.string().min(1).max(128).optional(),
  /** A time control within the game's bounds (README "Timers"); the game's default when absent. */
  timeControl: timeControlSchema.optional(),
  /** Seat the caller in the new match too: create and join in one request (a one-seat table starts). */
  join: z.boolean().optional(),
  ...matchBotsRequestShape,
  /** A private match: left out of `GET /api/matches`, joinable only with the invite code the answer carries. */
  unlisted: z.boolean().optional(),
});
export type CreateMatchRequest = z.infer<typeof createMatchBodySchema>;

/** `GET /api/matches/{id}/log?after=&limit=`: a page of at most MAX_LOG_PAGE entries after a version. */
export const moveLogQuerySchema = z.object({
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LOG_PAGE).optional(),
});

/** `POST /api/dev/sign-in` (development only). */
export const signInBodySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(/^[^\p{C}]+$/u, 'no control characters')
    .refine((name) => !isReservedUserId(name.normalize('NFC')), 'names starting with "bot:" are for bots'),
});

export const gameListSchema = z.object({ games: z.array(gameInfoSchema) });
/** A page of the lobby; `next` is the cursor of the page after it, or null on the last page. */
export const matchListSchema = z.object({
  matches: z.array(matchSummarySchema),
  // A server from before pages sends none: it sent everything it would.
  next: z.string().nullable().default(null),
});
export type MatchPage = z.infer<typeof matchListSchema>;
/** What create, join and start answer: the match as it now stands. */
export const matchAnswerSchema = z.object({ match: matchSummarySchema });
/**
 * `POST /api/matches/{id}/leave`: the match as it stands, and whether the leave still waits in the
 * match's queue (`fifo` mode: answered 202; the new state reaches the match's sockets when it settles).
 */
export const leaveAnswerSchema = z.object({ match: matchSummarySchema, queued: z.boolean() });
export type LeaveAnswer = z.infer<typeof leaveAnswerSchema>;
/** A match with its public view: what a spectator may see. */
export const matchDetailsSchema = z.object({ match: matchSummarySchema, view: z.unknown() });
export const signedInSchema = z.object({ token: z.string().min(1), userId: z.string().min(1) });
export const meSchema = z.object({ userId: z.string().min(1) });
export type MatchDetails = z.infer<typeof matchDetailsSchema>;
export type SignedIn = z.infer<typeof signedInSchema>;

/** Every HTTP error: `{"error": {"code", "message"}}`, with a code from the protocol's one table. */
export const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
