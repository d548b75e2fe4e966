import { type GameInfo, isTurngateError, type MatchSummary } from '../../src/client/index.js';
import { clockText } from './clock-view.js';
import type { AppContext, Page } from './context.js';
import { fill, h } from './dom.js';
import { playNowButton, privateMatchButton } from './play-now.js';
import { pollWhileVisible } from './visible-poll.js';
import { botTitle, errorInWords, gameTitle } from './words.js';

/**
 * The lobby refreshes on its own so a friend's new match shows up without a reload, but slowly and only
 * while the page is visible: a crowd of open tabs must not poll the lobby API (throttled per route,
 * docs/deploy.md) for nobody to see. An unchanged page costs a 304 (the SDK sends its ETag); a tab
 * coming back into view refreshes at once.
 */
export const REFRESH_MS = 15_000;

/** Sign-in is done: create a match of any example game, or join, open or watch one. */
export function lobbyPage(context: AppContext): Page {
  const { session } = context;
  const problem = h('p', { class: 'error', testid: 'lobby-error', attrs: { role: 'alert' } });
  const gamesList = h('div', { class: 'games', testid: 'games' }, h('p', { class: 'muted' }, 'Loading games…'));
  const matchesList = h('div', { class: 'matches', testid: 'matches' }, h('p', { class: 'muted' }, 'Loading…'));

  const report = (error: unknown): void => {
    fill(problem, errorInWords(error));
    // A refused token: renew it, or send the user back to sign in with the reason.
    if (isTurngateError(error) && error.code === 'unauthorized') void context.checkSignIn();
  };

  async function create(game: string, seats: number, turnMs: number | undefined, bot: string): Promise<void> {
    try {
      const match = await context.lobby.createMatch({
        game,
        seats,
        ...(turnMs === undefined ? {} : { timeControl: { turnMs } }),
        join: true,
        // Against a bot: it takes every other seat, so the match starts at once.
        ...(bot === '' ? {} : { bots: Array.from({ length: seats - 1 }, () => bot) }),
      });
      context.navigate(`#/match/${encodeURIComponent(match.id)}`);
    } catch (error) {
      report(error);
    }
  }

  async function join(matchId: string): Promise<void> {
    try {
      await context.lobby.join(matchId);
      context.navigate(`#/match/${encodeURIComponent(matchId)}`);
    } catch (error) {
      report(error);
    }
  }

  function gameCard(game: GameInfo): HTMLElement {
    const seats = h(
      'select',
      { testid: `seats-${game.name}`, attrs: { 'aria-label': 'Seats' } },
      ...range(game.players.min, game.players.max).map((n) => h('option', { attrs: { value: n } }, `${n} players`)),
    );
    const time = timePicker(game);
    const turnMs = () => (time === null || time.value === '' ? undefined : Number(time.value));
    const opponents = opponentPicker(game);
    return h(
      'div',
      { class: 'card game', testid: `game-${game.name}` },
      h('h3', {}, gameTitle(game.name)),
      h(
        'div',
        { class: 'row' },
        game.players.min === game.players.max ? `${game.players.min} players` : seats,
        time,
        opponents,
        h(
          'button',
          {
            testid: `create-${game.name}`,
            on: { click: () => void create(game.name, Number(seats.value), turnMs(), opponents?.value ?? '') },
          },
          'New match',
        ),
        privateMatchButton(context, game.name, () => Number(seats.value || game.players.min), report),
        playNowButton(context, game.name, () => Number(seats.value || game.players.min), report),
      ),
    );
  }

  function matchRow(match: MatchSummary): HTMLElement {
    const seated = match.players.includes(session.userId);
    const canJoin = match.status === 'waiting' && !seated && match.players.length < match.seats;
    const open = h(
      'a',
      {
        class: 'button secondary',
        testid: `open-${match.id}`,
        attrs: { href: `#/match/${encodeURIComponent(match.id)}` },
      },
      seated ? 'Open' : 'Watch',
    );
    const joinButton = canJoin
      ? h('button', { testid: `join-${match.id}`, on: { click: () => void join(match.id) } }, 'Join')
      : null;
    return h(
      'li',
      { class: 'match', testid: `match-${match.id}`, attrs: { 'data-game': match.game, 'data-status': match.status } },
      h('span', { class: 'title' }, gameTitle(match.game)),
      h('span', { class: `badge ${match.status}` }, abandoned(match) ? 'abandoned' : match.status),
      yourTurn(match, session.userId)
        ? h('span', { class: 'badge your-turn', testid: 'your-turn' }, 'your turn')
        : null,
      h(
        'span',
        { class: 'players' },
        `${match.players.join(', ') || 'nobody yet'} (${match.players.length}/${match.seats})`,
      ),
      h('span', { class: 'actions' }, joinButton, open),
    );
  }

  /** Which page of matches is shown: the cursors of the pages before it, and its own (none: the newest). */
  const newer: (string | undefined)[] = [];
  let cursor: string | undefined;
  const pager = h('div', { class: 'row pager', testid: 'match-pager' });

  function turnPage(to: string | undefined, back: boolean): void {
    if (back) cursor = newer.pop();
    else {
      newer.push(cursor);
      cursor = to;
    }
    void refresh();
  }

  function showPager(next: string | null): void {
    fill(
      pager,
      newer.length > 0
        ? h(
            'button',
            { class: 'secondary', testid: 'newer-matches', on: { click: () => turnPage(undefined, true) } },
            'Newer',
          )
        : null,
      next !== null
        ? h(
            'button',
            { class: 'secondary', testid: 'older-matches', on: { click: () => turnPage(next, false) } },
            'Older',
          )
        : null,
    );
  }

  async function refresh(): Promise<void> {
    try {
      // The games a server offers do not change while it runs: asked for once, not on every refresh.
      const [games, page] = await Promise.all([
        gamesList.dataset.loaded ? undefined : context.lobby.games(),
        context.lobby.matchPage(cursor === undefined ? {} : { cursor }),
      ]);
      const matches = page.matches;
      showPager(page.next);
      if (games !== undefined && !gamesList.dataset.loaded) {
        fill(gamesList, ...games.map(gameCard));
        gamesList.dataset.loaded = 'true';
      }
      fill(
        matchesList,
        matches.length === 0
          ? h('p', { class: 'muted', testid: 'no-matches' }, 'No matches yet: start one.')
          : h(
              'ul',
              { class: 'match-list', testid: 'match-list' },
              ...yourTurnFirst(matches, session.userId).map(matchRow),
            ),
      );
      fill(problem);
    } catch (error) {
      report(error);
    }
  }

  void refresh();
  const stopPolling = pollWhileVisible(() => void refresh(), REFRESH_MS);
  const element = h(
    'div',
    { class: 'lobby', testid: 'lobby' },
    problem,
    h('section', {}, h('h2', {}, 'Start a match'), gamesList),
    h(
      'section',
      {},
      h(
        'h2',
        {},
        'Matches ',
        h('button', { class: 'link', testid: 'refresh', on: { click: () => void refresh() } }, 'Refresh'),
      ),
      matchesList,
      pager,
    ),
  );
  return { element, dispose: stopPolling };
}

