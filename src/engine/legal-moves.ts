import { mayMake, movesFor, parseMoveArgs, runMove } from './apply-move.js';
import { utf8Length } from './args-bounds.js';
import type { LegalMove, LegalMovesContext } from './bot.js';
import type { AnyGame, GameMove, PlayerId } from './define-game.js';
import { frozenCopy } from './freeze.js';
import type { Match } from './match.js';
import { createRandom, lazyRandom, type RandomSource } from './random.js';
import { isInvalidMove } from './rejection.js';
import { schemaCandidates } from './schema-candidates.js';
import { contextFor } from './step.js';
import { viewContextOf, viewFor } from './view.js';

/**
 * A player's legal moves (README "Legal moves"): what a client offers and what a bot chooses from.
 *
 * A game may list them itself, from the player's view (`legalMoves` in its definition): they then
 * cannot reveal anything the view hides. Otherwise they are derived: each move's bounded schema lists
 * its candidate args (schema-candidates.ts), and a candidate is legal when the rules accept it on
 * the match as it stands (applied to the frozen state; nothing is kept). The rules see the true
 * state there, so a derived list is only safe when the rules' verdict never depends on what the
 * player cannot see: test/engine/legal-moves.property.test.ts proves it of every example game.
 */

/**
 * The most legal moves one list holds (and so the most args a move's schema may list before that move
 * counts as open), and the most bytes they may take as JSON: a state message stays inside API
 * Gateway's first 32 KB billing unit with room for the view, and far from its 128 KB limit.
 */
export const MAX_LEGAL_MOVES = 256;
export const MAX_LEGAL_MOVES_BYTES = 16 * 1024;

export interface LegalMoves {
  /** The moves the player may make now with args the rules accept, in the game's order of moves. */
  readonly moves: readonly LegalMove[];
  /**
   * Moves the player may make now whose args are not listed: their schema is unbounded, the game says
   * its moves are, or listing them would pass MAX_LEGAL_MOVES. Any args may do: the rules decide.
   */
  readonly open: readonly string[];
}

const NONE: LegalMoves = { moves: [], open: [] };

export function legalMoves(
  game: AnyGame,
  match: Match,
  player: PlayerId | null,
  /** `movesFor(game, match, player)`, when the caller has it already (a state message lists both). */
  names: readonly string[] = movesFor(game, match, player),
): LegalMoves {
  if (player === null) return NONE;
  if (names.length === 0) return NONE;
  const source = game.legal;
  if (source.kind === 'unbounded') return { moves: [], open: names };
  if (source.kind === 'declared') return declaredMoves(game, match, player, names, source.list);
  return capped(names.map((name) => [name, derivedArgs(game, match, player, name)]));
}

/** The game's own list, from the view: kept to moves the player may make and args their schema takes. */
function declaredMoves(
  game: AnyGame,
  match: Match,
  player: PlayerId,
  names: readonly string[],
  list: (view: unknown, ctx: LegalMovesContext) => readonly LegalMove[],
): LegalMoves {
  const ctx: LegalMovesContext = { ...viewContextOf(match), player, moves: names };
  let listed: readonly LegalMove[];
  try {
    listed = list(viewFor(game, match, player), ctx);
  } catch {
    // A bug in the game's listing: nothing is listed (every move open) rather than no state sent at all.
    return { moves: [], open: names };
  }
  return capped(
    names.map((name) => [
      name,
      listed
        .filter((legal) => legal.move === name && parseMoveArgs(game, name, legal.args).ok)
        .map(({ args }) => ({ args, bytes: listedBytes(name, args) })),
    ]),
  );
}

/** Args the rules accept, and the bytes the listed move takes as JSON. */
interface Listed {
  readonly args: unknown;
  readonly bytes: number;
}

/**
 * Moves in the game's order, each with all its args or none: a move whose args would take the list
 * past MAX_LEGAL_MOVES entries or MAX_LEGAL_MOVES_BYTES is open instead (`undefined` args: open already).
 */
function capped(perMove: readonly (readonly [string, readonly Listed[] | undefined])[]): LegalMoves {
  const moves: LegalMove[] = [];
  const open: string[] = [];
  let bytes = 0;
  for (const [move, listed] of perMove) {
    const size = listed === undefined ? 0 : listed.reduce<number>((sum, each) => sum + each.bytes, 0);
    if (
      listed === undefined ||
      moves.length + listed.length > MAX_LEGAL_MOVES ||
      bytes + size > MAX_LEGAL_MOVES_BYTES
    ) {
      open.push(move);
      continue;
    }
    for (const { args } of listed) moves.push({ move, args });
    bytes += size;
  }
  return { moves, open };
}

