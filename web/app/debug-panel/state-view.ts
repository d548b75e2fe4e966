import type { DevState } from '../../../src/client/index.js';
import { fill, h } from '../dom.js';

export interface StateView {
  readonly element: HTMLElement;
  /** Draws a position: the true state, and each seat's view beside it (the one played first). */
  update(shown: DevState, playing: string | null, where: string): void;
}

/**
 * The match's true state beside what each player (and a spectator) is shown of it: where a
 * `playerView` hides too much, or too little, it shows here at a glance.
 */
export function createStateView(): StateView {
  const caption = h('p', { class: 'muted', testid: 'debug-state-caption' });
  const full = h('pre', { class: 'raw', testid: 'debug-full-state' });
  const views = h('div', { class: 'debug-views' });
  const element = h(
    'div',
    { class: 'debug-state', testid: 'debug-state' },
    h('figure', { class: 'card debug-full' }, h('figcaption', {}, h('h3', {}, 'Full state'), caption), full),
    views,
  );

  return {
    element,
    update(shown, playing, where) {
      element.dataset.at = String(shown.at);
      fill(caption, `${where}: the server’s record, which no player is sent whole.`);
      fill(full, json(shown.state));
      const ordered = [...shown.views].sort((a, b) => Number(b.player === playing) - Number(a.player === playing));
      fill(
        views,
        ...ordered.map(({ player, view }) =>
          h(
            'figure',
            {
              class: `card debug-view${player === playing ? ' playing' : ''}`,
              testid: 'debug-view',
              attrs: { 'data-player': player ?? '' },
            },
            h('figcaption', {}, h('h3', {}, player === null ? 'A spectator’s view' : `${player}’s view`)),
            h('pre', { class: 'raw' }, json(view)),
          ),
        ),
      );
    },
  };
}

const json = (value: unknown): string => JSON.stringify(value, null, 2) ?? 'undefined';
