import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DICE_PER_PLAYER, FACES, type LiarsDiceState } from '../../games/liars-dice.js';
import { markOf, type TicTacToeState, winningMark } from '../../games/tic-tac-toe.js';
import type { Match } from '../../src/engine/index.js';
import { liarsDiceDriver, reachableMatches, ticTacToeDriver } from '../engine/game-drivers.js';

/** What must hold in every state legal play can reach, whatever the seed and the moves. */
describe('invariants of reachable states', () => {
  it('tic-tac-toe: X leads O by at most one mark, the mover’s mark is due, and a line ends the game', () => {
    fc.assert(
      fc.property(reachableMatches(ticTacToeDriver, 9), (match: Match) => {
        const { board } = match.state as TicTacToeState;
        const xs = board.filter((cell) => cell === 'X').length;
        const os = board.filter((cell) => cell === 'O').length;
        expect(xs - os).toBeGreaterThanOrEqual(0);
        expect(xs - os).toBeLessThanOrEqual(1);
        expect(match.turn).toBe(xs + os + 1);
        if (match.status === 'running') {
          expect(winningMark(board)).toBeNull();
          expect(markOf(match.players, match.currentPlayer as string)).toBe(xs === os ? 'X' : 'O');
        } else {
          const mark = winningMark(board);
          expect(match.result).toEqual(
            mark === null
              ? { draw: true }
              : { winners: [match.players.find((p) => markOf(match.players, p) === mark)] },
          );
        }
      }),
      { numRuns: 200 },
    );
  });

  it('liars-dice: one die lost per challenge, hands sorted and in range, the mover still has dice', () => {
    fc.assert(
      fc.property(reachableMatches(liarsDiceDriver, 60), (match: Match) => {
        const { dice, round, bid } = match.state as LiarsDiceState;
        const hands = Object.values(dice);
        const total = hands.reduce((sum, hand) => sum + hand.length, 0);
        // As a set: integer-like ids ("0") come first in any object's key order, whatever the seat.
        expect(Object.keys(dice).sort()).toEqual([...match.players].sort());
        expect(total).toBe(match.players.length * DICE_PER_PLAYER - (round - 1));
        for (const hand of hands) {
          expect(hand.length).toBeLessThanOrEqual(DICE_PER_PLAYER);
          expect(hand.every((value) => Number.isInteger(value) && value >= 1 && value <= FACES)).toBe(true);
          expect([...hand].sort((a, b) => a - b)).toEqual(hand);
        }
        const alive = match.players.filter((player) => (dice[player]?.length ?? 0) > 0);
        if (match.status === 'running') {
          expect(alive.length).toBeGreaterThan(1);
          expect(dice[match.currentPlayer as string]?.length).toBeGreaterThan(0);
          if (bid !== null) expect(bid.quantity).toBeLessThanOrEqual(total);
        } else {
          expect(match.result).toEqual({ winners: alive });
        }
      }),
      { numRuns: 200 },
    );
  });
});
