import type { GameInfo } from '../../../src/client/index.js';
import type { BoardFactory } from './board.js';
import { genericBoard } from './generic-board.js';
import { liarsDiceBoard } from './liars-dice.js';
import { registeredBoard } from './registry.js';
import { rockPaperScissorsBoard } from './rock-paper-scissors.js';
import { sealedBidBoard } from './sealed-bid.js';
import { ticTacToeBoard } from './tic-tac-toe.js';

const BUILT_IN: Readonly<Record<string, BoardFactory<never>>> = {
  'tic-tac-toe': ticTacToeBoard,
  'liars-dice': liarsDiceBoard,
  'rock-paper-scissors': rockPaperScissorsBoard,
  'sealed-bid': sealedBidBoard,
};

/**
 * The board a game's matches are drawn with, live or replayed: a developer's own (`turngate dev
 * --board`) first, even over a built-in one, then the built-in boards, then the generic board. A
 * factory is only ever called with its own game's client, so widening its game type loses nothing.
 */
export function boardFor(gameName: string, info: GameInfo | undefined): BoardFactory<unknown> {
  const board = registeredBoard(gameName) ?? (Object.hasOwn(BUILT_IN, gameName) ? BUILT_IN[gameName] : undefined);
  return (board as BoardFactory<unknown> | undefined) ?? genericBoard(info);
}
