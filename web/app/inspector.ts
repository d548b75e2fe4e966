import type { LobbyClient, MatchState, MoveLogEntry } from '../../src/client/index.js';
import { fill, h } from './dom.js';
import { errorInWords, timeOf } from './words.js';

/** The part of a match state the inspector shows, for any game. */
export type InspectedState = Pick<MatchState<unknown>, 'version' | 'status' | 'turn'> & { readonly view: unknown };

export interface Inspector {
  readonly element: HTMLElement;
  update(state: InspectedState): void;
}

/**
 * What a developer wants beside the board: the version and status the server reports, the move log
 * (who, what, when) from the HTTP API, and the raw view exactly as this client received it.
 */
export function createInspector(lobby: LobbyClient, matchId: string): Inspector {
  const version = h('dd', { testid: 'inspector-version' }, '–');
  const status = h('dd', { testid: 'inspector-status' }, '–');
  const turn = h('dd', { testid: 'inspector-turn' }, '–');
  const played = h('dd', { testid: 'inspector-moves' }, '–');
  const log = h('ol', { class: 'move-log', testid: 'move-log' });
  const raw = h('pre', { class: 'raw', testid: 'raw-view' }, 'null');
  /** The log is append-only: read only the pages after what is shown, one reader at a time. */
  const moves: MoveLogEntry[] = [];
  let reading: Promise<void> = Promise.resolve();

  async function readNewPages(): Promise<void> {
    try {
      for (;;) {
        const page = await lobby.moveLog(matchId, { after: moves.at(-1)?.version ?? 0 });
        moves.push(...page.moves);
        if (page.next === null) break;
      }
      // Follows the newest entry, unless the reader has scrolled back to read older ones.
      const following = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
      fill(log, ...(moves.length === 0 ? [h('li', { class: 'muted' }, 'No moves yet.')] : moves.map(logEntry)));
      fill(played, moves.length);
      if (following) log.scrollTop = log.scrollHeight;
    } catch (error) {
      fill(log, h('li', { class: 'error' }, errorInWords(error)));
    }
  }

  let askedForVersion = -1;
  function loadLog(atVersion: number): void {
    if (atVersion <= askedForVersion) return;
    askedForVersion = atVersion;
    reading = reading.then(readNewPages);
  }

  const element = h(
    'details',
    // Folded on phones, where the board should come first; a tap opens it.
    { class: 'inspector card', testid: 'inspector', attrs: { open: window.matchMedia('(min-width: 721px)').matches } },
    h('summary', {}, 'Inspector'),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Version'),
      version,
      h('dt', {}, 'Status'),
      status,
      h('dt', {}, 'Moves played'),
      played,
      h('dt', {}, 'Turn now'),
      turn,
    ),
    h('h4', {}, 'Move log'),
    log,
    h('h4', {}, 'Raw view'),
    raw,
  );

  return {
    element,
    update(state) {
      fill(version, state.version);
      fill(status, state.status);
      // The turn being played: none before the match starts or once it is over.
      fill(turn, state.status === 'running' ? state.turn : '–');
      fill(raw, JSON.stringify(state.view, null, 2));
      loadLog(state.version);
    },
  };
}

function logEntry(entry: MoveLogEntry): HTMLElement {
  return h(
    'li',
    { testid: 'log-entry', attrs: { 'data-move-id': entry.moveId } },
    h('span', { class: 'version' }, `v${entry.version}`),
    ' ',
    h('time', { attrs: { datetime: new Date(entry.at).toISOString() } }, timeOf(entry.at)),
    ' ',
    h('strong', {}, entry.player),
    ' ',
    // What the server lets this viewer see: another player's secret args come hidden.
    h('code', {}, entry.hidden ? `${entry.move} (hidden)` : `${entry.move} ${JSON.stringify(entry.args)}`),
  );
}
