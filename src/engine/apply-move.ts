import { argsOutOfBounds } from './args-bounds.js';
import type { AnyGame, GameContext, PlayerId } from './define-game.js';
import { deepFreeze, frozenCopy } from './freeze.js';
import type { Match } from './match.js';
import { createRandom } from './random.js';
import { accept, isInvalidMove, type Result, reject } from './rejection.js';

export interface MoveRequest {
  readonly player: PlayerId;
  readonly move: string;
  /** Raw, untrusted arguments: the move's schema decides what they are. */
  readonly args: unknown;
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
  const args = parseMoveArgs(game, request.move, request.args);
  if (!args.ok) return args;
  // An own property: parseMoveArgs has checked, so `__proto__` and friends never get here.
  const move = game.moves[request.move];
  if (move === undefined) return reject('unknown_move', `${game.name} has no move "${request.move}"`);

  const { random, drawn } = createRandom(match.seed, match.randomState);
  const ctx: GameContext = { players: match.players, currentPlayer: match.currentPlayer, turn: match.turn, random };
  const next = move.apply(frozenCopy(match.state), args.value, ctx);
  if (isInvalidMove(next)) return reject('invalid_move', next.reason);

  const state = deepFreeze(next);
  const result = game.endIf(state, ctx);
  const common = { ...match, state, turn: match.turn + 1, version: match.version + 1, randomState: drawn() };
  if (result !== undefined) {
    return accept({ next: { ...common, status: 'finished', currentPlayer: null, result }, args: args.value });
  }

  const nextPlayer = game.nextPlayer(state, ctx);
  if (!match.players.includes(nextPlayer)) {
    throw new Error(`${game.name}: turn.next chose "${nextPlayer}", who is not seated`);
  }
  return accept({ next: { ...common, currentPlayer: nextPlayer }, args: args.value });
}

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
