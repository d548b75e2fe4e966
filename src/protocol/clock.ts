import * as z from 'zod';
import { MAX_CLOCK_MS, type MatchClock, type TimeControl, type TimeoutOutcome } from '../engine/index.js';

/**
 * Clocks on the wire (engine/clock.ts holds the rules): what a match's creator may ask for, and what
 * every `state` message and lobby summary shows. Deadlines are the server's, epoch milliseconds: a
 * client counts down from them (minus its measured clock offset), never from a guess of its own.
 */

const milliseconds = z.number().int().min(0).max(MAX_CLOCK_MS);

/** `POST /api/matches` `timeControl`: checked against the game's bounds by the engine. */
export const timeControlSchema = z.strictObject({
  turnMs: milliseconds.optional(),
  bankMs: milliseconds.optional(),
  incrementMs: milliseconds.optional(),
  delayMs: milliseconds.optional(),
});

const range = z.object({ min: milliseconds, max: milliseconds });

/** `GET /api/games`: a timed game's default control and, per field, the range a creator may pick from. */
export const gameClockInfoSchema = z.object({
  default: timeControlSchema.optional(),
  allow: z.object({
    turnMs: range.optional(),
    bankMs: range.optional(),
    incrementMs: range.optional(),
    delayMs: range.optional(),
  }),
});

const epochMs = z.number().int().nonnegative();

/** One player's running clock: since when it runs, and when their time runs out. */
export const runningTurnSchema = z.object({
  seat: z.number().int().nonnegative(),
  since: epochMs,
  deadline: epochMs.nullable(),
});

export const matchClockSchema = z.object({
  control: timeControlSchema,
  startedAt: epochMs.nullable(),
  /** Every player who may act has a clock that runs: one entry each, by seat. */
  running: z.array(runningTurnSchema).default([]),
  /** When the running turn that runs out first started. */
  turnStartedAt: epochMs.nullable(),
  /** The earliest deadline of `running`; `null` when no limit applies or the match is not running. */
  deadline: epochMs.nullable(),
  /** Each seat's remaining bank in ms, in the order of `players`; `null` without a chess clock. */
  banks: z.array(z.number().int().nonnegative()).nullable(),
  /**
   * The server's time when it sent this: a client counts down `deadline - now` from when the message
   * arrived, so its own clock's offset never matters (`timeLeft` in the SDK).
   */
  now: epochMs.optional(),
});

/** What a timeout did: the move the rules played for the player, or that player lost. */
export const timeoutOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('move'),
    move: z.string(),
    /** `null` with `hidden` when the rules keep this move's args from the recipient. */
    args: z.unknown(),
    hidden: z.literal(true).optional(),
  }),
  z.object({ kind: z.literal('lost') }),
]);

/**
 * Rides on the `state` message that a timeout produced: who ran out of time, at which turn, and what
 * followed. A move's args are what the recipient may see of them (README "Log visibility"): absent
 * (`hidden`) when the rules keep them from this recipient.
 */
export const timeoutEventSchema = z.object({
  player: z.string(),
  turn: z.number().int().positive(),
  outcome: timeoutOutcomeSchema,
});

export type TimeoutEvent = z.infer<typeof timeoutEventSchema>;

// The wire and the engine describe one thing: this fails to compile the moment they drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ClockSchemasAgree = [
  Assert<Same<z.infer<typeof timeControlSchema>, TimeControl>>,
  Assert<
    Same<
      Omit<z.infer<typeof matchClockSchema>, 'control' | 'banks' | 'now' | 'running'>,
      Omit<MatchClock, 'control' | 'banks' | 'running'>
    >
  >,
  Assert<Same<z.infer<typeof timeoutOutcomeSchema>['kind'], TimeoutOutcome['kind']>>,
];

/**
 * What is left of the current turn, in ms: the server's `deadline - now` when the message was sent,
 * less the time since it arrived (`sinceReceiptMs`, measured on the client's own clock). Never negative.
 */
export function timeLeft(clock: Pick<WireClock, 'deadline' | 'now'>, sinceReceiptMs: number): number | null {
  if (clock.deadline === null || clock.now === undefined) return null;
  return Math.max(0, clock.deadline - clock.now - Math.max(0, sinceReceiptMs));
}

export type WireClock = z.infer<typeof matchClockSchema>;
