import { argsOutOfBounds } from './args-bounds.js';
import { isTimeUp } from './clock.js';
import type { AnyGame, GameMove, PlayedStep, PlayerId } from './define-game.js';
import { frozenCopy } from './freeze.js';
import { type Match, timeOf } from './match.js';
import { createRandom } from './random.js';
import { accept, isInvalidMove, type Result, reject } from './rejection.js';
import { completeStep, contextFor, type Draws, factsFor, type StepKind } from './step.js';

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
  const { player } = request;
  if (!match.players.includes(player)) return reject('not_a_player', 'you are not seated in this match');
  if (match.left.includes(player)) return reject('player_left', 'you have left this match');
  const move = moveOf(game, request.move);
  if (move === undefined) return reject('unknown_move', `${game.name} has no move "${request.move}"`);
  if (!mayMake(move, match, player)) return reject('not_your_turn', 'it is not your turn');
  const at = timeOf(match, request.at);
  // Too late is too late, however the race with the timer went: the timeout decides this turn.
  if (isTimeUp(match.clock, match.players.indexOf(player), at)) {
    return reject('time_up', 'your time for this turn has run out');
  }
  const args = parseMoveArgs(game, request.move, request.args);
  if (!args.ok) return args;
  const draws = { ...createRandom(match.seed, match.randomState), at };
  const step = { endsTurn: move.endsTurn, earnsIncrement: true, left: match.left };
  const next = runMove(game, match, { player, move: request.move, args: args.value }, step, draws);
  return next.ok ? accept({ next: next.value, args: args.value }) : next;
}

/**
 * Runs a parsed move's rules for `played.player` and completes the step. Shared by a player's own move
 * and the move a timeout's rules choose for them.
 */
export function runMove(game: AnyGame, match: Match, played: PlayedStep, kind: StepKind, draws: Draws): Result<Match> {
  const move = moveOf(game, played.move);
  if (move === undefined) return reject('unknown_move', `${game.name} has no move "${played.move}"`);
  const ctx = contextFor(match, played.player, draws.random);
  const next = move.apply(frozenCopy(match.state), played.args, ctx);
  if (isInvalidMove(next)) return reject('invalid_move', next.reason);
  return completeStep(game, match, next, played, kind, draws);
}

/** A move of the game by name: own properties only, so `__proto__` and friends are no moves. */
const moveOf = (game: AnyGame, name: string): GameMove<unknown> | undefined =>
  Object.hasOwn(game.rules, name) ? game.rules[name] : undefined;

/**
 * May `player` (seated, still playing) make `move` now, by the move's `who`? `state`: the match's
 * state frozen already, when the caller asks of several moves (movesFor), so it is copied once.
 */
export function mayMake(move: GameMove<unknown>, match: Match, player: PlayerId, state?: unknown): boolean {
  if (move.who === 'seated') return true;
  if (move.who === 'active') return match.activePlayers.includes(player);
  // No random source: asking who may move must never change the match's random state.
  return move.who(state ?? frozenCopy(match.state), factsFor(match, player)) === true;
}

/**
 * The moves `player` may make now, by each move's `who` (not whether their args would be accepted):
 * what a client offers. Empty unless the match is running and the player is still playing. Pure.
 */
export function movesFor(game: AnyGame, match: Match, player: PlayerId | null): readonly string[] {
  if (player === null || match.status !== 'running' || match.state === null) return [];
  if (!match.players.includes(player) || match.left.includes(player)) return [];
  // One frozen copy of the state for every `who` that reads it.
  let state: unknown;
  return Object.entries(game.rules)
    .filter(([, move]) => {
      if (typeof move.who === 'function') state ??= frozenCopy(match.state);
      return mayMake(move, match, player, state);
    })
    .map(([name]) => name);
}

/**
 * A move's arguments as its rules see them: bounded in size and depth (a game may lower the byte
 * bound), then parsed by the move's schema, which strips keys it does not know. Whatever is stored
 * or sent about a move carries this output, never the raw arguments: pure, so the same raw
 * arguments always give the same output.
 */
export function parseMoveArgs(game: AnyGame, moveName: string, args: unknown): Result<unknown> {
  const move = moveOf(game, moveName);
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
