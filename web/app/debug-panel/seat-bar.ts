import type { MatchSummary } from '../../../src/client/index.js';
import { fill, h } from '../dom.js';
import { seatClass } from '../seats.js';
import { freeName, playedByBot } from './seats.js';

export interface SeatBarActions {
  /** Play as this seat's player. */
  select(player: string): void;
  /** Hot seat on or off: follow whoever may act. */
  hotSeat(on: boolean): void;
  /** Seat a new player, by the name they sign in with, in a waiting match. */
  seat(name: string): void;
  /** A new match of the same game with the same seats. */
  reset(): void;
}

export interface SeatBar {
  readonly element: HTMLElement;
  readonly hotSeat: boolean;
  update(match: MatchSummary, playing: string | null): void;
}

/**
 * Who the panel plays as: a button per seat (the players who may act marked), hot seat, a name to
 * seat while the table is not full, and Reset.
 */
export function createSeatBar(actions: SeatBarActions, hotSeatOn: boolean): SeatBar {
  const seats = h('div', { class: 'row debug-seats', testid: 'debug-seats' });
  const hotSeat = h('input', {
    testid: 'debug-hot-seat',
    attrs: { type: 'checkbox', checked: hotSeatOn },
    on: { change: () => actions.hotSeat(hotSeat.checked) },
  });
  const name = h('input', {
    testid: 'debug-seat-name',
    attrs: { 'aria-label': 'Name of the player to seat', maxlength: 32, size: 10 },
  });
  const seatForm = h(
    'form',
    {
      class: 'row',
      testid: 'debug-seat-form',
      on: {
        submit: (event) => {
          event.preventDefault();
          const chosen = name.value.trim();
          if (chosen === '') return;
          name.value = '';
          actions.seat(chosen);
        },
      },
    },
    name,
    h('button', { testid: 'debug-seat-player', attrs: { type: 'submit' } }, 'Seat'),
  );
  const reset = h(
    'button',
    {
      class: 'secondary',
      testid: 'debug-reset',
      attrs: { title: 'A new match of the same game, with the same players in the same seats' },
      on: { click: () => actions.reset() },
    },
    'Reset match',
  );
  const element = h(
    'div',
    { class: 'card debug-seat-bar' },
    h('h3', {}, 'Play as'),
    seats,
    h('label', { class: 'row' }, hotSeat, ' Hot seat: follow whoever may act'),
    seatForm,
    h('div', { class: 'row' }, reset),
  );

  return {
    element,
    get hotSeat() {
      return hotSeat.checked;
    },
    update(match, playing) {
      fill(
        seats,
        ...match.players.map((player) => {
          const active = match.activePlayers.includes(player);
          const bot = playedByBot(match, player) ? match.bots[player] : undefined;
          return h(
            'button',
            {
              class: `debug-seat player ${seatClass(match, player) ?? ''}`,
              testid: 'debug-seat',
              attrs: {
                'data-player': player,
                'data-active': active,
                'data-bot': bot,
                'aria-pressed': String(player === playing),
                // A bot's seat plays itself: nobody signs in as a bot.
                disabled: bot !== undefined,
                title:
                  bot === undefined ? (active ? `${player} may act now` : undefined) : `the ${bot} bot plays this seat`,
              },
              on: { click: () => actions.select(player) },
            },
            player,
            bot === undefined ? '' : ` · ${bot} bot`,
            active ? ' ●' : '',
          );
        }),
        match.players.length === 0 ? h('span', { class: 'muted' }, 'Nobody is seated yet.') : null,
      );
      const open = match.status === 'waiting' && match.players.length < match.seats;
      seatForm.hidden = !open;
      if (open && (name.value === '' || match.players.includes(name.value))) name.value = freeName(match.players);
    },
  };
}
