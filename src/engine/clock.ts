import type { GameContext, PlayerId } from './define-game.js';
import { accept, type Result, reject } from './rejection.js';

/**
 * Clocks, pure. Time is an input: the handler reads its Clock port and passes `at` (epoch ms) with
 * every request, and the move log keeps it, so replaying the log with its recorded times gives the
 * very same deadlines and banks. Nothing here reads a clock or keeps one running.
 */

/**
 * A match's time control. A per-turn limit (`turnMs`), a chess clock (`bankMs` per player, with a
 * Fischer `incrementMs` added after each of their moves, or a `delayMs` that runs before the bank
 * does), or both: a turn then ends at whichever runs out first. All in milliseconds.
 */
export interface TimeControl {
  readonly turnMs?: number;
  readonly bankMs?: number;
  readonly incrementMs?: number;
  readonly delayMs?: number;
}

/** What a match's creator may pick, per field, inclusive. A field without bounds may not be picked. */
export interface TimeControlBounds {
  readonly turnMs?: { readonly min: number; readonly max: number };
  readonly bankMs?: { readonly min: number; readonly max: number };
  readonly incrementMs?: { readonly min: number; readonly max: number };
  readonly delayMs?: { readonly min: number; readonly max: number };
}

/** What the per-turn limit may depend on besides the state: who moves, and the match's control. */
export interface TurnClockContext {
  readonly players: readonly PlayerId[];
  readonly currentPlayer: PlayerId;
  readonly turn: number;
  readonly control: TimeControl;
}

/** What a game's rules chose to do for a player whose time ran out: one of its own moves. */
export interface TimeoutMove {
  readonly move: string;
  readonly args: unknown;
}

/** A game's clock, as `defineGame` normalises it. */
export interface GameClock<S> {
  /** The control a match gets when its creator picks none; no clock when absent. */
  readonly default?: TimeControl;
  readonly allow: TimeControlBounds;
  /** This turn's limit in ms, or `undefined` for none; by default the control's `turnMs`. */
  turnLimit(state: S, ctx: TurnClockContext): number | undefined;
  /** The rules' move for a player who timed out; absent: that player loses. */
  onTimeout?(state: S, ctx: GameContext): TimeoutMove;
}

/** The clock part of a match record: public (it is in every `state` message). */
export interface MatchClock {
  readonly control: TimeControl;
  /** When the match started (epoch ms): where a replay of the log begins. */
  readonly startedAt: number | null;
  /** When the current turn started; `null` unless the match is running. */
  readonly turnStartedAt: number | null;
  /** When the current turn times out; `null` when no limit applies or the match is not running. */
  readonly deadline: number | null;
  /** Each seat's remaining bank, in the order of `players`, when the control has a bank. */
  readonly banks: readonly number[] | null;
}

const FIELDS = ['turnMs', 'bankMs', 'incrementMs', 'delayMs'] as const;

/** One week: longer limits are almost certainly a unit mistake (seconds for ms is the other way round). */
export const MAX_CLOCK_MS = 7 * 24 * 60 * 60 * 1000;

/** Is `control` well formed on its own (whole, bounded ms; something that can run out)? */
export function timeControlProblem(control: TimeControl): string | undefined {
  for (const field of FIELDS) {
    const value = control[field];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0 || value > MAX_CLOCK_MS) {
      return `${field} must be a whole number of milliseconds from 0 to ${MAX_CLOCK_MS}`;
    }
  }
  if (control.turnMs === undefined && control.bankMs === undefined) return 'a time control needs turnMs or bankMs';
  if (control.turnMs !== undefined && control.turnMs < 1) return 'turnMs must be at least 1';
  if (control.bankMs === undefined && (control.incrementMs !== undefined || control.delayMs !== undefined)) {
    return 'incrementMs and delayMs need a bank (bankMs)';
  }
  if (control.incrementMs !== undefined && control.delayMs !== undefined) {
    return 'choose an increment or a delay, not both';
  }
  return undefined;
}

/**
 * The control a new match gets: the creator's pick when the game allows every field of it within its
 * bounds, else a `bad_args` rejection naming the field; the game's default when nothing is picked.
 */
