import { chooseTimeControl, idleClock, type MatchClock, startClock, stoppedClock, type TimeControl } from './clock.js';
import type { AnyGame, GameResult, PlayerId } from './define-game.js';
import { deepFreeze } from './freeze.js';
import { createRandom } from './random.js';
import { accept, type Result, reject } from './rejection.js';
import { activePlayersOf, assertSeated } from './turn-order.js';

/** A match moves through these states in this order only; each transition is idempotent. */
export type MatchStatus = 'waiting' | 'running' | 'finished';

/** Everything the engine needs to know about one match: the record that stores persist. */
export interface Match<S = unknown> {
  readonly game: string;
  readonly status: MatchStatus;
  /** How many seats this match has, between the game's min and max players. */
  readonly seats: number;
  /** Seated players, by seat. */
  readonly players: readonly PlayerId[];
  /** The game's state; `null` until the match starts. */
  readonly state: S | null;
  /** Whose turn it is in the turn order; `null` unless the match is running. */
  readonly currentPlayer: PlayerId | null;
  /** Who may act now, by seat (README "Who may act"); empty unless the match is running. */
  readonly activePlayers: readonly PlayerId[];
  /** Seated players who left the running match, in the order they left: they keep their seat, never move again. */
  readonly left: readonly PlayerId[];
  /** 0 before the first step; +1 per accepted step (a move, a timeout, a leave). */
  readonly turn: number;
  /** +1 on every change of the record, so stores can lock optimistically on it. */
  readonly version: number;
  readonly result: GameResult | null;
  /**
   * The secret that fixes every random draw of the match: whoever knows it can predict the dice of a
   * hidden-information game. Choose it unguessable (a random UUID) and never show it to players.
   */
  readonly seed: string;
  /** How many numbers the match's random source has drawn so far (not secret: the seed is). */
  readonly randomState: number;
  /** Deadlines and banks (clock.ts); absent for an untimed match. */
  readonly clock?: MatchClock;
  /** Seats bots play, and the bots a match's creator chose for timeouts and leavers; absent without bots. */
  readonly bots?: MatchBots;
  /**
   * A quick-match table (handlers/matchmaking.ts): its players are the ones a pool's queue chose for
   * it, so a leave before it starts cancels it for all of them, rather than freeing a seat that the
   * queue would fill with the leaver again. Absent on a match made any other way.
   */
  readonly quickMatch?: true;
}

/**
 * The bots of a match (README "Bots"). The rules never see them: a bot's move is a move of its seat,
 * settled like anyone's; this record only says who chooses it.
 */
export interface MatchBots {
  /** The bot that plays each seat a bot plays, by player id: a bot's own seat, or a leaver's it took over. */
  readonly seats: Readonly<Record<PlayerId, string>>;
  /** Chooses the move of a player whose time runs out, instead of the game's `onTimeout`. */
  readonly onTimeout?: string;
  /** Takes over the seat of a player who leaves, where the game allows it (`bots.replaceLeavers`). */
  readonly replaceLeavers?: string;
}

export interface CreateMatchOptions {
  readonly seed: string;
  /** Defaults to the game's minimum number of players. */
  readonly seats?: number;
  /** The creator's pick, within what the game allows; the game's default when absent. */
  readonly timeControl?: TimeControl;
  /** Bots for timeouts and leavers (bot seats are seated like players, then named in `seats`). */
  readonly bots?: MatchBots;
}

export function createMatch(game: AnyGame, options: CreateMatchOptions): Result<Match> {
  const seats = options.seats ?? game.players.min;
  if (!Number.isInteger(seats) || seats < game.players.min || seats > game.players.max) {
    return reject('bad_args', `${game.name} is played by ${game.players.min} to ${game.players.max} players`);
  }
  const control = chooseTimeControl(game.clock, game.name, options.timeControl);
  if (!control.ok) return control;
  return accept({
    game: game.name,
    status: 'waiting',
    seats,
    players: [],
    state: null,
    currentPlayer: null,
    activePlayers: [],
    left: [],
    turn: 0,
    version: 1,
    result: null,
    seed: options.seed,
    randomState: 0,
    ...(control.value === undefined ? {} : { clock: idleClock(control.value) }),
    ...(options.bots && { bots: options.bots }),
  });
}

/**
 * Seats a player; seating someone already seated changes nothing. A full table starts the match, at
 * `at` (epoch ms, which a timed match needs: its first turn's clock starts then).
 */
