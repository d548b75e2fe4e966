import fc from 'fast-check';
import { HANDS, rockPaperScissors } from '../../games/rock-paper-scissors.js';
import { type SealedBidState, sealedBid } from '../../games/sealed-bid.js';
import type { AnyGame, Match, PlayerId } from '../../src/engine/index.js';
import { playerIds } from '../engine/game-drivers.js';
import { runningMatch } from '../engine/helpers.js';

/**
 * What the property tests need to play a game where several players act at once: a legal move for
 * one of the players who may act now, and two different secret choices for the same player.
 */
export interface SimultaneousDriver {
  readonly game: AnyGame;
  /** A move `player` (who may act) can make, chosen by `pick`. */
  move(match: Match, player: PlayerId, pick: number): { readonly move: string; readonly args: unknown };
}

export const rockPaperScissorsDriver: SimultaneousDriver = {
  game: rockPaperScissors,
  move: (_match, _player, pick) => ({ move: 'choose', args: { hand: HANDS[pick % HANDS.length] } }),
};

export const sealedBidDriver: SimultaneousDriver = {
  game: sealedBid,
  move(match, player, pick) {
    const { coins } = match.state as SealedBidState;
    const own = Object.hasOwn(coins, player) ? (coins[player] ?? 0) : 0;
    return { move: 'bid', args: { amount: pick % (own + 1) } };
  },
};

export const simultaneousDrivers = [rockPaperScissorsDriver, sealedBidDriver] as const;

/** A random start: seed and players within the game's bounds (ids include names objects inherit). */
export const startOf = (game: AnyGame) =>
  fc
    .record({ seed: fc.string({ maxLength: 12 }), players: playerIds(game.players.min, game.players.max) })
    .map(({ seed, players }) => runningMatch(game, players, seed));
