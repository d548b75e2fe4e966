import { WINNING_LINES } from '../../games/tic-tac-toe.js';
import type { BotMove, BotView } from './driver.js';

/** Random legal moves: the bots test the server, not their own play. */
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** Liar's Dice bots challenge a standing bid about one time in four, so games last a few dozen moves. */
const CHALLENGE_ODDS = 0.25;

export function chooseMove(view: BotView): BotMove {
  if (view.game === 'tic-tac-toe') return { move: 'place', args: { cell: pick(view.free) } };
  const { bid, totalDice } = view;
  if (bid !== null && (Math.random() < CHALLENGE_ODDS || !canRaise(bid, totalDice))) {
    return { move: 'challenge', args: {} };
  }
  if (bid === null) return { move: 'bid', args: { quantity: 1, face: 1 + Math.floor(Math.random() * 6) } };
  const raiseFace = bid.face < 6 && (bid.quantity >= totalDice || Math.random() < 0.5);
  return raiseFace
    ? { move: 'bid', args: { quantity: bid.quantity, face: bid.face + 1 + Math.floor(Math.random() * (6 - bid.face)) } }
    : { move: 'bid', args: { quantity: bid.quantity + 1, face: 1 + Math.floor(Math.random() * 6) } };
}

const canRaise = (bid: { quantity: number; face: number }, totalDice: number): boolean =>
  bid.face < 6 || bid.quantity < totalDice;

export const ticTacToeOver = (board: readonly (string | null)[]): boolean =>
  WINNING_LINES.some(
    ([a, b, c]) => board[a] != null && board[a] !== '' && board[a] === board[b] && board[a] === board[c],
  ) || board.every((cell) => cell != null && cell !== '');

export const freeCells = (board: readonly (string | null)[]): number[] =>
  board.flatMap((cell, index) => (cell == null || cell === '' ? [index] : []));
