import {
  type ConnectionStatus,
  connectGame,
  type GameClient,
  type GameInfo,
  type MatchState,
  type MatchSummary,
} from '../../src/client/index.js';
import type { BoardFactory } from './boards/board.js';
import { boardFor } from './boards/by-game.js';
import { createClockView, timeoutInWords } from './clock-view.js';
import { type AppContext, matchLink, type Page } from './context.js';
import { debugLinkTo } from './debug-panel/link.js';
import { fill, h } from './dom.js';
import { createInspector } from './inspector.js';
import { loadedPage } from './loaded-page.js';
import { createMatchActions } from './match-actions.js';
import { afterGame, inviteLink } from './play-now.js';
import { replayLinkTo } from './replay-page.js';
import { seatClass } from './seats.js';
import { errorInWords, gameTitle, playerName, standing } from './words.js';

const STATUS_WORDS: Readonly<Record<ConnectionStatus, string>> = {
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
};

/**
 * The server pushes each join to waiting players, but only as a best effort; while seats are open a
 * slow sync makes sure a missed push cannot leave a player waiting for a game that already began.
 */
const WAITING_SYNC_MS = 5_000;

/** A match: loads its summary to learn the game, then mounts that game's board on a live connection. */
export function matchPage(context: AppContext, matchId: string, invite?: string): Page {
  return loadedPage(
    { class: 'match-page', testid: 'match-page' },
    () => Promise.all([context.lobby.match(matchId), context.lobby.games()]),
    ([{ match: details }, games], element) => {
      const game = games.find((candidate) => candidate.name === details.game);
      const mount = { context, details, game, invite, container: element };
      return mountMatch<unknown>(mount, boardFor(details.game, game));
    },
    errorInWords,
  );
}

interface Mount {
  readonly context: AppContext;
  readonly details: MatchSummary;
  readonly game: GameInfo | undefined;
  /** A private match's invite code, from the link that opened the page. */
  readonly invite: string | undefined;
  readonly container: HTMLElement;
}

