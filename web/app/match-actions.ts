import type { GameClient, LobbyClient, MatchState } from '../../src/client/index.js';
import { fill, h } from './dom.js';

/**
 * Moves a game allows out of turn, with the words a button gives them. A game offers them by name
 * (tic-tac-toe's `resign`, `offerDraw`, `acceptDraw`); the server says, with each state, which of its
 * moves the viewer may make now (`yourMoves`), so a button shows only when it would be accepted.
 */
const OUT_OF_TURN: Readonly<Record<string, string>> = {
  offerDraw: 'Offer a draw',
  acceptDraw: 'Accept the draw',
};

export interface MatchActions {
  readonly element: HTMLElement;
  update(state: MatchState<unknown>): void;
}

/**
 * The buttons beside every board: Resign in every running game (the game's own `resign` move where
 * it has one, else leaving the match, which loses by default), the game's draw offers, and Leave for
 * a waiting match (frees the seat). Failures go to `showError`, like a board's.
 */
export function createMatchActions(options: {
  readonly client: GameClient<unknown>;
  readonly lobby: LobbyClient;
  readonly matchId: string;
  readonly me: string;
  readonly showError: (error: unknown) => void;
  readonly afterLeave: () => void;
}): MatchActions {
  const { client, lobby, matchId, me, showError } = options;
  const element = h('div', { class: 'row match-actions', testid: 'match-actions' });
  const run = (action: () => Promise<unknown>): void => {
    action().catch(showError);
  };
  // The client's move proxy answers any name at run time; these names come from the server's own list.
  const moveByName = client.move as unknown as Readonly<Record<string, (args: object) => Promise<unknown>>>;
  const send = (move: string) => run(() => (moveByName[move] as (args: object) => Promise<unknown>)({}));
  const leave = () =>
    run(async () => {
      await lobby.leave(matchId);
      client.sync();
      options.afterLeave();
    });

  return {
    element,
    update(state) {
      const seated = state.players.includes(me) && !state.left.includes(me);
      const moves = new Set<string>(state.yourMoves);
      if (!seated || state.status === 'finished') {
        fill(element);
        return;
      }
      if (state.status === 'waiting') {
        fill(element, h('button', { class: 'secondary', testid: 'leave-match', on: { click: leave } }, 'Leave'));
        return;
      }
      const resign = moves.has('resign')
        ? () => send('resign')
        : () => {
            if (window.confirm('Leave this match? You will lose it.')) leave();
          };
      fill(
        element,
        ...Object.entries(OUT_OF_TURN)
          .filter(([move]) => moves.has(move))
          .map(([move, words]) =>
            h('button', { class: 'secondary', testid: `action-${move}`, on: { click: () => send(move) } }, words),
          ),
        h('button', { class: 'danger', testid: 'resign', on: { click: resign } }, 'Resign'),
      );
    },
  };
}
