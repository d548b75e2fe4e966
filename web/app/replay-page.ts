import type { ReplayExport, ReplayStepEntry } from '../../src/client/index.js';
import { isLeaveEntry, isTimeoutEntry, TIMEOUT_LOSS_MOVE } from '../../src/protocol/index.js';
import { boardFor } from './boards/by-game.js';
import { type AppContext, matchLink, type Page } from './context.js';
import { fill, h } from './dom.js';
import { loadedPage } from './loaded-page.js';
import { createReplayControls } from './replay/controls.js';
import { createReplayBoards, type Perspective } from './replay/replay-boards.js';
import { type LoadedReplay, loadReplay } from './replay/source.js';
import type { Verdict } from './replay/timeline.js';
import { errorInWords, gameTitle, playerName, standing, timeOf } from './words.js';

/** The way from a match page to its replay (`#/match/<id>/replay`): there while it runs, too. */
export const replayLinkTo = (matchId: string): HTMLElement =>
  h(
    'a',
    { class: 'badge replay-link', testid: 'replay-link', attrs: { href: `${matchLink(matchId)}/replay` } },
    'Replay',
  );

/** Every seat at once: the perspective choice that shows each player's board side by side. */
const EVERYONE = '*everyone';

/**
 * A match, step by step (README "Replay"): the game's own board at every position, with controls to
 * step, slide and play. A finished match whose game publishes its seed is recomputed here by the
 * engine and checked against the server's record, and can be watched through every seat's eyes; any
 * other match shows the server's views for the signed-in user, which never hold what the rules hide
 * from them.
 */
export function replayPage(context: AppContext, matchId: string): Page {
  return loadedPage(
    { class: 'replay-page', testid: 'replay-page' },
    () => Promise.all([loadReplay(context.lobby, matchId), context.lobby.games()]),
    ([replay, games], element) => {
      const info = games.find((game) => game.name === replay.exported.match.game);
      return mountReplay(context, replay, boardFor(replay.exported.match.game, info), element);
    },
    errorInWords,
  );
}

function mountReplay(
  context: AppContext,
  replay: LoadedReplay,
  makeBoard: ReturnType<typeof boardFor>,
  container: HTMLElement,
): () => void {
  const me = context.session.userId;
  const { exported } = replay;
  const caption = (perspective: Perspective) =>
    perspective === null ? 'As a spectator' : `As ${playerName(perspective, me)}`;
  const boards = createReplayBoards(makeBoard, caption);
  const where = h('p', { class: 'replay-position', testid: 'replay-position', attrs: { 'aria-live': 'polite' } });
  const what = h('p', { class: 'replay-step', testid: 'replay-step' });
  const seenBy = perspectiveChoice(replay, () => show(current));
  let current = 0;

  function show(position: number): void {
    current = position;
    fill(where, position === 0 ? `The start, of ${replay.last} steps` : `Step ${position} of ${replay.last}`);
    const step = exported.steps[position - 1];
    fill(what, step === undefined ? '' : stepInWords(step, me));
    const chosen = seenBy.value;
    const perspectives = chosen === EVERYONE ? replay.perspectives.filter((p) => p !== null) : [perspectiveOf(chosen)];
    boards.show(perspectives, (perspective) => replay.stateAt(position, perspective));
  }

  const controls = createReplayControls(replay.last, show);
  fill(
    container,
    h(
      'div',
      { class: 'match-head' },
      h('h2', {}, `Replay: ${gameTitle(exported.match.game)}`),
      h('p', { class: 'turn-status', testid: 'replay-standing' }, standing(exported.match, me)),
      verdictLine(replay),
    ),
    h('div', { class: 'card replay-deck' }, controls.element, where, what, seenBy.element),
    boards.element,
    h(
      'div',
      { class: 'row' },
      h('a', { attrs: { href: `#/match/${encodeURIComponent(exported.match.id)}` } }, 'Back to the match'),
      downloadButton(exported),
    ),
  );
  return () => controls.dispose();
}

/** Whose eyes to watch through: in engine mode every seat at once, one seat, or a spectator; else the caller's. */
function perspectiveChoice(replay: LoadedReplay, changed: () => void) {
  const options = [
    ...(replay.mode === 'engine' ? [[EVERYONE, 'Every seat']] : []),
    ...replay.perspectives.map((perspective) => [
      perspective ?? '',
      perspective === null ? 'A spectator' : perspective,
    ]),
  ];
  const select = h(
    'select',
    { testid: 'replay-perspective', attrs: { 'aria-label': 'Watch as' }, on: { change: changed } },
    ...options.map(([value, label]) => h('option', { attrs: { value } }, label)),
  );
  return {
    element: h('label', { class: 'row' }, 'Watch as ', select),
    get value() {
      return select.value;
    },
  };
}

const perspectiveOf = (value: string): Perspective => (value === '' ? null : value);

function verdictLine(replay: LoadedReplay): HTMLElement {
  const line = (state: string, text: string) =>
    h('p', { class: `replay-verdict ${state}`, testid: 'replay-verdict', attrs: { 'data-verdict': state } }, text);
  if (replay.mode === 'views') {
    return line('views', 'Shown as the server lets you see it: the rest of the match stays hidden.');
  }
  const verdict = replay.verdict as Verdict;
  if (verdict.ok) {
    return line('verified', `Recomputed here from the seed: every position matches the server’s record.`);
  }
  const where = verdict.step === undefined ? '' : ` at step ${verdict.step}`;
  return line(
    'diverged',
    `Recomputed here from the seed, and it differs from the server’s record${where}: ${verdict.problem}.`,
  );
}

/** A step in words: who did what (a move's args as the caller may see them), and when. */
export function stepInWords(step: ReplayStepEntry, me: string): string {
  const who = playerName(step.player, me);
  const when = ` at ${timeOf(step.at)}`;
  if (isLeaveEntry(step)) return `${who} left the match${when}.`;
  const args = step.hidden ? '(hidden)' : JSON.stringify(step.args);
  if (isTimeoutEntry(step)) {
    const outcome = step.move === TIMEOUT_LOSS_MOVE ? 'and is out' : `: ${step.move} ${args} was played for them`;
    return `${who} ran out of time${when} ${outcome}.`;
  }
  return `${who}: ${step.move} ${args}${when}.`;
}

/** The whole replay as a file: what `turngate replay <file>` checks. */
function downloadButton(exported: ReplayExport): HTMLElement {
  const save = () => {
    const blob = new Blob([`${JSON.stringify(exported, null, 2)}\n`], { type: 'application/json' });
    const link = h('a', {
      attrs: { href: URL.createObjectURL(blob), download: `${exported.match.game}-${exported.match.id}.json` },
    });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 0);
  };
  return h('button', { class: 'secondary', testid: 'replay-download', on: { click: save } }, 'Download');
}
