import type { Bot, LegalMove } from '../engine/index.js';

/** Chooses uniformly among its legal moves, with its own seeded randomness: a sparring partner, and a baseline. */
export const randomBot: Bot = {
  choose: ({ legalMoves, random }) => legalMoves[random.int(legalMoves.length)] as LegalMove,
};
