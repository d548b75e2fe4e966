import { clockAfterStep } from './clock.js';
import type { AnyGame, GameContext, GameResult, PlayedStep, PlayerId, StepContext } from './define-game.js';
import { deepFreeze } from './freeze.js';
import type { Match } from './match.js';
import type { RandomSource } from './random.js';
import { accept, type Result } from './rejection.js';
import { activePlayersOf, assertSeated, isPlaying, stillPlaying } from './turn-order.js';

/**
 * What every step of a match shares, whoever made it (a move, a timeout, a leave): once the rules have
 * produced the next state, decide whether the match is over, whose turn it is, who may act, and how
 * the clocks stand. One function, so a move, a timeout and a leave can never disagree about it.
 */

/** The match's seeded random source for one step, and how many numbers it has drawn once the step is done. */
export interface Draws {
  readonly random: RandomSource;
  readonly drawn: () => number;
  /** When the step happened, epoch ms. */
  readonly at: number;
}

export interface StepKind {
  /** Does the step end its player's turn (turn.next, a fresh clock)? */
  readonly endsTurn: boolean;
  /** A move made in time earns the clock's increment; timeouts and leaves do not. */
  readonly earnsIncrement: boolean;
  /** Who has left once this step is done (a leave adds its player). */
  readonly left: readonly PlayerId[];
}

/** What rules are told about the match when they run for `player`. */
export function contextFor(match: Match, player: PlayerId, random: RandomSource, left = match.left): GameContext {
  // The facts' own object with the source added, not a spread copy: legal moves build one per candidate.
  return Object.assign(factsFor(match, player, left), { random });
}

/** The context without a random source: for rules that only answer a question (`who`). */
export function factsFor(match: Match, player: PlayerId, left = match.left): Omit<GameContext, 'random'> {
  return {
    players: match.players,
    currentPlayer: match.currentPlayer as PlayerId,
    activePlayers: match.activePlayers,
    left,
    player,
    turn: match.turn,
  };
}

/**
 * The match after a step whose rules produced `state`: version and turn +1, then either finished (the
 * rules' endIf, or one player left standing) or running with the turn passed when the step ended the
 * current player's turn, the players who may act re-read, and every clock brought up to date.
 */
export function completeStep(
  game: AnyGame,
  match: Match,
  state: unknown,
  played: PlayedStep,
  kind: StepKind,
  { random, drawn, at }: Draws,
): Result<Match> {
  const frozen = deepFreeze(state);
  const { left } = kind;
  const ctx: StepContext = { ...contextFor(match, played.player, random, left), played };
  const result = game.endIf(frozen, ctx) ?? lastOneStanding(match.players, left);
  const turn = match.turn + 1;
  const common = { ...match, state: frozen, left, turn, version: match.version + 1, randomState: drawn() };
  const clockStep = { seat: match.players.indexOf(played.player), ...kind };

  if (result !== undefined) {
    const clock = match.clock && clockAfterStep(game, match.clock, clockStep, null, at);
    const finished: Match = {
      ...common,
      status: 'finished',
      currentPlayer: null,
      activePlayers: [],
      result: withoutLeavers(result, left),
    };
    return accept(clock ? { ...finished, clock } : finished);
  }

  const currentPlayer = nextCurrentPlayer(game, match, frozen, ctx, kind.endsTurn);
  const turns = { players: match.players, currentPlayer, left, turn };
  const activePlayers = activePlayersOf(game, frozen, turns);
  if (activePlayers.length === 0) throw new Error(`${game.name}: turn.active chose nobody while the game goes on`);
  const clock =
    match.clock && clockAfterStep(game, match.clock, clockStep, { ...turns, state: frozen, activePlayers }, at);
  const running: Match = { ...common, currentPlayer, activePlayers };
  return accept(clock ? { ...running, clock } : running);
}

/**
 * Whose turn it is after the step: `turn.next` decides when the current player's turn has just ended
 * (their own move, timeout or leave); a step by anyone else leaves the turn where it is. The turn never
 * rests with a player who left: it goes round the table to the next one still playing.
 */
function nextCurrentPlayer(game: AnyGame, match: Match, state: unknown, ctx: StepContext, endsTurn: boolean): PlayerId {
  const current = match.currentPlayer as PlayerId;
  const turnEnds = ctx.played.player === current && endsTurn;
  const chosen = turnEnds
    ? assertSeated(game.name, 'turn.next', match.players, game.turnOrder.next(state, ctx))
    : current;
  const playing = stillPlaying(ctx, chosen);
  if (playing === undefined) throw new Error(`${game.name}: nobody is left to take the turn`);
  return playing;
}

/** Once somebody has left, a match the rules do not end ends with one player standing, who wins. */
function lastOneStanding(players: readonly PlayerId[], left: readonly PlayerId[]): GameResult | undefined {
  if (left.length === 0) return undefined;
  const playing = players.filter((player) => isPlaying({ players, left }, player));
  if (playing.length > 1) return undefined;
  return playing.length === 1 ? { winners: playing } : { abandoned: true };
}

/** A player who left never wins. */
const withoutLeavers = (result: GameResult, left: readonly PlayerId[]): GameResult =>
  'winners' in result && left.length > 0
    ? { winners: result.winners.filter((player) => !left.includes(player)) }
    : result;
