import * as z from 'zod';
import { BOT_PLAYER_PREFIX, MAX_LEGAL_MOVES, MAX_LEGAL_MOVES_BYTES } from '../engine/index.js';

export { BOT_PLAYER_PREFIX, MAX_LEGAL_MOVES, MAX_LEGAL_MOVES_BYTES };

/**
 * Bots and legal moves on the wire (README "Bots" and "Legal moves"): what a match's creator may ask
 * for, and what state messages and summaries say about them.
 */

/** A bot's name: the built-in `random` and `mcts`, or one of the game's own (GET /api/games lists them). */
export const botNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'a bot name: lower-case letters, digits, dashes');

/** Bot seats one match may have: every seat but one, at most (a match of bots alone has nobody to play for). */
export const MAX_BOT_SEATS = 63;

/** What `POST /api/matches` takes about bots, beside the game and its seats. */
export const matchBotsRequestShape = {
  /** A bot per seat, each taking the next free seat after the creator's (with `join`), in order. */
  bots: z.array(botNameSchema).max(MAX_BOT_SEATS).optional(),
  /** The bot that chooses for a player whose time runs out, instead of the game's own rule (timed matches only). */
  timeoutBot: botNameSchema.optional(),
  /** The bot that takes over the seat of a player who leaves (games that allow it: `replaceLeavers` in GET /api/games). */
  replaceLeavers: botNameSchema.optional(),
};

/** The seats bots play, by player id, with each bot's name: public. A seat a bot took over keeps its player's id. */
export const botSeatsSchema = z.record(z.string(), z.string()).default({});

export const legalMoveSchema = z.object({ move: z.string(), args: z.unknown() });

/**
 * The recipient's legal moves now (README "Legal moves"), on each state message to a seated player
 * whose `yourMoves` is not empty: `moves` lists each legal move with its args (at most
 * MAX_LEGAL_MOVES of them in MAX_LEGAL_MOVES_BYTES of JSON), `open` names the moves they may make whose args are not listed (unbounded, or
 * past the limit): the server judges those. A move in `yourMoves` in neither has no legal args now.
 */
export const legalMovesSchema = z.object({
  moves: z.array(legalMoveSchema).max(MAX_LEGAL_MOVES),
  open: z.array(z.string()),
});
export type WireLegalMoves = z.infer<typeof legalMovesSchema>;

/** A bot's move in the log: the bot's seat, its own move number, and this id (no client's id holds a `:`). */
export const botMoveId = (turn: number): string => `bot:${turn}`;

/** Names no person may have: a bot's seat (a token naming one is refused). */
export const isReservedUserId = (userId: string): boolean => userId.startsWith(BOT_PLAYER_PREFIX);
