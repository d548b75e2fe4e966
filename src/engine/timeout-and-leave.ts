import { parseMoveArgs, runMove } from './apply-move.js';
import type { LegalMove } from './bot.js';
import { firstOverdue } from './clock.js';
import type { AnyGame, PlayerId } from './define-game.js';
import { frozenCopy } from './freeze.js';
import type { Match } from './match.js';
import { createRandom } from './random.js';
import { accept, type Result, reject } from './rejection.js';
import { completeStep, contextFor, type Draws } from './step.js';

/**
 * Steps of a match that are no player's move: a player's time running out, and a player leaving.
 * Each enters the match's own order like a move, and is logged with its player and time.
 */

/** The move names a log gives these steps: no game's move may start with `$`. */
export const LEAVE_MOVE = '$leave';
export const TIMEOUT_LOSS_MOVE = '$lost';

/** What a timeout did: the move the rules chose for the player, or that player is out of the match. */
export type TimeoutOutcome =
  | { readonly kind: 'move'; readonly move: string; readonly args: unknown }
  | { readonly kind: 'lost' };

export interface PlayedTimeout {
  readonly next: Match;
  /** Whose time ran out. */
  readonly player: PlayerId;
  readonly outcome: TimeoutOutcome;
  /** The move was the caller's `choose` (a bot's), not the game's `onTimeout`: a replay must play it as logged. */
  readonly chosenByCaller: boolean;
}

export interface TimeoutRequest {
  readonly at: number;
  /**
   * A move for the player whose time ran out, chosen by the caller (the match's timeout bot) instead
   * of the game's `onTimeout`; a choice the rules refuse falls back to the game's own way.
   */
  readonly choose?: (player: PlayerId) => LegalMove | undefined;
}

/** Why a timeout changed nothing: the match is not running with a clock, or nobody's time has run out by then. */
export type TimeoutSkip = 'not_running' | 'not_due';

/**
 * Somebody's time ran out by `at`: the player whose deadline passed first (then by seat) is timed
 * out, one player per step. A timer may fire late, twice, or after the game moved on: whatever fired
 * it, only a running clock past its deadline is settled, so a stale timer changes nothing. The rules'
 * `onTimeout` chooses a move for that player (drawing from the match's own random source, so a replay
 * draws the same), played with no increment and ending their turn; without it the player is out of
 * the match as if they had left (`onLeave`; in a two-player game, they lose).
 */
export function playTimeout(
  game: AnyGame,
  match: Match,
  { at, choose }: TimeoutRequest,
): { readonly ok: true; readonly value: PlayedTimeout } | { readonly ok: false; readonly skip: TimeoutSkip } {
  if (match.status !== 'running' || match.clock === undefined || match.state === null) {
    return { ok: false, skip: 'not_running' };
  }
  const overdue = firstOverdue(match.clock, at);
  if (overdue === undefined) return { ok: false, skip: 'not_due' };
  const player = match.players[overdue.seat] as PlayerId;
  const draws = { ...createRandom(match.seed, match.randomState), at };
  const kind = { endsTurn: true, earnsIncrement: false, left: match.left };

  const chosenByCaller = choose && playChosen(game, match, player, choose(player), draws);
  if (chosenByCaller) return { ok: true, value: { ...chosenByCaller, player, chosenByCaller: true } };

  const onTimeout = game.clock?.onTimeout;
  if (onTimeout === undefined) {
    const next = unwrap(game, 'a timeout', leaveStep(game, match, player, TIMEOUT_LOSS_MOVE, draws));
    return { ok: true, value: { next, player, outcome: { kind: 'lost' }, chosenByCaller: false } };
  }
  const chosen = onTimeout(frozenCopy(match.state), contextFor(match, player, draws.random));
  // A choice the game's own schema or rules refuse is a bug in the game: it surfaces, like a rule that throws.
  const args = parseMoveArgs(game, chosen.move, chosen.args);
  const what = `onTimeout chose "${chosen.move}"`;
  if (!args.ok) throw new Error(`${game.name}: ${what}: ${args.error.message}`);
  const played = { player, move: chosen.move, args: args.value };
  const next = unwrap(game, what, runMove(game, match, played, kind, draws));
  const outcome = { kind: 'move', move: chosen.move, args: args.value } as const;
  return { ok: true, value: { next, player, outcome, chosenByCaller: false } };
}

/** The caller's choice for `player`, played as a timeout's move: `undefined` when there is none or the rules refuse it. */
function playChosen(
  game: AnyGame,
  match: Match,
  player: PlayerId,
  chosen: LegalMove | undefined,
  draws: Draws,
): Pick<PlayedTimeout, 'next' | 'outcome'> | undefined {
  if (chosen === undefined) return undefined;
  const args = parseMoveArgs(game, chosen.move, chosen.args);
  if (!args.ok) return undefined;
  const kind = { endsTurn: true, earnsIncrement: false, left: match.left };
  const next = runMove(game, match, { player, move: chosen.move, args: args.value }, kind, draws);
  return next.ok ? { next: next.value, outcome: { kind: 'move', move: chosen.move, args: args.value } } : undefined;
}

export interface PlayedLeave {
  readonly next: Match;
}

/**
 * `player` leaves a running match: a step in the match's order, like a timeout. They keep their seat
 * but never move again; the rules' `onLeave` may change the state; the turn moves on if it was
 * theirs. A player who already left is refused with `player_left` (the caller may treat it as done).
 */
export function playLeave(
  game: AnyGame,
  match: Match,
  request: { readonly player: PlayerId; readonly at: number },
): Result<PlayedLeave> {
  const { player, at } = request;
  if (match.status !== 'running' || match.state === null) {
    return reject('game_not_running', match.status === 'finished' ? 'the game is over' : 'the game has not started');
  }
  if (!match.players.includes(player)) return reject('not_a_player', 'you are not seated in this match');
  if (match.left.includes(player)) return reject('player_left', 'you have left this match');
  const draws = { ...createRandom(match.seed, match.randomState), at };
  const next = leaveStep(game, match, player, LEAVE_MOVE, draws);
  return next.ok ? accept({ next: next.value }) : next;
}

/** The step that takes `player` out of the match: onLeave, then whatever follows it. */
function leaveStep(game: AnyGame, match: Match, player: PlayerId, move: string, draws: Draws): Result<Match> {
  const left = [...match.left, player];
  const state = game.onLeave(frozenCopy(match.state), contextFor(match, player, draws.random, left));
  const kind = { endsTurn: true, earnsIncrement: false, left };
  return completeStep(game, match, state, { player, move, args: null }, kind, draws);
}

/** A step the rules themselves chose must apply: when it does not, the game has a bug, and it surfaces. */
function unwrap(game: AnyGame, what: string, result: Result<Match>): Match {
  if (!result.ok) throw new Error(`${game.name}: ${what}: ${result.error.message}`);
  return result.value;
}
