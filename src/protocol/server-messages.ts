import * as z from 'zod';
import { botSeatsSchema, legalMovesSchema } from './bots.js';
import { matchClockSchema, timeoutEventSchema } from './clock.js';
import { ERROR_CODES } from './error-codes.js';
import { pongMessageSchema } from './heartbeat.js';
import { activePlayersSchema, gameResultSchema, leftPlayersSchema, matchStatusSchema } from './lobby.js';
import { ledgerReplySchema } from './move-ledger.js';

/** What the server sends. Every message has a `type`; clients switch on it. */

export const stateMessageSchema = z.object({
  type: z.literal('state'),
  matchId: z.string(),
  game: z.string(),
  version: z.number(),
  status: matchStatusSchema,
  players: z.array(z.string()),
  /** The one player who may act now; `null` while several may, or nobody (README "Who may act"). */
  currentPlayer: z.string().nullable(),
  activePlayers: activePlayersSchema,
  left: leftPlayersSchema,
  /**
   * The moves the recipient may make now, by each move's `who` (not whether given args would be
   * accepted); empty for spectators, players who left, and while the match is not running.
   */
  yourMoves: z.array(z.string()).default([]),
  /** The recipient's legal moves with their args (protocol/bots.ts); absent when they may make none. */
  legalMoves: legalMovesSchema.optional(),
  /** The seats bots play (player id → bot name); empty without bots. */
  bots: botSeatsSchema,
  turn: z.number(),
  result: gameResultSchema.nullable(),
  /** Who the server knows the recipient as (their user id): what `activePlayers` and `players` name. */
  you: z.string().optional(),
  /** The recipient's own view: playerView for a seated player, the spectator view otherwise. */
  view: z.unknown(),
  /** A timed match's deadline and banks (protocol/clock.ts); absent for an untimed match. */
  clock: matchClockSchema.optional(),
  /** On the state a timeout produced: whose time ran out and what the rules did. */
  timeout: timeoutEventSchema.optional(),
  /** On the last state of a finished match: a player asked for a rematch, and this new match (every seat taken) is it. */
  rematch: z.object({ matchId: z.string(), by: z.string() }).optional(),
  /** The mover's acknowledgement rides on their state message, saving one message per move. */
  ack: z.object({ id: z.string(), seq: z.number(), version: z.number() }).optional(),
  /** On a sync reply only: the recipient's last settled move number and recent outcomes (move-ledger.ts). */
  ledger: ledgerReplySchema.optional(),
});

export const ackMessageSchema = z.object({
  type: z.literal('ack'),
  id: z.string(),
  seq: z.number(),
  /** The version this move produced, also when the ack repeats an earlier answer. */
  version: z.number(),
});

export const errorMessageSchema = z.object({
  type: z.literal('error'),
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** The move the error is about, when there is one. */
  id: z.string().optional(),
  /** With `out_of_sequence`: the move number the server expects next from you. */
  expected: z.number().optional(),
  /** With `rate_limited`: how long until the connection may send again, in ms. */
  retryAfterMs: z.number().int().nonnegative().optional(),
});

export const serverMessageSchema = z.discriminatedUnion('type', [
  stateMessageSchema,
  ackMessageSchema,
  errorMessageSchema,
  // The `ping` route's answer (heartbeat.ts): API Gateway's own, no function sends it.
  pongMessageSchema,
]);

export type StateMessage = z.infer<typeof stateMessageSchema>;
export type AckMessage = z.infer<typeof ackMessageSchema>;
export type ErrorMessage = z.infer<typeof errorMessageSchema>;
export type ServerMessage = z.infer<typeof serverMessageSchema>;
