import type { GameClient, MatchState } from '../../../src/client/index.js';
import type { BoardFactory } from '../boards/board.js';
import { fill, h } from '../dom.js';

/** Whose eyes a board shows the match through: a seated player, or `null` for a spectator. */
export type Perspective = string | null;

/** One position of the replay as each board needs it: the state a live page would have been sent. */
export type StateFor = (perspective: Perspective) => MatchState<unknown>;

export interface ReplayBoards {
  readonly element: HTMLElement;
  /** Shows these perspectives, each drawn from its own state of the position. */
  show(perspectives: readonly Perspective[], stateFor: StateFor): void;
}

/**
 * The game's own boards (the live page's, web/app/boards/by-game.ts), one per perspective, drawn
 * from replayed states. A replay sends nothing: the boards get a client whose moves are refused, and
 * sit in an `inert` frame, so nothing in them can be clicked or focused.
 */
export function createReplayBoards(makeBoard: BoardFactory<unknown>, caption: (perspective: Perspective) => string) {
  const element = h('div', { class: 'replay-boards', testid: 'replay-boards' });
  const boards = new Map<string, { frame: HTMLElement; update: (state: MatchState<unknown>) => void }>();

  const boardOf = (perspective: Perspective) => {
    const key = perspective ?? '';
    let board = boards.get(key);
    if (board === undefined) {
      // `ui.me` is who the board draws for: a spectator is nobody seated.
      const drawn = makeBoard(REPLAY_CLIENT, { me: perspective ?? '', play: () => {} });
      const frame = h(
        'figure',
        { class: 'replay-board card', testid: 'replay-board', attrs: { 'data-perspective': key, inert: true } },
        h('figcaption', {}, caption(perspective)),
        drawn.element,
      );
      board = { frame, update: (state) => drawn.update(state) };
      boards.set(key, board);
    }
    return board;
  };

  return {
    element,
    show(perspectives: readonly Perspective[], stateFor: StateFor) {
      const shown = perspectives.map((perspective) => {
        const board = boardOf(perspective);
        board.update(stateFor(perspective));
        return board.frame;
      });
      fill(element, ...shown);
    },
  } satisfies ReplayBoards;
}

/** Boards call `client.move.<name>(args)`; in a replay every such call is refused, and none is sent. */
const REPLAY_CLIENT = {
  move: new Proxy({}, { get: () => () => Promise.reject(new Error('a replay sends no moves')) }),
} as unknown as GameClient<unknown>;
