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

/** What a turn's limit may depend on besides the state: whose turn starts, and the match's control. */
export interface TurnClockContext {
  readonly players: readonly PlayerId[];
  /** Whose turn it is in the turn order. */
  readonly currentPlayer: PlayerId;
  /** Whose clock starts: the current player, or one of several who may act at once. */
  readonly player: PlayerId;
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

/** One player's running turn: their clock runs from `since` (epoch ms) until they act or `deadline`. */
export interface RunningTurn {
  readonly seat: number;
  readonly since: number;
  /** When this player's time runs out; `null` when no limit applies to them. */
  readonly deadline: number | null;
}

/** The clock part of a match record: public (it is in every `state` message). */
export interface MatchClock {
  readonly control: TimeControl;
  /** When the match started (epoch ms): where a replay of the log begins. */
  readonly startedAt: number | null;
  /**
   * Every player who may act has a clock of their own that runs while they may: one entry each, by
   * seat. Empty unless the match is running.
   */
  readonly running: readonly RunningTurn[];
  /** When the running turn that runs out first started; `null` unless the match is running. */
  readonly turnStartedAt: number | null;
  /** The earliest deadline of `running`: when the match's next timeout is due; `null` when none is. */
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
  running: [],
  turnStartedAt: null,
  deadline: null,
  banks: null,
});

/** Where the match stands after a step, as far as clocks go: `null` once it is over. */
export interface TurnsAfter {
  readonly state: unknown;
  readonly players: readonly PlayerId[];
  readonly currentPlayer: PlayerId;
  readonly activePlayers: readonly PlayerId[];
  readonly turn: number;
}

/** The step that ends at `at`, as far as clocks go. */
export interface ClockStep {
  /** The seat of the player whose step it was (a move, a timeout, a leave). */
  readonly seat: number;
  /** Does it end the mover's turn (their clock restarts if they may still act)? Timeouts and leaves do. */
  readonly endsTurn: boolean;
  /** A move made in time earns the increment; a timeout or a leave does not. */
  readonly earnsIncrement: boolean;
}

/** The clock of a match that starts at `at`: full banks, and a running turn for everyone who may act. */
export function startClock(
  game: { clock?: GameClock<unknown> },
  clock: MatchClock,
  turns: TurnsAfter,
  at: number,
): MatchClock {
  const banks = clock.control.bankMs === undefined ? null : turns.players.map(() => clock.control.bankMs as number);
  const started = { ...clock, startedAt: at, banks };
  const running = turns.activePlayers.map((player) => beginTurn(game, started, turns, player, at));
  return summarized({ ...started, running });
}

/**
 * The clock after a step at `at`. A player's clock runs while they may act: it stops when they stop
 * being able to (their bank charged for the time used beyond the delay, never below zero, plus the
 * increment when it was their own move made in time), and starts afresh whenever they become able to
 * again, or after a move of theirs that ends their turn. A turn that goes on (`endsTurn` false) keeps
 * its clock running, and a step by someone whose clock does not run changes nobody else's, unless it
 * changes who may act. `after` `null`: the match is over, and every clock stops.
 */
export function clockAfterStep(
  game: { clock?: GameClock<unknown> },
  clock: MatchClock,
  step: ClockStep,
  after: TurnsAfter | null,
  at: number,
): MatchClock {
  const banks = clock.banks === null ? null : [...clock.banks];
  const running: RunningTurn[] = [];
  const mayAct = (seat: number) => after?.activePlayers.includes(after.players[seat] as PlayerId) === true;
  for (const turn of clock.running) {
    const isMover = turn.seat === step.seat;
    const goesOn = mayAct(turn.seat) && !(isMover && step.endsTurn);
    if (goesOn) {
      running.push(turn);
      continue;
    }
    if (banks !== null)
      banks[turn.seat] = charged(clock, banks[turn.seat] ?? 0, turn, at, isMover && step.earnsIncrement);
  }
  const next = { ...clock, banks };
  if (after !== null) {
    for (const player of after.activePlayers) {
      const seat = after.players.indexOf(player);
      if (!running.some((turn) => turn.seat === seat)) running.push(beginTurn(game, next, after, player, at));
    }
  }
  running.sort((a, b) => a.seat - b.seat);
  return summarized({ ...next, running });
}

/** A bank after its turn ends at `at`: less the time used beyond the delay, plus the increment when earned. */
function charged(clock: MatchClock, bank: number, turn: RunningTurn, at: number, earnedIncrement: boolean): number {
  const elapsed = Math.max(0, at - turn.since);
  const used = Math.max(0, elapsed - (clock.control.delayMs ?? 0));
  return Math.max(0, bank - used) + (earnedIncrement ? (clock.control.incrementMs ?? 0) : 0);
}

/** `player`'s turn starting at `at`: it ends at the turn limit or when their delay and bank run out. */
function beginTurn(
  game: { clock?: GameClock<unknown> },
  clock: MatchClock,
  turns: TurnsAfter,
  player: PlayerId,
  at: number,
): RunningTurn {
  const limit = game.clock?.turnLimit(turns.state, {
    players: turns.players,
    currentPlayer: turns.currentPlayer,
    player,
    turn: turns.turn,
    control: clock.control,
  });
  const seat = turns.players.indexOf(player);
  const ends: number[] = [];
  if (limit !== undefined) ends.push(at + Math.max(0, limit));
  const bank = clock.banks?.[seat];
  if (bank !== undefined) ends.push(at + (clock.control.delayMs ?? 0) + bank);
  return { seat, since: at, deadline: ends.length === 0 ? null : Math.min(...ends) };
}

/** `turnStartedAt` and `deadline` kept in step with `running`: the turn that runs out first. */
function summarized(clock: MatchClock): MatchClock {
  let first: RunningTurn | undefined;
  for (const turn of clock.running) {
    if (turn.deadline !== null && (first?.deadline == null || turn.deadline < first.deadline)) first = turn;
  }
  first ??= clock.running[0];
  return { ...clock, turnStartedAt: first?.since ?? null, deadline: first?.deadline ?? null };
}

/** The clock of a match that is over: nothing runs. */
export const stoppedClock = (clock: MatchClock): MatchClock => ({
  ...clock,
  running: [],
  turnStartedAt: null,
  deadline: null,
});

/** `seat`'s running turn, if their clock runs. */
export const runningTurnOf = (clock: MatchClock | undefined, seat: number): RunningTurn | undefined =>
  clock?.running.find((turn) => turn.seat === seat);

/** Has `seat`'s time run out at `at`? A move at the very deadline is too late. */
export function isTimeUp(clock: MatchClock | undefined, seat: number, at: number): boolean {
  const deadline = runningTurnOf(clock, seat)?.deadline ?? null;
  return deadline !== null && at >= deadline;
}

/** The player whose time ran out first by `at` (earliest deadline, then seat), if anyone's has. */
export function firstOverdue(clock: MatchClock | undefined, at: number): RunningTurn | undefined {
  let overdue: RunningTurn | undefined;
  for (const turn of clock?.running ?? []) {
    if (turn.deadline === null || at < turn.deadline) continue;
    if (overdue === undefined || turn.deadline < (overdue.deadline as number)) overdue = turn;
  }
  return overdue;
}
