import type { GameInfo } from '../../../src/client/index.js';
import { fill, h } from '../dom.js';
import { standing } from '../words.js';
import type { BoardFactory } from './board.js';
import { moveForm } from './move-form.js';
import { viewTree } from './view-tree.js';

/**
 * The board for a game that registers none: the player's view drawn for people (view-tree.ts) and,
 * beside it and kept in view while the page scrolls, one form per move (move-form.ts). The forms are
 * there only while the viewer may play; once the match is over, the result takes their place beside
 * the final position.
 */
export const genericBoard =
  (game: GameInfo | undefined): BoardFactory<unknown> =>
  (client, ui) => {
    const view = h(
      'div',
      { class: 'view-tree', testid: 'view-tree' },
      h('p', { class: 'muted' }, 'Waiting for the game to start…'),
    );
    const viewTitle = h('h3', {}, 'Your view');
    const forms = (game?.moves ?? []).map((name) => moveForm(client, ui, name, game?.moveArgs?.[name] ?? {}));
    const formList = h('div', { class: 'move-forms', testid: 'move-forms' }, ...forms.map((form) => form.element));
    const note = h('p', { class: 'moves-note', testid: 'moves-note' });
    let shownVersion = -1;

    return {
      element: h(
        'div',
        { class: 'board generic', testid: 'board' },
        h('section', { class: 'generic-view' }, viewTitle, view),
        h('section', { class: 'generic-moves', testid: 'generic-moves' }, h('h3', {}, 'Moves'), note, formList),
      ),
      update(state) {
        const seating = { players: state.players, me: ui.me };
        const finished = state.status === 'finished';
        fill(viewTitle, finished ? 'Final position' : 'Your view');
        fill(
          view,
          state.view === null
            ? h('p', { class: 'muted' }, 'Waiting for the game to start…')
            : viewTree(state.view, seating),
        );
        if (state.version !== shownVersion) for (const form of forms) form.clearProblem();
        shownVersion = state.version;

        // No dead form: a form is offered only to a seated player while the match runs.
        const playable = state.status === 'running' && state.players.includes(ui.me);
        formList.hidden = !playable;
        note.dataset.status = state.status;
        fill(note, playable ? null : movesNote({ ...state, seats: state.players.length }, ui.me));
      },
    };
  };

/** What stands in for the forms when the viewer cannot move. */
function movesNote(state: Parameters<typeof standing>[0], me: string): string {
  if (state.status === 'finished') return `Game over. ${standing(state, me)}`;
  if (state.status === 'waiting') return 'The moves open when the match starts.';
  return 'You are watching: only seated players move.';
}
