import type { DevState, GameInfo, MatchState } from '../../../src/client/index.js';
import { type AppContext, matchLink, type Page } from '../context.js';
import { fill, h } from '../dom.js';
import { loadedPage } from '../loaded-page.js';
import { pastState } from '../replay/past-state.js';
import { createBotSeatForm } from './bot-seat.js';
import type { DebugHost } from './host.js';
import { createLogView } from './log-view.js';
import { resetMatch } from './reset.js';
import { createSeatBar } from './seat-bar.js';
import { createSeatSessions } from './seat-sessions.js';
import { playedByBot, type SeatChoice } from './seats.js';
import { createStateFeed } from './state-feed.js';
import { createStateView } from './state-view.js';
import { addPanelStyles } from './styles.js';

/** Remembered for the tab, so a reset (a new match) keeps playing as the same seat, hot or not. */
const HOT_SEAT_KEY = 'turngate.debug.hot-seat';
const SEAT_KEY = 'turngate.debug.seat';

/**
 * The debug panel (development mode only; README "Web UI"): one tab plays every seat of a match.
 * It embeds the page's own match page as the seat it plays, switching seat or following whoever may
 * act (hot seat); beside it, the log with step back and forth (looking at a past position, never
 * undoing), and the true state next to each seat's view, from the development endpoint
 * `GET /api/dev/matches/{id}/state`. Reset starts a new match with the same seats.
 */
export function mountDebugPanel(host: DebugHost, context: AppContext, matchId: string): Page {
  addPanelStyles();
  return loadedPage(
    { class: 'debug-panel', testid: 'debug-panel' },
    () => Promise.all([context.lobby.devState(matchId), context.lobby.games()]),
    ([first, games], container) => {
      const game = games.find((candidate) => candidate.name === first.match.game);
      return mountPanel({ host, context, matchId, game, first, container });
    },
    host.errorInWords,
  );
}

interface Mount {
  readonly host: DebugHost;
  readonly context: AppContext;
  readonly matchId: string;
  readonly game: GameInfo | undefined;
  readonly first: DevState;
  readonly container: HTMLElement;
}

