import * as z from 'zod';
import { ERROR_CODES } from './error-codes.js';

/** What the server sends. Every message has a `type`; clients switch on it. */
const resultSchema = z.union([z.object({ winners: z.array(z.string()) }), z.object({ draw: z.literal(true) })]);

export const stateMessageSchema = z.object({
  type: z.literal('state'),
  matchId: z.string(),
  game: z.string(),
  version: z.number(),
  status: z.enum(['waiting', 'running', 'finished']),
  players: z.array(z.string()),
  currentPlayer: z.string().nullable(),
  turn: z.number(),
  result: resultSchema.nullable(),
  /** The recipient's own view: playerView for a seated player, the spectator view otherwise. */
  view: z.unknown(),
  /** The mover's acknowledgement rides on their state message, saving one message per move. */
  ack: z.object({ id: z.string(), version: z.number() }).optional(),
  /** On a sync: the recipient's recently applied move ids, so a reconnecting client can settle moves. */
  applied: z.array(z.string()).optional(),
});

export const ackMessageSchema = z.object({
  type: z.literal('ack'),
  id: z.string(),
  version: z.number(),
});

export const errorMessageSchema = z.object({
  type: z.literal('error'),
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** The move the error is about, when there is one. */
  id: z.string().optional(),
});

export const serverMessageSchema = z.discriminatedUnion('type', [
  stateMessageSchema,
  ackMessageSchema,
  errorMessageSchema,
]);

export type StateMessage = z.infer<typeof stateMessageSchema>;
export type AckMessage = z.infer<typeof ackMessageSchema>;
export type ErrorMessage = z.infer<typeof errorMessageSchema>;
export type ServerMessage = z.infer<typeof serverMessageSchema>;
