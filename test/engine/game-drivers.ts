import fc from 'fast-check';
import { type LiarsDiceState, liarsDice } from '../../games/liars-dice.js';
import { type TicTacToeState, ticTacToe } from '../../games/tic-tac-toe.js';
import type { AnyGame, Match, PlayerId } from '../../src/engine/index.js';
import { play, runningMatch } from './helpers.js';

export type Move = readonly [move: string, args: unknown];

/** What property tests need to know about a game to play it at random. */
export interface GameDriver {
  readonly game: AnyGame;
  /** A legal move for the current player, chosen by `pick`; `undefined` when the match is not running. */
  legalMove(match: Match, pick: number): Move | undefined;
  /** Moves the schemas accept, whether or not the rules then do. */
  readonly wellFormedMove: fc.Arbitrary<Move>;
}

export const ticTacToeDriver: GameDriver = {
  game: ticTacToe,
  legalMove(match, pick) {
    if (match.status !== 'running') return undefined;
    const { board } = match.state as TicTacToeState;
    const free = board.flatMap((cell, index) => (cell === null ? [index] : []));
    const cell = free[pick % free.length];
    return cell === undefined ? undefined : ['place', { cell }];
  },
  wellFormedMove: fc.integer({ min: 0, max: 8 }).map((cell): Move => ['place', { cell }]),
};

export const liarsDiceDriver: GameDriver = {
  game: liarsDice,
  legalMove(match, pick) {
    if (match.status !== 'running') return undefined;
    const { dice, bid } = match.state as LiarsDiceState;
    const total = Object.values(dice).reduce((sum, hand) => sum + hand.length, 0);
    const bids: Move[] = [];
    for (let quantity = 1; quantity <= total; quantity++) {
      for (let face = 1; face <= 6; face++) {
        const beats = bid === null || quantity > bid.quantity || (quantity === bid.quantity && face > bid.face);
        if (beats) bids.push(['bid', { quantity, face }]);
      }
    }
    // Challenging one time in three keeps rounds short enough for matches to end inside a sequence.
    if (bid !== null && (pick % 3 === 0 || bids.length === 0)) return ['challenge', {}];
    return bids[pick % bids.length];
  },
  wellFormedMove: fc.oneof(
    fc
      .record(
        { quantity: fc.integer({ min: 1, max: 14 }), face: fc.integer({ min: 1, max: 6 }) },
        { noNullPrototype: true },
      )
      .map((args): Move => ['bid', args]),
    fc.constant<Move>(['challenge', {}]),
  ),
};

export const drivers = [ticTacToeDriver, liarsDiceDriver] as const;

/**
 * Seated player ids: distinct, any non-empty text a token's subject might hold, including names
 * that plain objects inherit (games key records by player id).
 */
export const playerIds = (min: number, max: number): fc.Arbitrary<string[]> =>
  fc.uniqueArray(
    fc.oneof(
      fc.string({ minLength: 1, maxLength: 8 }),
      fc.uuid(),
      fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty'),
    ),
    { minLength: min, maxLength: max },
  );

/** Matches reached by random legal play from a random seed: running, or finished if play got that far. */
export const reachableMatches = (driver: GameDriver, maxMoves = 40): fc.Arbitrary<Match> =>
  fc
    .record({
      seed: fc.string({ maxLength: 12 }),
      players: playerIds(driver.game.players.min, driver.game.players.max),
      picks: fc.array(fc.nat(), { maxLength: maxMoves }),
    })
    .map(({ seed, players, picks }) =>
      picks.reduce(
        (match, pick) => {
          const move = driver.legalMove(match, pick);
          return move === undefined ? match : play(driver.game, match, [[match.currentPlayer as PlayerId, ...move]]);
        },
        runningMatch(driver.game, players, seed),
      ),
    );
