import { matchLink } from '../context.js';
import { h } from '../dom.js';

/** The debug panel of a match (development mode only): `#/match/<id>/debug`. */
export const debugLinkTo = (matchId: string): HTMLElement =>
  h('a', { class: 'badge debug-link', testid: 'debug-link', attrs: { href: `${matchLink(matchId)}/debug` } }, 'Debug');