function mountMatch<G>({ context, details, game, invite, container }: Mount, makeBoard: BoardFactory<G>): () => void {
  const { session } = context;
  const me = session.userId;
  const client = connectGame<G>({ url: context.socketUrl, matchId: details.id, token: () => context.token() });
  const connection = h('span', { class: 'badge', testid: 'connection-status' }, STATUS_WORDS[client.status]);
  const turnStatus = h(
    'p',
    { class: 'turn-status', testid: 'turn-status', attrs: { 'aria-live': 'polite' } },
    standing(details, me),
  );
  const problem = h('p', { class: 'error', testid: 'error-message', attrs: { role: 'alert', 'aria-live': 'polite' } });
  const players = h('ul', { class: 'players', testid: 'players' });
  const clocks = createClockView(me);
  const timeoutNotice = h('p', { class: 'notice', testid: 'timeout-notice', attrs: { 'aria-live': 'polite' } });
  const seatActions = h('div', { class: 'row' });
  const inspector = createInspector(context.lobby, details.id);
  const after = afterGame(context, details.id, details.game);

  const showError = (error: unknown): void => fill(problem, errorInWords(error));
  const board = makeBoard(client, {
    me,
    play: (send) => {
      fill(problem);
      send().catch(showError);
    },
  });
  const actions = createMatchActions({
    client: client as GameClient<unknown>,
    lobby: context.lobby,
    matchId: details.id,
    me,
    showError,
    afterLeave: () => {
      if (client.state?.status === 'waiting') context.navigate('#/');
    },
  });

  async function seat(action: 'join' | 'start'): Promise<void> {
    fill(problem);
    try {
      await (action === 'join'
        ? context.lobby.join(details.id, invite === undefined ? {} : { invite })
        : context.lobby.start(details.id));
      client.sync();
    } catch (error) {
      showError(error);
    }
  }

  function drawSeats(state: MatchState<G>): void {
    fill(
      players,
      ...state.players.map((player) => {
        const left = state.left.includes(player);
        const active = state.activePlayers.includes(player);
        return h(
          'li',
          {
            class: [seatClass(state, player), left ? 'left' : active ? 'current' : ''].join(' ').trim(),
            attrs: { 'data-player': player, 'data-active': active, 'data-left': left },
          },
          playerName(player, me),
          left ? ' (left)' : '',
        );
      }),
    );
    const seated = state.players.includes(me);
    const waiting = state.status === 'waiting';
    const canStart = waiting && seated && game !== undefined && state.players.length >= game.players.min;
    fill(
      seatActions,
      waiting && !seated && state.players.length < details.seats
        ? h('button', { testid: 'join-match', on: { click: () => void seat('join') } }, 'Take a seat')
        : null,
      canStart && state.players.length < details.seats
        ? h(
            'button',
            { class: 'secondary', testid: 'start-match', on: { click: () => void seat('start') } },
            'Start now',
          )
        : null,
      !seated ? h('span', { class: 'muted', testid: 'spectating' }, 'You are watching.') : null,
    );
  }

  let lastVersion = -1;
  const offState = client.on('state', (state) => {
    if (state.version !== lastVersion && lastVersion !== -1) fill(problem);
    lastVersion = state.version;
    fill(turnStatus, standing({ ...state, seats: details.seats }, me));
    turnStatus.dataset.status = state.status;
    drawSeats(state);
    clocks.update(state as MatchState<unknown>);
    actions.update(state as MatchState<unknown>);
    board.update(state);
    inspector.update(state);
    after.update(state);
    context.onMatchState?.(state as MatchState<unknown>);
  });
  const offStatus = client.on('status', (status) => {
    fill(connection, STATUS_WORDS[status]);
    connection.dataset.status = status;
    // A browser cannot see why an upgrade was refused: ask the lobby whether the sign-in expired.
    if (status === 'reconnecting') void context.checkSignIn();
  });
  const offError = client.on('error', showError);
  const offTimeout = client.on('timeout', (event) => fill(timeoutNotice, timeoutInWords(event, me)));
  const waitingTimer = setInterval(() => {
    if (client.state?.status === 'waiting') client.sync();
  }, WAITING_SYNC_MS);

  fill(
    container,
    h(
      'div',
      { class: 'match-head' },
      h(
        'h2',
        {},
        gameTitle(details.game),
        ' ',
        connection,
        ' ',
        replayLinkTo(details.id),
        context.devTools ? debugLinkTo(details.id) : null,
      ),
      turnStatus,
      timeoutNotice,
      problem,
    ),
    h(
      'div',
      { class: 'match-body' },
      h(
        'div',
        { class: 'play card' },
        players,
        clocks.element,
        seatActions,
        board.element,
        actions.element,
        after.element,
      ),
      inspector.element,
    ),
    invite === undefined
      ? shareBox(matchLink(details.id), 'Share this match ')
      : shareBox(inviteLink(details.id, invite), 'Invite a friend '),
  );

  return () => {
    clearInterval(waitingTimer);
    offState();
    offStatus();
    offError();
    offTimeout();
    clocks.dispose();
    after.dispose();
    client.close();
  };
}

function shareBox(url: string, label: string): HTMLElement {
  const link = h('input', {
    testid: 'share-link',
    attrs: { readonly: true, value: url, 'aria-label': 'Link to this match' },
  });
  const copy = async (): Promise<void> => {
    link.select();
    try {
      await navigator.clipboard.writeText(link.value);
    } catch {
      // No clipboard on plain-http LAN pages: the link is selected, ready for the user to copy.
    }
  };
  return h(
    'div',
    { class: 'share row' },
    h('label', {}, label),
    link,
    h('button', { class: 'secondary', testid: 'copy-link', on: { click: () => void copy() } }, 'Copy'),
  );
}
