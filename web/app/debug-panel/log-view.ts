import type { MoveLogEntry } from '../../../src/client/index.js';
import { fill, h } from '../dom.js';
import type { DebugHost } from './host.js';

export interface LogView {
  readonly element: HTMLElement;
  /** Draws the log, and where the panel stands in it: `null` is live (the match now). */
  update(log: readonly MoveLogEntry[], position: number | null): void;
}

/**
 * The match's log, every step's args whole, with buttons to step back and forth through it. A past
 * position is only looked at: nothing is undone, and Live (or stepping past the last step) comes
 * back to the match as it is.
 */
export function createLogView(stepInWords: DebugHost['stepInWords'], go: (position: number) => void): LogView {
  let steps = 0;
  let at = 0;
  const button = (testid: string, label: string, text: string, to: () => number) =>
    h(
      'button',
      { class: 'secondary', testid, attrs: { type: 'button', 'aria-label': label }, on: { click: () => go(to()) } },
      text,
    );
  const first = button('debug-first', 'To the start', '«', () => 0);
  const back = button('debug-back', 'One step back', '◀', () => at - 1);
  const forward = button('debug-forward', 'One step forward', '▶', () => at + 1);
  const live = button('debug-go-live', 'Back to now', 'Live »', () => steps);
  const where = h('span', { class: 'debug-position', testid: 'debug-position', attrs: { 'aria-live': 'polite' } });
  const list = h('ol', { class: 'move-log debug-log', testid: 'debug-log' });
  const element = h(
    'div',
    {
      class: 'card debug-log-card',
      on: {
        keydown: (event) => {
          if (event.key === 'ArrowLeft') go(at - 1);
          if (event.key === 'ArrowRight') go(at + 1);
        },
      },
    },
    h('h3', {}, 'Log'),
    h('div', { class: 'row' }, first, back, forward, live, where),
    list,
  );

  return {
    element,
    update(log, position) {
      steps = log.length;
      at = position ?? steps;
      first.disabled = back.disabled = at === 0;
      forward.disabled = live.disabled = position === null;
      element.dataset.position = position === null ? 'live' : String(position);
      fill(
        where,
        position === null
          ? `Live, after step ${steps}`
          : position === 0
            ? `The start, of ${steps} steps`
            : `Step ${position} of ${steps}`,
      );
      fill(
        list,
        h(
          'li',
          { class: at === 0 ? 'current' : '', attrs: { 'aria-current': at === 0 ? 'step' : undefined } },
          h('button', { class: 'link', testid: 'debug-log-step', on: { click: () => go(0) } }, 'The start'),
        ),
        ...log.map((entry, index) => {
          const current = index + 1 === at;
          return h(
            'li',
            { class: current ? 'current' : '', attrs: { 'aria-current': current ? 'step' : undefined } },
            h(
              'button',
              { class: 'link', testid: 'debug-log-step', on: { click: () => go(index + 1) } },
              `${index + 1}. ${stepInWords(entry, '')}`,
            ),
          );
        }),
      );
      keepInView(list, list.querySelector<HTMLElement>('.current'));
    },
  };
}

/** Scrolls the list (only the list, never the page) so that `item` shows. */
function keepInView(list: HTMLElement, item: HTMLElement | null): void {
  if (item === null) return;
  // The list is positioned (the panel's styles), so an item's offsetTop is measured from its top.
  const top = item.offsetTop;
  const above = top < list.scrollTop;
  const below = top + item.offsetHeight > list.scrollTop + list.clientHeight;
  if (above || below) list.scrollTop = top - (list.clientHeight - item.offsetHeight) / 2;
}
