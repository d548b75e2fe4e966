import type { TicTacToe } from '../../../games/tic-tac-toe.js';
import { fill, h } from '../dom.js';
import type { BoardFactory } from './board.js';

/**
 * Nine buttons. Every cell stays clickable for a seated player while the game runs: whether a click
 * is legal (your turn? a free cell?) is the server's call, and its refusal is shown in plain words.
 */
export const ticTacToeBoard: BoardFactory<TicTacToe> = (client, ui) => {
  const cells = Array.from({ length: 9 }, (_, cell) =>
    h(
      'button',
      {
        class: 'cell',
        testid: `cell-${cell}`,
        attrs: { 'aria-label': `Cell ${cell + 1}` },
        on: { click: () => ui.play(() => client.move.place({ cell })) },
      },
      '',
    ),
  );
  const mark = h('p', { class: 'muted', testid: 'my-mark' });
  const grid = h('div', { class: 'ttt-grid', testid: 'board', attrs: { role: 'grid' } }, ...cells);
  return {
    element: h('div', { class: 'board ttt' }, mark, grid),
    update(state) {
      const seat = state.players.indexOf(ui.me);
      fill(mark, seat < 0 ? 'You are watching.' : `You play ${seat === 0 ? 'X' : 'O'}.`);
      const board = state.view?.board ?? Array<null>(9).fill(null);
      const playable = seat >= 0 && state.status === 'running';
      cells.forEach((button, cell) => {
        const value = board[cell] ?? null;
        fill(button, value ?? '');
        button.dataset.mark = value ?? '';
        button.disabled = !playable;
      });
    },
  };
};
