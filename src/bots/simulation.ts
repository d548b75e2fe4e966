import {
  type AnyGame,
  type BotInput,
  type Candidate,
  candidatesOf,
  type GameResult,
  type LegalMove,
  legalMoves,
  type Match,
  movesFor,
  type PlayerId,
  parseMoveArgs,
  type RandomSource,
  tryCandidate,
} from '../engine/index.js';

/**
 * Matches a search bot plays in its head: a state it can see (the game's whole state when nothing is
 * hidden) or sampled from its view (the game's `determinize`), with the public table, the bot's own
 * random source for the rules' draws, and no clock. Never the real match: a bot holds no more than its view.
 */

/**
 * How much a search may still do, counted in tries of a move by the rules (and moves listed): a fixed
 * amount of work per choice whatever the game, so a choice takes bounded time on every machine.
 */
export interface Budget {
  left: number;
}

/** A state the bot may search from, drawn anew for each search when the game hides information. */
export type StateSampler = (random: RandomSource) => unknown;

/** How the bot sees the whole state: as it is, sampled, or not at all (a game that hides and cannot sample). */
export function samplerFor(game: AnyGame, input: BotInput): StateSampler | undefined {
  if (!game.botSupport.hidesInformation) return () => input.view;
  const { determinize } = game.botSupport;
  if (determinize === undefined) return undefined;
  return (random) => determinize(input.view, { ...input.table, player: input.player, random });
}

/** The match as the bot imagines it, from the public table and a state it can see. */
export const imaginedMatch = (game: AnyGame, input: BotInput, state: unknown): Match => ({
  game: game.name,
  status: 'running',
  seats: input.table.players.length,
  players: input.table.players,
  state,
  currentPlayer: input.table.currentPlayer,
  activePlayers: input.table.activePlayers,
  left: input.table.left,
  turn: input.table.turn,
  version: 0,
  result: null,
  seed: 'imagined',
  randomState: 0,
});

/** Who acts next in a simulation: the first player (by seat) who may act now. */
export const actorOf = (match: Match): PlayerId | undefined => match.activePlayers[0];

/** A legal move in a simulation, with the match it leads to. */
export interface Option {
  readonly key: string;
  readonly move: LegalMove;
  readonly next: Match;
}

export const keyOf = (actor: PlayerId, move: string, args: unknown): string =>
  `${actor}\u0000${move}\u0000${JSON.stringify(args)}`;

/**
 * What `actor` may play in a simulation, as moves the rules may still refuse: every listed args of
 * the moves of their turn (derived games), or the game's own list from their view (declared). Moves
 * any seat may make at any time (resign, offer a draw) are left out, as bots leave them out.
 */
export function candidatesFor(game: AnyGame, match: Match, actor: PlayerId, budget: Budget): readonly LegalMove[] {
  const names = movesFor(game, match, actor).filter((move) => game.rules[move]?.who !== 'seated');
  const listed =
    game.legal.kind === 'declared'
      ? legalMoves(game, match, actor).moves.filter(({ move }) => names.includes(move))
      : names.flatMap((move) => (candidatesOf(game, move) ?? []).map(({ input }) => ({ move, args: input })));
  budget.left -= listed.length;
  return listed;
}

/** Every legal option of `actor`: each candidate tried on the match. */
export function optionsFor(
  game: AnyGame,
  match: Match,
  actor: PlayerId,
  random: RandomSource,
  budget: Budget,
): Option[] {
  return candidatesFor(game, match, actor, budget).flatMap((legal) => {
    const next = attempt(game, match, actor, legal, random, budget);
    return next === undefined ? [] : [{ key: keyOf(actor, legal.move, legal.args), move: legal, next }];
  });
}

/** `actor` plays `legal` in a simulation: the match after it, or `undefined` when the rules refuse it. */
export function attempt(
  game: AnyGame,
  match: Match,
  actor: PlayerId,
  legal: LegalMove,
  random: RandomSource,
  budget: Budget,
): Match | undefined {
  budget.left -= 1;
  const candidate = candidateOf(game, legal);
  return candidate && tryCandidate(game, match, actor, candidate, random);
}

/** Parsed args by game and move, for moves a game lists itself: a search parses each only once. */
const parsedCache = new WeakMap<AnyGame, Map<string, Candidate | null>>();
const PARSED_CACHE_SIZE = 10_000;

function candidateOf(game: AnyGame, { move, args }: LegalMove): Candidate | undefined {
  let cache = parsedCache.get(game);
  if (cache === undefined || cache.size >= PARSED_CACHE_SIZE) {
    cache = new Map();
    parsedCache.set(game, cache);
  }
  const key = `${move}\u0000${JSON.stringify(args)}`;
  let candidate = cache.get(key);
  if (candidate === undefined) {
    const parsed = parseMoveArgs(game, move, args);
    candidate = parsed.ok ? { move, input: args, parsed: parsed.value } : null;
    cache.set(key, candidate);
  }
  return candidate ?? undefined;
}

/**
 * Plays on at random to the end, or `maxSteps` steps: each step, the first player who may act plays
 * a candidate drawn at random among those the rules accept (candidates are tried in a random order
 * until one is accepted, which is a uniform draw among the legal ones without listing them all).
 */
export function playout(game: AnyGame, start: Match, random: RandomSource, maxSteps: number, budget: Budget): Match {
  let match = start;
  for (let step = 0; step < maxSteps && match.status === 'running'; step++) {
    const actor = actorOf(match);
    if (actor === undefined) break;
    const next = randomNext(game, match, actor, random, budget);
    if (next === undefined) break;
    match = next;
  }
  return match;
}

function randomNext(
  game: AnyGame,
  match: Match,
  actor: PlayerId,
  random: RandomSource,
  budget: Budget,
): Match | undefined {
  const candidates = [...candidatesFor(game, match, actor, budget)];
  for (let remaining = candidates.length; remaining > 0; remaining--) {
    const index = random.int(remaining);
    const next = attempt(game, match, actor, candidates[index] as LegalMove, random, budget);
    if (next !== undefined) return next;
    candidates[index] = candidates[remaining - 1] as LegalMove;
  }
  return undefined;
}

/** What an ending is worth to each player: 1 to a winner, ½ to all in a draw or a match not played out, 0 to a loser. */
export function rewardOf(match: Match, player: PlayerId): number {
  const result: GameResult | null = match.status === 'finished' ? match.result : null;
  if (result === null || !('winners' in result)) return 0.5;
  return result.winners.includes(player) ? 1 : 0;
}