function mountPanel({ host, context, matchId, game, first, container }: Mount): () => void {
  const sessions = createSeatSessions(context);
  const makeBoard = host.boardFor(first.match.game, game);
  let summary = first.match;
  /** The position asked for (steps from the start), `null` for now; `shown` is the last one drawn. */
  let viewing: number | null = null;
  let shown = { state: first, position: null as number | null };
  let playing: string | null = null;
  let live: Page | undefined;
  let mounting = 0;
  let closed = false;

  const problem = h('p', { class: 'error', testid: 'debug-error', attrs: { role: 'alert', 'aria-live': 'polite' } });
  const showError = (error: unknown): void => fill(problem, host.errorInWords(error));
  const feed = createStateFeed(context.lobby, matchId, first, loaded, showError);
  const { log } = feed;
  const standing = h('p', { class: 'turn-status', testid: 'debug-standing' });
  const seatBar = createSeatBar(
    {
      select: (player) => void playAs(player),
      hotSeat: (on) => {
        sessionStorage.setItem(HOT_SEAT_KEY, String(on));
        followHotSeat();
      },
      seat: (name) => void seatPlayer(name),
      reset: () => void reset(),
    },
    sessionStorage.getItem(HOT_SEAT_KEY) === 'true',
  );
  const botSeat = createBotSeatForm(game?.bots ?? [], (seats) => void reset(seats));
  const logView = createLogView(host.stepInWords, go);
  const stateView = createStateView();
  const liveBox = h('div', { class: 'debug-live', testid: 'debug-live' });
  const pastNote = h('p', { class: 'debug-past-note', testid: 'debug-past-note' });
  const pastBoards = host.createReplayBoards(makeBoard, (player) =>
    player === null ? 'As a spectator' : `As ${player}`,
  );
  const pastBox = h(
    'div',
    { class: 'debug-past', testid: 'debug-past', attrs: { hidden: true } },
    pastNote,
    pastBoards.element,
  );

  fill(
    container,
    h(
      'div',
      { class: 'debug-head' },
      h('h2', {}, `Debug panel: ${host.gameTitle(summary.game)}`),
      h('a', { attrs: { href: matchLink(matchId) } }, 'Back to the match'),
    ),
    standing,
    problem,
    h(
      'div',
      { class: 'debug-controls' },
      h('div', { class: 'debug-seat-column' }, seatBar.element, botSeat.element),
      logView.element,
    ),
    liveBox,
    pastBox,
    stateView.element,
  );

  /** The embedded match page tells every state it receives: a new step means a new position to show. */
  function onMatchState(state: MatchState<unknown>): void {
    if (state.version !== summary.version || state.status !== summary.status) refresh();
  }

  /** Plays as `player` (`null`: as the signed-in user): the page's own match page, mounted for that seat. */
  async function playAs(player: string | null): Promise<void> {
    const mount = ++mounting;
    playing = player;
    if (player !== null) sessionStorage.setItem(SEAT_KEY, player);
    draw();
    try {
      const seatContext =
        player === null
          ? { ...context, devTools: false, onMatchState }
          : await sessions.contextAs(player, onMatchState);
      if (mount !== mounting || closed) return;
      live?.dispose();
      live = host.matchPage(seatContext, matchId);
      fill(liveBox, live.element);
    } catch (error) {
      showError(error);
    }
  }

  /** A seat the panel can play: a person's, not a bot's. */
  const person = (player: string): boolean => !playedByBot(summary, player);

  /** Hot seat: when the seat played may not act and a person may, play as the first who may. */
  function followHotSeat(): void {
    if (!seatBar.hotSeat || summary.status !== 'running') return;
    const next = summary.activePlayers.find(person);
    if (next === undefined || (playing !== null && summary.activePlayers.includes(playing))) return;
    void playAs(next);
  }

  async function seatPlayer(name: string): Promise<void> {
    fill(problem);
    try {
      await (await sessions.lobbyAs(name)).join(matchId);
      if (playing === null) void playAs(name);
      refresh();
    } catch (error) {
      showError(error);
    }
  }

  /** A new match of the game, seated as `seats` say, or as this one is. */
  async function reset(seats?: (SeatChoice | null)[]): Promise<void> {
    fill(problem);
    try {
      const id = await resetMatch(summary, game, context.lobby, sessions.lobbyAs, seats);
      context.navigate(`#/match/${encodeURIComponent(id)}/debug`);
    } catch (error) {
      showError(error);
    }
  }

  /** Steps to a position: 0 is the start, the log's length is now (live). */
  function go(position: number): void {
    const target = Math.max(0, Math.min(log.length, position));
    const next = target === log.length ? null : target;
    if (next === viewing) return;
    viewing = next;
    logView.update(log, viewing);
    refresh();
  }

  function refresh(): void {
    feed.load(viewing);
  }

  /** A position has come: the match now, and the one asked for. */
  function loaded(state: DevState, position: number | null): void {
    summary = state.match;
    shown = { state, position };
    draw();
    followHotSeat();
  }

  function draw(): void {
    const { state, position } = shown;
    // The match now, which a past position's board does not show: said as such while looking back.
    const now = host.standing(summary, playing ?? context.session.userId);
    fill(standing, position === null ? now : `Now: ${now}`);
    seatBar.update(summary, playing);
    botSeat.update(summary);
    logView.update(log, viewing);
    const where = position === null ? 'Now' : position === 0 ? 'At the start' : `After step ${position}`;
    stateView.update(state, playing, where);
    liveBox.hidden = position !== null;
    pastBox.hidden = position === null;
    if (position === null) return;
    fill(pastNote, `${where} of ${log.length}, as it was: looking back changes nothing. Live » returns to play.`);
    pastBoards.show([playing], (player) => stateAt(state, player));
  }

  /** A past position as a board draws it: what the seat's page would have been sent then. */
  const stateAt = (state: DevState, player: string | null): MatchState<unknown> =>
    pastState({
      matchId,
      game: summary.game,
      version: state.at,
      players: summary.players,
      bots: summary.bots,
      position: state.position,
      viewer: player,
      view: state.views.find((seen) => seen.player === player)?.view ?? null,
    });

  if (first.next !== null) refresh();
  const remembered = sessionStorage.getItem(SEAT_KEY);
  const seated = (player: string | null | undefined): player is string =>
    player != null && summary.players.includes(player) && person(player);
  const firstSeat = [remembered, context.session.userId, summary.activePlayers[0], ...summary.players].find(seated);
  void playAs(firstSeat ?? null);
  followHotSeat();

  return () => {
    closed = true;
    feed.close();
    live?.dispose();
  };
}
