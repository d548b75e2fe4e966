import type { Page } from './context.js';
import { fill, h, type Props } from './dom.js';

/**
 * A page that loads before it can show anything: "Loading…" until `load` answers, then `mount` draws
 * into the page's element and returns how to close what it opened. A failure is said in place, in
 * `inWords`, with the way back to the lobby; a page left before its load answers mounts nothing.
 */
export function loadedPage<T>(
  props: Props,
  load: () => Promise<T>,
  mount: (loaded: T, element: HTMLElement) => () => void,
  inWords: (error: unknown) => string,
): Page {
  const element = h('section', props, h('p', { class: 'muted' }, 'Loading…'));
  let dispose = (): void => {};
  let disposed = false;

  void (async () => {
    try {
      const loaded = await load();
      if (!disposed) dispose = mount(loaded, element);
    } catch (error) {
      fill(
        element,
        h('p', { class: 'error', testid: 'error-message', attrs: { role: 'alert' } }, inWords(error)),
        h('a', { attrs: { href: '#/' } }, 'Back to the lobby'),
      );
    }
  })();

  return {
    element,
    dispose: () => {
      disposed = true;
      dispose();
    },
  };
}
