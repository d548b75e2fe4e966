import type { AnyGame } from '../src/engine/index.js';
import { liarsDice } from './liars-dice.js';
import { rockPaperScissors } from './rock-paper-scissors.js';
import { sealedBid } from './sealed-bid.js';
import { ticTacToe } from './tic-tac-toe.js';

/** The example games, by name: what the local runtime and the AWS handlers serve by default. */
export const exampleGames: readonly AnyGame[] = [ticTacToe, liarsDice, rockPaperScissors, sealedBid];