export function seatPlayer(game: AnyGame, match: Match, player: PlayerId, at?: number): Result<Match> {
  if (match.players.includes(player)) return accept(match);
  // A full table starts itself, so fullness is checked first: otherwise match_full could never be answered.
  if (match.players.length >= match.seats) return reject('match_full', 'every seat is taken');
  if (match.status !== 'waiting') {
    return reject(
      'game_not_running',
      match.status === 'finished' ? 'this match is over' : 'this match has already started',
    );
  }
  const seated: Match = { ...match, players: [...match.players, player], version: match.version + 1 };
  return seated.players.length === seated.seats ? startMatch(game, seated, at) : accept(seated);
}

/**
 * Starts the match with the players seated so far; starting a running match changes nothing. A timed
 * match's first turn starts at `at` (epoch ms; see `timeOf` when it is left out).
 */
export function startMatch(game: AnyGame, match: Match, at?: number): Result<Match> {
  if (match.status === 'running') return accept(match);
  if (match.status === 'finished') return reject('game_not_running', 'this match is over');
  if (match.players.length < game.players.min) {
    return reject('not_enough_players', `${game.name} needs at least ${game.players.min} players`);
  }
  const { random, drawn } = createRandom(match.seed, match.randomState);
  const setupContext = { players: match.players, random };
  const state = deepFreeze(game.setup(setupContext));
  const first = assertSeated(game.name, 'turn.first', match.players, game.turnOrder.first(state, setupContext));
  const turns = { players: match.players, currentPlayer: first, left: match.left, turn: 1 };
  const activePlayers = activePlayersOf(game, state, turns);
  if (activePlayers.length === 0) throw new Error(`${game.name}: turn.active chose nobody to start the match`);
  const started: Match = {
    ...match,
    status: 'running',
    state,
    currentPlayer: first,
    activePlayers,
    turn: 1,
    version: match.version + 1,
    randomState: drawn(),
  };
  if (match.clock === undefined) return accept(started);
  return accept({
    ...started,
    clock: startClock(game, match.clock, { ...turns, state, activePlayers }, timeOf(match, at)),
  });
}

/**
 * A player leaves a match that has not started: their seat is free again. A match left with nobody
 * seated is cancelled (finished, abandoned): its creator walked away; so is a quick-match table left
 * by anyone (`quickMatch`). Leaving a match one is not seated in is refused; a running match is left
 * through `playLeave`, a step of the match.
 */
export function leaveWaitingMatch(match: Match, player: PlayerId): Result<Match> {
  if (match.status !== 'waiting') return reject('game_not_running', 'this match is not waiting for players');
  if (!match.players.includes(player)) return reject('not_a_player', 'you are not seated in this match');
  const players = match.players.filter((seated) => seated !== player);
  if (players.length === 0 || match.quickMatch) return accept(finishMatch({ ...match, players }, { abandoned: true }));
  return accept({ ...match, players, version: match.version + 1 });
}

/**
 * The time of a request, epoch ms. Servers always pass it; a request without one (a rules test that
 * does not care about time) is taken as made the instant its turn started, so time stands still and
 * no clock runs out: deterministic either way.
 */
export const timeOf = (match: Pick<Match, 'clock'>, at: number | undefined): number =>
  at ?? match.clock?.turnStartedAt ?? 0;

/** Ends the match with a result; finishing a finished match changes nothing. */
export function finishMatch(match: Match, result: GameResult): Match {
  if (match.status === 'finished') return match;
  const clock = match.clock && stoppedClock(match.clock);
  return {
    ...match,
    status: 'finished',
    currentPlayer: null,
    activePlayers: [],
    result,
    version: match.version + 1,
    ...(clock && { clock }),
  };
}

/**
 * A match record as an older version of turngate stored it, brought up to this one: one mover and
 * their clock become `activePlayers` and one running turn, and nobody has left. A record that is
 * current comes back as it is. Stores call this on every record they read.
 */
export function upgradeMatch(record: Match): Match {
  const legacy = record as Match & { activePlayers?: readonly PlayerId[]; left?: readonly PlayerId[] };
  const clock = legacy.clock as (MatchClock & { running?: MatchClock['running'] }) | undefined;
  if (legacy.activePlayers !== undefined && legacy.left !== undefined && (clock === undefined || clock.running)) {
    return record;
  }
  const mover = record.status === 'running' ? record.currentPlayer : null;
  const seat = mover === null ? -1 : record.players.indexOf(mover);
  const running =
    clock?.running ??
    (seat >= 0 && clock?.turnStartedAt != null ? [{ seat, since: clock.turnStartedAt, deadline: clock.deadline }] : []);
  return {
    ...record,
    activePlayers: legacy.activePlayers ?? (mover === null ? [] : [mover]),
    left: legacy.left ?? [],
    ...(clock && { clock: { ...clock, running } }),
  };
}
