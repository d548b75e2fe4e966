import { h } from '../dom.js';

/** How long each position shows while playing. */
export const PLAY_STEP_MS = 900;

export interface ReplayControls {
  readonly element: HTMLElement;
  /** Stops playing; safe to call twice. */
  dispose(): void;
}

/**
 * Step back and forth, a slider over every position, and play/pause (which stops at the end, and
 * from the end starts over). The arrow keys step too, while the controls have focus. `show` is
 * called with each position chosen, 0 (the start) to `last`.
 */
export function createReplayControls(last: number, show: (position: number) => void): ReplayControls {
  let position = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  const slider = h('input', {
    testid: 'replay-slider',
    attrs: { type: 'range', min: 0, max: last, step: 1, value: 0, 'aria-label': 'Position in the match' },
    on: { input: () => go(Number(slider.value)) },
  });
  const button = (testid: string, label: string, text: string, action: () => void) =>
    h(
      'button',
      { class: 'secondary', testid, attrs: { type: 'button', 'aria-label': label }, on: { click: action } },
      text,
    );
  const first = button('replay-first', 'To the start', '« Start', () => go(0));
  const back = button('replay-back', 'One step back', '◀', () => go(position - 1));
  const play = button('replay-play', 'Play', '▶ Play', () => (timer === undefined ? start() : stop()));
  const forward = button('replay-forward', 'One step forward', '▶', () => go(position + 1));
  const end = button('replay-last', 'To the end', 'End »', () => go(last));

  function go(next: number): void {
    position = Math.max(0, Math.min(last, next));
    slider.value = String(position);
    first.disabled = back.disabled = position === 0;
    forward.disabled = end.disabled = position === last;
    show(position);
  }

  function start(): void {
    if (position === last) go(0);
    timer = setInterval(() => {
      if (position >= last) stop();
      else go(position + 1);
    }, PLAY_STEP_MS);
    play.textContent = '⏸ Pause';
    play.setAttribute('aria-label', 'Pause');
    play.dataset.playing = 'true';
  }

  function stop(): void {
    clearInterval(timer);
    timer = undefined;
    play.textContent = '▶ Play';
    play.setAttribute('aria-label', 'Play');
    play.dataset.playing = 'false';
  }

  const element = h(
    'div',
    {
      class: 'replay-controls row',
      testid: 'replay-controls',
      on: {
        keydown: (event) => {
          if (event.target === slider) return; // the slider steps itself
          if (event.key === 'ArrowLeft') go(position - 1);
          if (event.key === 'ArrowRight') go(position + 1);
        },
      },
    },
    first,
    back,
    play,
    forward,
    end,
    slider,
  );
  go(0);
  return { element, dispose: stop };
}
