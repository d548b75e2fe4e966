import * as z from 'zod';
import { defineGame, invalid, type PlayerId } from '../src/engine/index.js';

export type Mark = 'X' | 'O';
export type Cell = Mark | null;

export interface TicTacToeState {
  /** Nine cells, row by row. */
  readonly board: readonly Cell[];
  /** A draw offered and not yet answered: by whom. Absent when none stands. */
  readonly drawOffer?: PlayerId;
  /** How the match ended other than on the board: a resignation, or a draw both agreed. */
  readonly ended?: { readonly resigned: PlayerId } | { readonly agreedDraw: true };
}

/** The eight lines that win: rows, columns, diagonals. Shared with the benchmark's peer servers. */
export const WINNING_LINES = [
  [0, 1, 2],
  [3, 4, 5],
  [6, 7, 8],
  [0, 3, 6],
  [1, 4, 7],
  [2, 5, 8],
  [0, 4, 8],
  [2, 4, 6],
] as const;

/** The first seated player plays X. */
export const markOf = (players: readonly PlayerId[], player: PlayerId): Mark => (players[0] === player ? 'X' : 'O');

export function winningMark(board: readonly Cell[]): Mark | null {
  for (const [a, b, c] of WINNING_LINES) {
    const mark = board[a];
    if (mark && mark === board[b] && mark === board[c]) return mark;
  }
  return null;
}

export const ticTacToe = defineGame({
  name: 'tic-tac-toe',
  players: { min: 2, max: 2 },
  setup: (): TicTacToeState => ({ board: Array<Cell>(9).fill(null) }),
  moves: {
    place: {
      args: z.object({ cell: z.number().int().min(0).max(8) }),
      apply(state, { cell }, ctx) {
        if (state.board[cell] !== null) return invalid(`cell ${cell} is already taken`);
        const board = state.board.map((value, index) => (index === cell ? markOf(ctx.players, ctx.player) : value));
        // A mark placed answers a standing draw offer with a no.
        return { board };
      },
    },
    // Either player, whoever is to move, as over a real board. Moves made out of turn never pass the
    // turn nor touch anyone's clock (they do not end a turn: MoveDefinition.endsTurn).
    resign: {
      args: z.object({}).strict(),
      who: 'seated',
      apply: (state, _args, ctx) => ({ ...state, ended: { resigned: ctx.player } }),
    },
    offerDraw: {
      args: z.object({}).strict(),
      who: 'seated',
      apply(state, _args, ctx) {
        if (state.drawOffer !== undefined) return invalid('a draw is already on offer');
        return { ...state, drawOffer: ctx.player };
      },
    },
    // Only the player a draw was offered to, while the offer stands.
    acceptDraw: {
      args: z.object({}).strict(),
      who: (state, ctx) => state.drawOffer !== undefined && state.drawOffer !== ctx.player,
      apply: (state): TicTacToeState => ({ board: state.board, ended: { agreedDraw: true } }),
    },
  },
  // Nothing is secret: once over, anyone may replay the match in full and check it (README "Replay").
  log: { revealAtEnd: true, seedAtEnd: true },
  endIf(state, ctx) {
    if (state.ended !== undefined) {
      if ('agreedDraw' in state.ended) return { draw: true };
      const { resigned } = state.ended;
      return { winners: ctx.players.filter((player) => player !== resigned) };
    }
    const mark = winningMark(state.board);
    if (mark !== null) {
      const winner = ctx.players.find((player) => markOf(ctx.players, player) === mark);
      return winner === undefined ? undefined : { winners: [winner] };
    }
    return state.board.every((cell) => cell !== null) ? { draw: true } : undefined;
  },
  // Every position is public, so the search bot plays it as it is; a bot may take over a leaver's seat.
  bots: { replaceLeavers: true },
  // Untimed unless a match's creator picks a per-move limit; whoever runs out of time loses.
  clock: { allow: { turnMs: { min: 1_000, max: 24 * 60 * 60 * 1000 } } },
});

export type TicTacToe = typeof ticTacToe;