export function chooseTimeControl(
  clock: GameClock<unknown> | undefined,
  gameName: string,
  requested: TimeControl | undefined,
): Result<TimeControl | undefined> {
  if (requested === undefined) return accept(clock?.default);
  if (clock === undefined) return reject('bad_args', `${gameName} has no clock`);
  const problem = timeControlProblem(requested);
  if (problem !== undefined) return reject('bad_args', problem);
  for (const field of FIELDS) {
    const value = requested[field];
    if (value === undefined) continue;
    const bounds = clock.allow[field];
    if (bounds === undefined) return reject('bad_args', `${gameName} does not let a match choose ${field}`);
    if (value < bounds.min || value > bounds.max) {
      return reject('bad_args', `${gameName} allows ${field} from ${bounds.min} to ${bounds.max}`);
    }
  }
  return accept({ ...requested });
}

/** A clock that has not started: a waiting match's. */
export const idleClock = (control: TimeControl): MatchClock => ({
  control,
  startedAt: null,
  turnStartedAt: null,
  deadline: null,
  banks: null,
});

interface Turn {
  readonly state: unknown;
  readonly players: readonly PlayerId[];
  readonly currentPlayer: PlayerId;
  readonly turn: number;
}

/** The clock of a match that starts at `at`: full banks, and the first turn's deadline. */
export function startClock(
  game: { clock?: GameClock<unknown> },
  clock: MatchClock,
  turn: Turn,
  at: number,
): MatchClock {
  const banks = clock.control.bankMs === undefined ? null : turn.players.map(() => clock.control.bankMs as number);
  return beginTurn(game, { ...clock, startedAt: at, banks }, turn, at);
}

/**
 * Charges the mover for the turn that ends at `at`, then starts the next turn (or stops the clock
 * when `next` is `null`: the match is over). A bank loses the time used beyond the delay, never going
 * below zero, and gains the increment only for a move the player made in time (`timedOut` false).
 * Only the mover's bank changes.
 */
export function passTurn(
  game: { clock?: GameClock<unknown> },
  clock: MatchClock,
  mover: { readonly seat: number; readonly timedOut: boolean },
  next: Turn | null,
  at: number,
): MatchClock {
  const charged = { ...clock, banks: chargedBanks(clock, mover, at) };
  if (next === null) return { ...charged, turnStartedAt: null, deadline: null };
  return beginTurn(game, charged, next, at);
}

function chargedBanks(
  clock: MatchClock,
  mover: { readonly seat: number; readonly timedOut: boolean },
  at: number,
): readonly number[] | null {
  if (clock.banks === null) return null;
  const elapsed = Math.max(0, at - (clock.turnStartedAt ?? at));
  const used = Math.max(0, elapsed - (clock.control.delayMs ?? 0));
  const increment = mover.timedOut ? 0 : (clock.control.incrementMs ?? 0);
  return clock.banks.map((bank, seat) => (seat === mover.seat ? Math.max(0, bank - used) + increment : bank));
}

/** The turn starting at `at`: it ends at the turn limit or when the mover's delay and bank run out. */
function beginTurn(game: { clock?: GameClock<unknown> }, clock: MatchClock, turn: Turn, at: number): MatchClock {
  const limit = game.clock?.turnLimit(turn.state, {
    players: turn.players,
    currentPlayer: turn.currentPlayer,
    turn: turn.turn,
    control: clock.control,
  });
  const ends: number[] = [];
  if (limit !== undefined) ends.push(at + Math.max(0, limit));
  const bank = clock.banks?.[turn.players.indexOf(turn.currentPlayer)];
  if (bank !== undefined) ends.push(at + (clock.control.delayMs ?? 0) + bank);
  return { ...clock, turnStartedAt: at, deadline: ends.length === 0 ? null : Math.min(...ends) };
}

/** Has the current turn's time run out at `at`? A move at the very deadline is too late. */
export const isTimeUp = (clock: MatchClock | undefined, at: number): boolean =>
  clock !== undefined && clock.deadline !== null && at >= clock.deadline;
