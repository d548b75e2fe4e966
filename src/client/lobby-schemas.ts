import * as z from 'zod';
import { moveLogEntrySchema } from '../protocol/move-log.js';

/**
 * The lobby API's answers as the client reads them. Unknown fields are dropped, so the server may
 * add to an answer without breaking older clients.
 */
const resultSchema = z.union([z.object({ winners: z.array(z.string()) }), z.object({ draw: z.literal(true) })]);
const statusSchema = z.enum(['waiting', 'running', 'finished']);

export const gameInfoSchema = z.object({
  name: z.string(),
  players: z.object({ min: z.number(), max: z.number() }),
  moves: z.array(z.string()).optional(),
});

export const gameListSchema = z.object({ games: z.array(gameInfoSchema) });

export const matchSummarySchema = z.object({
  id: z.string(),
  game: z.string(),
  status: statusSchema,
  seats: z.number(),
  players: z.array(z.string()),
  currentPlayer: z.string().nullable(),
  turn: z.number(),
  version: z.number(),
  result: resultSchema.nullable(),
  createdAt: z.number().optional(),
  updatedAt: z.number().optional(),
});

export const matchListSchema = z.object({ matches: z.array(matchSummarySchema) });

/** What create, join and start answer: the match as it now stands. */
export const matchAnswerSchema = z.object({ match: matchSummarySchema });

/** A match with its public view: what a spectator may see. */
export const matchDetailsSchema = z.object({ match: matchSummarySchema, view: z.unknown() });

export const moveLogSchema = z.object({ moves: z.array(moveLogEntrySchema) });

export const signedInSchema = z.object({ token: z.string().min(1), userId: z.string().min(1) });

export const meSchema = z.object({ userId: z.string().min(1) });

export type GameInfo = z.infer<typeof gameInfoSchema>;
export type MatchStatus = z.infer<typeof statusSchema>;
export type MatchSummary = z.infer<typeof matchSummarySchema>;
export type MatchDetails = z.infer<typeof matchDetailsSchema>;
export type MoveLogEntry = z.infer<typeof moveLogEntrySchema>;
export type SignedIn = z.infer<typeof signedInSchema>;

export interface MatchListQuery {
  readonly game?: string;
  readonly status?: MatchStatus;
}
