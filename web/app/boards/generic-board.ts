import type { GameInfo } from '../../../src/client/index.js';
import { fill, h } from '../dom.js';
import { standing } from '../words.js';
import type { BoardFactory } from './board.js';
import { legalChoices } from './legal-choices.js';
import { moveForm } from './move-form.js';
import { viewTree } from './view-tree.js';

/**
 * The board for a game that registers none: the player's view drawn for people (view-tree.ts) and,
 * beside it and kept in view while the page scrolls, a form for each move the viewer may make now
 * (move-form.ts). Otherwise a line says why there is none; once the match is over, the result takes
 * the forms' place beside the final position.
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
    const forms = (game?.moves ?? []).map((name) => ({
      name,
      form: moveForm(client, ui, name, game?.moveArgs?.[name] ?? {}),
      choices: legalChoices(client, ui, name),
    }));
    const formList = h(
      'div',
      { class: 'move-forms', testid: 'move-forms' },
      ...forms.flatMap(({ form, choices }) => [choices.element, form.element]),
    );
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
        if (state.version !== shownVersion) for (const { form } of forms) form.clearProblem();
        shownVersion = state.version;

        // No dead form: only the moves the server says this viewer may make now (`yourMoves`), in the
        // game's order; none for a spectator, a player who left, or anyone once the match is over.
        // Where the server lists a move's legal args, those are the choices; a form only for open moves.
        const available = new Set<string>(state.status === 'running' ? state.yourMoves : []);
        const listed = state.legalMoves;
        for (const { name, form, choices } of forms) {
          const open = listed === undefined || listed.open.includes(name);
          form.element.hidden = !available.has(name) || !open;
          choices.show(available.has(name) && !open ? listed.moves.filter(({ move }) => move === name) : []);
        }
        formList.hidden = available.size === 0;
        note.dataset.status = state.status;
        fill(note, available.size > 0 ? null : movesNote({ ...state, seats: state.players.length }, ui.me));
      },
    };
  };

/** What stands in for the forms when the viewer has no move to make now. */
function movesNote(state: Parameters<typeof standing>[0], me: string): string {
  if (state.status === 'finished') return `Game over. ${standing(state, me)}`;
  if (state.status === 'waiting') return 'The moves open when the match starts.';
  if (!state.players.includes(me)) return 'You are watching: only seated players move.';
  return `No move for you now. ${standing(state, me)}`;
}
