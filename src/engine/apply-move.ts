import { argsOutOfBounds } from './args-bounds.js';
import { isTimeUp, passTurn } from './clock.js';
import type { AnyGame, GameContext, PlayerId } from './define-game.js';
import { deepFreeze, frozenCopy } from './freeze.js';
import { type Match, timeOf } from './match.js';
import { createRandom, type RandomSource } from './random.js';
import { accept, isInvalidMove, type Result, reject } from './rejection.js';

export interface MoveRequest {
  readonly player: PlayerId;
  readonly move: string;
  /** Raw, untrusted arguments: the move's schema decides what they are. */
  readonly args: unknown;
  /** When the move was made, epoch ms (the handler's clock); see `timeOf` for a request without one. */
  readonly at?: number;
}

/**
 * The heart of turngate: (match, request) -> the next match (version + 1) or a typed rejection.
 * Pure: no I/O, no clock, randomness only from the match's own seeded generator; never mutates
 * `match`, and never throws for bad input (a rule that throws is a bug in the game, and surfaces).
 */
export function applyMove(game: AnyGame, match: Match, request: MoveRequest): Result<Match> {
  const played = playMove(game, match, request);
  return played.ok ? accept(played.value.next) : played;
}

/** A move applied, with the arguments its rules saw: what a log may keep of it. */
export interface PlayedMove {
  readonly next: Match;
  /** The schema's output (unknown keys stripped), never the raw arguments. */
  readonly args: unknown;
}

/** applyMove, also answering the parsed arguments, so nothing downstream parses them a second time. */
export function playMove(game: AnyGame, match: Match, request: MoveRequest): Result<PlayedMove> {
  if (match.status !== 'running' || match.state === null || match.currentPlayer === null) {
    return reject('game_not_running', match.status === 'finished' ? 'the game is over' : 'the game has not started');
  }
  if (!match.players.includes(request.player)) return reject('not_a_player', 'you are not seated in this match');
  if (match.currentPlayer !== request.player) return reject('not_your_turn', 'it is not your turn');
  const at = timeOf(match, request.at);
  // Too late is too late, however the race with the timer went: the timeout decides this turn.
  if (isTimeUp(match.clock, at)) return reject('time_up', 'your time for this turn has run out');
  const args = parseMoveArgs(game, request.move, request.args);
  if (!args.ok) return args;
  const { random, drawn } = createRandom(match.seed, match.randomState);
  return advance(game, match, { move: request.move, args: args.value }, { random, drawn, at, timedOut: false });
}

/** What a timeout did: the move the rules chose for the player, or that player lost. */
export type TimeoutOutcome =
  | { readonly kind: 'move'; readonly move: string; readonly args: unknown }
  | { readonly kind: 'lost' };

export interface PlayedTimeout {
  readonly next: Match;
  /** Whose time ran out. */
  readonly player: PlayerId;
  readonly outcome: TimeoutOutcome;
}

/** Why a timeout changed nothing: the match is not running (untimed), moved on, or is not due yet. */
export type TimeoutSkip = 'not_running' | 'other_turn' | 'not_due';

/**
 * The current player's time ran out: played in the match's own order like any move, so it applies
 * only while the match is running at `turn` and `at` is at or past the deadline; otherwise it is
 * skipped and changes nothing. The rules' `onTimeout` chooses a move (drawing from the match's own
 * random source, so a replay draws the same), played with no increment; without it the player loses.
 */