/** Per-move limits offered in the lobby, where the game allows them. */
const TURN_PRESETS_MS = [1_000, 10_000, 30_000, 60_000, 5 * 60_000, 60 * 60_000, 24 * 60 * 60_000];

/** A "time per move" choice for a game that lets a match's creator pick one; `null` otherwise. */
function timePicker(game: GameInfo): HTMLSelectElement | null {
  const bounds = game.clock?.allow.turnMs;
  if (bounds === undefined) return null;
  const standard = game.clock?.default?.turnMs;
  const presets = TURN_PRESETS_MS.filter((ms) => ms >= bounds.min && ms <= bounds.max && ms !== standard);
  return h(
    'select',
    { testid: `time-${game.name}`, attrs: { 'aria-label': 'Time per move' } },
    h('option', { attrs: { value: '' } }, standard === undefined ? 'No time limit' : `${clockText(standard)} per move`),
    ...presets.map((ms) => h('option', { attrs: { value: ms } }, `${clockText(ms)} per move`)),
  );
}

const abandoned = (match: MatchSummary): boolean => match.result !== null && 'abandoned' in match.result;

const yourTurn = (match: MatchSummary, me: string): boolean => match.status === 'running' && match.currentPlayer === me;

/** Matches waiting on the viewer come first; otherwise the server's order (newest first) stands. */
const yourTurnFirst = (matches: readonly MatchSummary[], me: string): MatchSummary[] => [
  ...matches.filter((match) => yourTurn(match, me)),
  ...matches.filter((match) => !yourTurn(match, me)),
];

/** Who the creator plays against: people who join, or one of the game's bots in every other seat. */
function opponentPicker(game: GameInfo): HTMLSelectElement | null {
  if (game.bots.length === 0) return null;
  return h(
    'select',
    { testid: `opponents-${game.name}`, attrs: { 'aria-label': 'Play against' } },
    h('option', { attrs: { value: '' } }, 'against people'),
    ...game.bots.map((bot) => h('option', { attrs: { value: bot } }, `against ${botTitle(bot)}`)),
  );
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
