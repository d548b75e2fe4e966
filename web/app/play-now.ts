import type { MatchState } from '../../src/client/index.js';
import type { AppContext } from './context.js';
import { fill, h } from './dom.js';
import { errorInWords, gameTitle } from './words.js';

/** Ratings are written just after the last state goes out: ask this often, this many times, for the new one. */
const RATING_POLL_MS = 400;
const RATING_POLLS = 25;

/** `#/match/<id>/invite/<code>`: the page a private match's invite link opens. */
export const inviteLink = (matchId: string, invite: string): string =>
  `${location.origin}${location.pathname}#/match/${encodeURIComponent(matchId)}/invite/${encodeURIComponent(invite)}`;

/** "Play now": a seat in the open quick match of this game and table size, or a new one. */
export function playNowButton(context: AppContext, game: string, seats: () => number, report: (e: unknown) => void) {
  const play = async (): Promise<void> => {
    try {
      const { match } = await context.lobby.quickMatch({ game, seats: seats() });
      context.navigate(`#/match/${encodeURIComponent(match.id)}`);
    } catch (error) {
      report(error);
    }
  };
  return h('button', { testid: `play-now-${game}`, on: { click: () => void play() } }, 'Play now');
}

/** A new private match, with the creator seated; its page shows the invite link to copy. */
export function privateMatchButton(
  context: AppContext,
  game: string,
  seats: () => number,
  report: (error: unknown) => void,
) {
  const create = async (): Promise<void> => {
    try {
      const { match, invite } = await context.lobby.createPrivateMatch({ game, seats: seats() });
      context.navigate(`#/match/${encodeURIComponent(match.id)}/invite/${encodeURIComponent(invite)}`);
    } catch (error) {
      report(error);
    }
  };
  return h(
    'button',
    { class: 'secondary', testid: `create-private-${game}`, on: { click: () => void create() } },
    'Private match',
  );
}

/**
 * Under a finished match: the viewer's new rating once the server has it, and Rematch for its
 * players. A rematch someone else asked for arrives on the finished match's own socket (`rematch`
 * on its state): the page follows it to the new match, where every player already has a seat.
 */
export function afterGame(context: AppContext, matchId: string, game: string) {
  const me = context.session.userId;
  const rating = h('p', { class: 'notice', testid: 'my-rating', attrs: { 'aria-live': 'polite' } });
  const actions = h('div', { class: 'row' });
  const problem = h('p', { class: 'error', attrs: { role: 'alert' } });
  const element = h('div', { class: 'after-game', testid: 'after-game' }, rating, actions, problem);
  let polling = false;
  let gone = false;

  async function showRating(): Promise<void> {
    if (polling) return;
    polling = true;
    for (let poll = 0; poll < RATING_POLLS && !gone; poll++) {
      const mine = (await context.lobby.me().catch(() => undefined))?.ratings.find((one) => one.game === game);
      if (mine?.last?.matchId === matchId) {
        const change = mine.last.change;
        fill(
          rating,
          `Your ${gameTitle(game)} rating: ${mine.rating.toFixed(2)} (${change >= 0 ? '+' : ''}${change.toFixed(2)})`,
        );
        rating.dataset.rating = String(mine.rating);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, RATING_POLL_MS));
    }
  }

  async function rematch(): Promise<void> {
    try {
      const next = await context.lobby.rematch(matchId);
      context.navigate(`#/match/${encodeURIComponent(next.id)}`);
    } catch (error) {
      fill(problem, errorInWords(error));
    }
  }

  return {
    element,
    update(state: Pick<MatchState<unknown>, 'status' | 'players' | 'rematch'>): void {
      if (state.status !== 'finished' || !state.players.includes(me)) return;
      if (state.rematch !== undefined && state.rematch.by !== me) {
        context.navigate(`#/match/${encodeURIComponent(state.rematch.matchId)}`);
        return;
      }
      void showRating();
      if (actions.childElementCount === 0) {
        fill(actions, h('button', { testid: 'rematch', on: { click: () => void rematch() } }, 'Rematch'));
      }
    },
    dispose(): void {
      gone = true;
    },
  };
}