export function playTimeout(
  game: AnyGame,
  match: Match,
  timer: { readonly turn: number; readonly at: number },
): { readonly ok: true; readonly value: PlayedTimeout } | { readonly ok: false; readonly skip: TimeoutSkip } {
  const { clock, state, currentPlayer } = match;
  if (match.status !== 'running' || clock === undefined || state === null || currentPlayer === null) {
    return { ok: false, skip: 'not_running' };
  }
  if (match.turn !== timer.turn) return { ok: false, skip: 'other_turn' };
  if (!isTimeUp(clock, timer.at)) return { ok: false, skip: 'not_due' };

  const { random, drawn } = createRandom(match.seed, match.randomState);
  const onTimeout = game.clock?.onTimeout;
  if (onTimeout === undefined) {
    const winners = match.players.filter((player) => player !== currentPlayer);
    const next: Match = {
      ...match,
      status: 'finished',
      currentPlayer: null,
      result: { winners },
      turn: match.turn + 1,
      version: match.version + 1,
      clock: passTurn(game, clock, { seat: seatOf(match, currentPlayer), timedOut: true }, null, timer.at),
    };
    return { ok: true, value: { next, player: currentPlayer, outcome: { kind: 'lost' } } };
  }
  const ctx: GameContext = { players: match.players, currentPlayer, turn: match.turn, random };
  const chosen = onTimeout(frozenCopy(state), ctx);
  // A choice the game's own schema or rules refuse is a bug in the game: it surfaces, like a rule that throws.
  const args = parseMoveArgs(game, chosen.move, chosen.args);
  if (!args.ok) throw new Error(`${game.name}: onTimeout chose "${chosen.move}": ${args.error.message}`);
  const played = advance(
    game,
    match,
    { move: chosen.move, args: args.value },
    {
      random,
      drawn,
      at: timer.at,
      timedOut: true,
    },
  );
  if (!played.ok) throw new Error(`${game.name}: onTimeout chose "${chosen.move}": ${played.error.message}`);
  return {
    ok: true,
    value: {
      next: played.value.next,
      player: currentPlayer,
      outcome: { kind: 'move', move: chosen.move, args: args.value },
    },
  };
}

interface Draws {
  readonly random: RandomSource;
  readonly drawn: () => number;
  readonly at: number;
  readonly timedOut: boolean;
}

/** Runs a parsed move for the current player of a running match and moves the turn (and clock) on. */
function advance(
  game: AnyGame,
  match: Match,
  chosen: { readonly move: string; readonly args: unknown },
  { random, drawn, at, timedOut }: Draws,
): Result<PlayedMove> {
  const currentPlayer = match.currentPlayer as PlayerId;
  // An own property: parseMoveArgs has checked, so `__proto__` and friends never get here.
  const move = game.moves[chosen.move];
  if (move === undefined) return reject('unknown_move', `${game.name} has no move "${chosen.move}"`);
  const ctx: GameContext = { players: match.players, currentPlayer, turn: match.turn, random };
  const next = move.apply(frozenCopy(match.state), chosen.args, ctx);
  if (isInvalidMove(next)) return reject('invalid_move', next.reason);

  const state = deepFreeze(next);
  const result = game.endIf(state, ctx);
  const common = { ...match, state, turn: match.turn + 1, version: match.version + 1, randomState: drawn() };
  const mover = { seat: seatOf(match, currentPlayer), timedOut };
  if (result !== undefined) {
    const clock = match.clock && passTurn(game, match.clock, mover, null, at);
    return accept({
      next: { ...common, status: 'finished', currentPlayer: null, result, ...(clock && { clock }) },
      args: chosen.args,
    });
  }

  const nextPlayer = game.nextPlayer(state, ctx);
  if (!match.players.includes(nextPlayer)) {
    throw new Error(`${game.name}: turn.next chose "${nextPlayer}", who is not seated`);
  }
  const turn = { state, players: match.players, currentPlayer: nextPlayer, turn: common.turn };
  const clock = match.clock && passTurn(game, match.clock, mover, turn, at);
  return accept({ next: { ...common, currentPlayer: nextPlayer, ...(clock && { clock }) }, args: chosen.args });
}

const seatOf = (match: Match, player: PlayerId): number => match.players.indexOf(player);

/**
 * A move's arguments as its rules see them: bounded in size and depth (a game may lower the byte
 * bound), then parsed by the move's schema, which strips keys it does not know. Whatever is stored
 * or sent about a move carries this output, never the raw arguments: pure, so the same raw
 * arguments always give the same output.
 */
export function parseMoveArgs(game: AnyGame, moveName: string, args: unknown): Result<unknown> {
  const move = Object.hasOwn(game.moves, moveName) ? game.moves[moveName] : undefined;
  if (move === undefined) return reject('unknown_move', `${game.name} has no move "${moveName}"`);
  // Before the schema: a schema recurses, and may be asked to walk whatever a client nested.
  const outOfBounds = argsOutOfBounds(args, game.maxArgsBytes);
  if (outOfBounds !== undefined) return reject('bad_args', outOfBounds);
  const parsed = move.args.safeParse(args);
  return parsed.success ? accept(parsed.data) : reject('bad_args', describeIssues(parsed.error.issues));
}

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
