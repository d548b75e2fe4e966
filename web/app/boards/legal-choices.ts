import type { GameClient, LegalMoveOf } from '../../../src/client/index.js';
import { fill, h } from '../dom.js';
import type { BoardUi } from './board.js';

/** Up to this many legal args a move offers as buttons; more, and they are a list to pick from. */
const MAX_BUTTONS = 12;

type Legal = LegalMoveOf<unknown>;

export interface LegalChoices {
  readonly element: HTMLElement;
  /** Shows exactly these legal moves of this move (none: nothing shows). */
  show(legal: readonly Legal[]): void;
}

/**
 * One move's legal choices, as the server listed them (README "Legal moves"): a button for each when
 * they are few, a list and one button when they are many. Nothing else can be chosen, so a player
 * is never offered a move the rules refuse; the server still judges what is sent.
 */
export function legalChoices(client: GameClient<unknown>, ui: BoardUi, name: string): LegalChoices {
  const element = h('div', { class: 'legal-choices row', testid: `legal-${name}` });
  const play = (legal: Legal) => ui.play(() => client.play(legal));
  return {
    element,
    show(legal) {
      element.hidden = legal.length === 0;
      if (legal.length <= MAX_BUTTONS) {
        fill(element, ...legal.map((each) => choiceButton(name, each, () => play(each))));
        return;
      }
      const list = h(
        'select',
        { testid: `legal-${name}-list`, attrs: { 'aria-label': `${name}: choose` } },
        ...legal.map((each, index) => h('option', { attrs: { value: index } }, argsText(each.args) || name)),
      );
      const send = h(
        'button',
        { testid: `legal-${name}-play`, on: { click: () => play(legal[Number(list.value)] as Legal) } },
        name,
      );
      fill(element, list, send);
    },
  };
}

function choiceButton(name: string, legal: Legal, onClick: () => void): HTMLElement {
  const text = argsText(legal.args);
  return h(
    'button',
    {
      class: 'secondary',
      testid: `legal-${name}-choice`,
      attrs: { 'data-args': JSON.stringify(legal.args) },
      on: { click: onClick },
    },
    text ? `${name} ${text}` : name,
  );
}

/** `cell 4`, `quantity 2, face 5`: a move's args in a few words (JSON for anything nested). */
function argsText(args: unknown): string {
  if (typeof args !== 'object' || args === null) return args === undefined ? '' : JSON.stringify(args);
  return Object.entries(args)
    .map(
      ([key, value]) => `${key} ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`,
    )
    .join(', ');
}