/** UTF-8 bytes of a listed move as JSON, and the comma that follows it in a list. */
const listedBytes = (move: string, args: unknown): number => utf8Length(JSON.stringify({ move, args })) + 1;

/** A candidate as listed: its size is the same every time, so it is counted once per candidate. */
const listedCandidates = new WeakMap<Candidate, Listed>();
function listedCandidate(candidate: Candidate): Listed {
  let listed = listedCandidates.get(candidate);
  if (listed === undefined) {
    listed = { args: candidate.input, bytes: listedBytes(candidate.move, candidate.input) };
    listedCandidates.set(candidate, listed);
  }
  return listed;
}

/**
 * The candidates of `name` the rules accept now for `player` (who may make it: `movesFor` said so);
 * `undefined` when the move is open. Every state message to a player who may act lists these, so the
 * check is the move's own rule alone, on one frozen copy of the state for every candidate: what
 * follows an accepted rule (the turn order, `endIf`, the step's bookkeeping) never refuses a move,
 * only a game's bug can make it throw, and settling the move reports that.
 */
function derivedArgs(game: AnyGame, match: Match, player: PlayerId, name: string): readonly Listed[] | undefined {
  const candidates = candidatesOf(game, name);
  if (candidates === undefined) return undefined;
  const state = frozenCopy(match.state);
  const move = game.rules[name] as GameMove<unknown>;
  return candidates.filter(({ parsed }) => ruleAccepts(move, match, player, state, parsed)).map(listedCandidate);
}

/** Does the move's rule accept `args` from `player` on `state` (the match's, frozen)? A rule that throws does not. */
function ruleAccepts(move: GameMove<unknown>, match: Match, player: PlayerId, state: unknown, args: unknown): boolean {
  // The match's own random source, as settling would use: a rule may draw to decide. Nothing is kept,
  // and a rule that draws nothing (most) costs no source at all.
  const random = lazyRandom(match.seed, match.randomState);
  try {
    return !isInvalidMove(move.apply(state, args, contextFor(match, player, random)));
  } catch {
    return false;
  }
}

/** A candidate's args as a client sends them, and as the move's schema parsed them (once per game). */
export interface Candidate {
  readonly move: string;
  readonly input: unknown;
  readonly parsed: unknown;
}

const candidateCache = new WeakMap<AnyGame, Map<string, readonly Candidate[] | undefined>>();

/** Every args a move's schema lists and parses, or `undefined` for an open move. Computed once per game and move. */
export function candidatesOf(game: AnyGame, name: string): readonly Candidate[] | undefined {
  let cache = candidateCache.get(game);
  if (cache === undefined) {
    cache = new Map();
    candidateCache.set(game, cache);
  }
  if (cache.has(name)) return cache.get(name);
  const move = Object.hasOwn(game.rules, name) ? game.rules[name] : undefined;
  const inputs = move && schemaCandidates(move.args, MAX_LEGAL_MOVES);
  const candidates = inputs?.flatMap((input): Candidate[] => {
    const parsed = parseMoveArgs(game, name, input);
    return parsed.ok ? [{ move: name, input, parsed: parsed.value }] : [];
  });
  cache.set(name, candidates);
  return candidates;
}

/**
 * The match after `player` makes a listed candidate, or `undefined` when the rules (or `who`) refuse
 * it. No clock runs: a legal move is a matter of the rules, not of the time left. A rule that throws
 * lists nothing rather than breaking the state message it is computed for; settling a move reports it.
 * `random`: a source of the caller's own for the rules to draw from (a bot's simulation: never the
 * match's, whose next draws are secrets), instead of the match's; the match's draw count then stays.
 */
export function tryCandidate(
  game: AnyGame,
  match: Match,
  player: PlayerId,
  candidate: Candidate,
  random?: RandomSource,
): Match | undefined {
  if (match.status !== 'running' || match.state === null || match.left.includes(player)) return undefined;
  const move = game.rules[candidate.move] as GameMove<unknown>;
  if (!mayMake(move, match, player)) return undefined;
  const at = match.clock?.turnStartedAt ?? 0;
  const draws =
    random === undefined
      ? { ...createRandom(match.seed, match.randomState), at }
      : { random, drawn: () => match.randomState, at };
  const kind = { endsTurn: move.endsTurn, earnsIncrement: false, left: match.left };
  try {
    const next = runMove(game, match, { player, move: candidate.move, args: candidate.parsed }, kind, draws);
    return next.ok ? next.value : undefined;
  } catch {
    return undefined;
  }
}
