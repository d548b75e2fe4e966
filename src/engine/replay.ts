import { playMove } from './apply-move.js';
import type { LegalMove } from './bot.js';
import { idleClock, type TimeControl } from './clock.js';
import type { AnyGame, PlayerId } from './define-game.js';
import { createMatch, type Match, startMatch } from './match.js';
import { playLeave, playTimeout } from './timeout-and-leave.js';

/**
 * One applied step of a match as its log keeps it, at its recorded time: a player's move, a timeout
 * (the player whose time ran out), or a player leaving.
 */
export type ReplayStep =
  | {
      readonly kind: 'move';
      readonly player: PlayerId;
      readonly move: string;
      readonly args: unknown;
      readonly at: number;
    }
  | {
      readonly kind: 'timeout';
      readonly player?: PlayerId;
      readonly at: number;
      /** The move a bot chose for the player (the match's timeout bot), as logged; absent when the rules chose. */
      readonly chosen?: LegalMove;
    }
  | { readonly kind: 'leave'; readonly player: PlayerId; readonly at: number };

/**
 * Everything a match was started from: with its log, all a replay needs. Nothing else of the record
 * before the start matters to the match (who joined and left while it waited changed only `version`).
 */
export interface ReplayStart {
  readonly seed: string;
  readonly seats: number;
  /** By seat, as the match started. */
  readonly players: readonly PlayerId[];
  /** A timed match's control; absent for an untimed one. */
  readonly timeControl?: TimeControl;
  /** When a timed match started (epoch ms): its first clock started then. */
  readonly startedAt?: number;
}

/** What a started match was started from; `undefined` for a match that never started. */
export function replayStartOf(match: Match): ReplayStart | undefined {
  if (match.state === null) return undefined;
  const { clock } = match;
  return {
    seed: match.seed,
    seats: match.seats,
    players: [...match.players],
    ...(clock && { timeControl: { ...clock.control } }),
    ...(clock?.startedAt != null && { startedAt: clock.startedAt }),
  };
}

/**
 * The match as it started, rebuilt from its start: the same record the server started, but for
 * `version`. Throws for a start the game could not have made (the wrong number of players).
 */
export function startOfReplay(game: AnyGame, start: ReplayStart): Match {
  const created = createMatch(game, { seed: start.seed, seats: start.seats });
  if (!created.ok) throw new Error(`replay start: ${created.error.message}`);
  const { timeControl } = start;
  // The game's default control was for new matches; this one had the control it recorded, or none.
  const { clock: _default, ...unclocked } = created.value;
  const seated: Match = {
    ...unclocked,
    players: [...start.players],
    ...(timeControl === undefined ? {} : { clock: idleClock({ ...timeControl }) }),
  };
  if (seated.players.length > seated.seats || new Set(seated.players).size !== seated.players.length) {
    throw new Error(`replay start: ${seated.players.length} players do not fit ${seated.seats} seats, once each`);
  }
  const started = startMatch(game, seated, start.startedAt ?? 0);
  if (!started.ok) throw new Error(`replay start: ${started.error.message}`);
  return started.value;
}

/**
 * Replays applied steps from a started match. The engine is pure and time is an input, so the same
 * steps at the same recorded times give the same matches, every deadline and bank included. A step
 * that does not apply, or times out someone else than the log says, means the log and the match
 * disagree: that throws, naming the step (counted from 1).
 */
export function replay(game: AnyGame, started: Match, steps: readonly ReplayStep[]): Match {
  let match = started;
  for (const [index, step] of steps.entries()) match = replayStep(game, match, step, index + 1);
  return match;
}

/** A logged step that does not apply to the match the steps before it produced: the log and the match disagree. */
export class ReplayDivergence extends Error {
  override readonly name = 'ReplayDivergence';
  constructor(
    /** Which step, counted from 1. */
    readonly step: number,
    readonly reason: string,
  ) {
    super(`replay step ${step}: ${reason}`);
  }
}

/** One step of a replay: the match after it, or a ReplayDivergence naming step `number` when it does not apply. */
export function replayStep(game: AnyGame, match: Match, step: ReplayStep, number: number): Match {
  switch (step.kind) {
    case 'timeout': {
      const { chosen } = step;
      const played = playTimeout(game, match, { at: step.at, ...(chosen && { choose: () => chosen }) });
      if (!played.ok) throw new ReplayDivergence(number, `the timeout did not apply (${played.skip})`);
      if (chosen !== undefined && !played.value.chosenByCaller) {
        throw new ReplayDivergence(number, `the rules refused the move logged for the timeout (${chosen.move})`);
      }
      if (step.player !== undefined && played.value.player !== step.player) {
        throw new ReplayDivergence(number, `the timeout was ${played.value.player}'s, not ${step.player}'s`);
      }
      return played.value.next;
    }
    case 'leave': {
      const played = playLeave(game, match, step);
      if (!played.ok) throw new ReplayDivergence(number, `${played.error.code}: ${played.error.message}`);
      return played.value.next;
    }
    case 'move': {
      const played = playMove(game, match, step);
      if (!played.ok) throw new ReplayDivergence(number, `${played.error.code}: ${played.error.message}`);
      return played.value.next;
    }
  }
}
