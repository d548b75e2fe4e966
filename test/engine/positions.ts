import fc from 'fast-check';
import { liarsDice } from '../../games/liars-dice.js';
import { HANDS, rockPaperScissors } from '../../games/rock-paper-scissors.js';
import { STARTING_COINS, sealedBid } from '../../games/sealed-bid.js';
import { ticTacToe } from '../../games/tic-tac-toe.js';
import {
  type AnyGame,
  applyMove,
  type LegalMove,
  type Match,
  type PlayerId,
  playLeave,
} from '../../src/engine/index.js';
import { runningMatch } from './helpers.js';

/**
 * Random positions of the example games, reached without the engine's own legal-move listing: every
 * step tries every well-formed move of a game (its universe, written out here by hand from the rules)
 * from a random starting point and plays the first the rules accept, for a random seated player.
 */

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Every move a game's schemas accept that could ever be legal, and a few more that never are. */
export interface GameUniverse {
  readonly game: AnyGame;
  readonly moves: readonly LegalMove[];
}

export const universes: readonly GameUniverse[] = [
  {
    game: ticTacToe,
    moves: [
      ...range(0, 8).map((cell) => ({ move: 'place', args: { cell } })),
      { move: 'resign', args: {} },
      { move: 'offerDraw', args: {} },
      { move: 'acceptDraw', args: {} },
    ],
  },
  {
    game: liarsDice,
    // Quantities past the 12 dice of a full table are never legal: they must never be listed either.
    moves: [
      ...range(1, 14).flatMap((quantity) => range(1, 6).map((face) => ({ move: 'bid', args: { quantity, face } }))),
      { move: 'challenge', args: {} },
    ],
  },
  { game: rockPaperScissors, moves: HANDS.map((hand) => ({ move: 'choose', args: { hand } })) },
  { game: sealedBid, moves: range(0, STARTING_COINS).map((amount) => ({ move: 'bid', args: { amount } })) },
];

export const playing = (match: Match): PlayerId[] => match.players.filter((player) => !match.left.includes(player));

/** The moves of the universe the rules accept now from `player`, each applied to the match as it is. */
export const acceptedMoves = (universe: GameUniverse, match: Match, player: PlayerId): LegalMove[] =>
  universe.moves.filter((candidate) => applyMove(universe.game, match, { player, ...candidate }).ok);

/** One random step: a player (now and then leaving) plays the first accepted move from a random start. */
function step(universe: GameUniverse, match: Match, pick: number): Match {
  if (match.status !== 'running') return match;
  const players = playing(match);
  const active = match.activePlayers.filter((player) => players.includes(player));
  // Mostly the players who may act, so games get somewhere; now and then anyone, out of turn.
  const pool = pick % 5 === 0 || active.length === 0 ? players : active;
  const player = pool[pick % pool.length] as PlayerId;
  if (pick % 41 === 0 && players.length > 1) {
    const left = playLeave(universe.game, match, { player, at: 0 });
    return left.ok ? left.value.next : match;
  }
  const { moves } = universe;
  for (let offset = 0; offset < moves.length; offset++) {
    const candidate = moves[(pick + offset) % moves.length] as LegalMove;
    const next = applyMove(universe.game, match, { player, ...candidate });
    if (next.ok) return next.value;
  }
  return match;
}

/** Positions of a game: a seed, a table of any size the game allows, and up to `maxSteps` random steps. */
export function positions(universe: GameUniverse, maxSteps = 30): fc.Arbitrary<Match> {
  const { min, max } = universe.game.players;
  return fc
    .record({
      seed: fc.string({ maxLength: 8 }),
      seats: fc.integer({ min, max }),
      picks: fc.array(fc.nat(), { maxLength: maxSteps }),
    })
    .map(({ seed, seats, picks }) => {
      const players = ['ann', 'bob', 'cy', 'di', 'ed'].slice(0, seats);
      return picks.reduce((match, pick) => step(universe, match, pick), runningMatch(universe.game, players, seed));
    });
}
