import type { MatchSummary } from '../../../src/client/index.js';
import { fill, h } from '../dom.js';
import { freeName, type SeatChoice, seatsOf } from './seats.js';

export interface BotSeatForm {
  readonly element: HTMLElement;
  update(match: MatchSummary): void;
}

/** The "who" choice that gives a seat back to a person. */
const PERSON = '';

/**
 * Bot seat: one seat played by one of the game's bots (or by a person again), the others as they are.
 * The server seats bots only as it creates a match, so this starts a new match seated so, as Reset
 * does. Absent for a game no bot can play (its moves cannot be listed).
 */
export function createBotSeatForm(bots: readonly string[], start: (seats: (SeatChoice | null)[]) => void): BotSeatForm {
  let match: MatchSummary | undefined;
  const seat = h('select', { testid: 'debug-bot-seat', attrs: { 'aria-label': 'Seat' } });
  const who = h(
    'select',
    { testid: 'debug-bot-name', attrs: { 'aria-label': 'Played by' } },
    ...bots.map((bot) => h('option', { attrs: { value: bot } }, `the ${bot} bot`)),
    h('option', { attrs: { value: PERSON } }, 'a person'),
  );
  const refusal = h('span', { class: 'error', testid: 'debug-bot-refusal', attrs: { role: 'status' } });
  const element = h(
    'form',
    {
      class: 'card debug-bot-seat',
      testid: 'debug-bot-seat-form',
      attrs: { hidden: bots.length === 0 },
      on: {
        submit: (event) => {
          event.preventDefault();
          if (match === undefined) return;
          const seats = seated(match, Number(seat.value), who.value);
          const anyone = seats.some((choice) => choice !== null && 'person' in choice);
          fill(refusal, anyone ? '' : 'One seat at least needs a person.');
          if (anyone) start(seats);
        },
      },
    },
    h('h3', {}, 'Bot seat'),
    h(
      'div',
      { class: 'row' },
      seat,
      ' played by ',
      who,
      h('button', { testid: 'debug-bot-start', attrs: { type: 'submit' } }, 'New match so'),
    ),
    refusal,
  );

  return {
    element,
    update(next) {
      match = next;
      const chosen = seat.value;
      fill(
        seat,
        ...seatsOf(next).map((choice, index) =>
          h(
            'option',
            { attrs: { value: index } },
            `Seat ${index + 1}: ${choice === null ? 'free' : 'bot' in choice ? `the ${choice.bot} bot` : choice.person}`,
          ),
        ),
      );
      // The last seat by default: where a developer most often wants an opponent.
      seat.value = chosen === '' ? String(next.seats - 1) : chosen;
    },
  };
}

/** The match's seats with `index` given to `bot`, or to a person (`PERSON`): its own, or a new name. */
function seated(match: MatchSummary, index: number, bot: string): (SeatChoice | null)[] {
  const seats = seatsOf(match);
  const current = seats[index];
  const person = current !== null && current !== undefined && 'person' in current ? current : undefined;
  seats[index] = bot === PERSON ? (person ?? { person: freeName(match.players) }) : { bot };
  return seats;
}
