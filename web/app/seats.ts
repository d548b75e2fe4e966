import { h } from './dom.js';

/** How many seat colours the stylesheet defines (`.seat-0` … `.seat-7`); larger tables reuse them. */
const SEAT_COLOURS = 8;

/** Who sits where, and who is looking: what a page needs to show a player id as a person. */
export interface Seating {
  readonly players: readonly string[];
  readonly me: string;
}

/** The seat colour's class of a seated player, `undefined` for anyone else. */
export function seatClass(seating: Pick<Seating, 'players'>, player: string): string | undefined {
  const seat = seating.players.indexOf(player);
  return seat < 0 ? undefined : `seat-${seat % SEAT_COLOURS}`;
}

/** A player's name in their seat's colour ("ann (you)" for the viewer), as boards and lists show players. */
export function playerChip(seating: Seating, player: string): HTMLElement {
  return h(
    'span',
    { class: `player ${seatClass(seating, player) ?? ''}`.trim(), attrs: { 'data-player': player } },
    player,
    // Hidden where space is short (a grid's cells): the colour says whose it is there.
    player === seating.me ? h('span', { class: 'you' }, ' (you)') : null,
  );
}
