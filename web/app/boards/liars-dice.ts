import { FACES, type LiarsDice, type LiarsDiceView } from '../../../games/liars-dice.js';
import { fill, h } from '../dom.js';
import { playerName } from '../words.js';
import type { BoardFactory } from './board.js';

const PIPS = ['⚀', '⚁', '⚂', '⚃', '⚄', '⚅'];
const pips = (face: number): string => PIPS[face - 1] ?? String(face);

const die = (face: number, testid: string): HTMLElement =>
  h('span', { class: 'die', testid, attrs: { 'data-value': face, title: String(face) } }, pips(face));

/**
 * Your own dice face up, everyone else's as a count: the server's view carries nothing more, so the
 * page could not show another player's dice even by mistake.
 */
export const liarsDiceBoard: BoardFactory<LiarsDice> = (client, ui) => {
  const myDice = h('div', { class: 'dice', testid: 'my-dice' });
  const table = h('ul', { class: 'table', testid: 'dice-table' });
  const bid = h('p', { class: 'bid', testid: 'current-bid' });
  const reveal = h('div', { class: 'reveal', testid: 'last-reveal' });
  const quantity = h('input', {
    testid: 'bid-quantity',
    attrs: { type: 'number', min: 1, value: 1, inputmode: 'numeric', 'aria-label': 'How many dice' },
  });
  const face = h(
    'select',
    { testid: 'bid-face', attrs: { 'aria-label': 'Showing face' } },
    ...Array.from({ length: FACES }, (_, i) => h('option', { attrs: { value: i + 1 } }, `${pips(i + 1)} ${i + 1}s`)),
  );
  const bidButton = h('button', { testid: 'bid-submit', attrs: { type: 'submit' } }, 'Bid');
  const challengeButton = h(
    'button',
    {
      class: 'secondary',
      testid: 'challenge',
      attrs: { type: 'button' },
      on: { click: () => ui.play(() => client.move.challenge()) },
    },
    'Liar!',
  );
  const controls = h(
    'form',
    {
      class: 'row controls',
      testid: 'bid-form',
      on: {
        submit: (event) => {
          event.preventDefault();
          ui.play(() => client.move.bid({ quantity: Number(quantity.value), face: Number(face.value) }));
        },
      },
    },
    quantity,
    '×',
    face,
    bidButton,
    challengeButton,
  );
  let lastVersion = -1;

  return {
    element: h('div', { class: 'board liars-dice', testid: 'board' }, myDice, table, bid, controls, reveal),
    update(state) {
      const view: LiarsDiceView | null = state.view;
      const seated = state.players.includes(ui.me);
      controls.hidden = !seated || state.status !== 'running';
      if (view === null) {
        fill(myDice, h('p', { class: 'muted' }, 'The dice are rolled when the game starts.'));
        return;
      }
      fill(
        myDice,
        view.myDice === null
          ? h('p', { class: 'muted' }, 'You are watching: every player’s dice are hidden.')
          : h('span', { class: 'label' }, 'Your dice '),
        ...(view.myDice ?? []).map((value) => die(value, 'my-die')),
      );
      fill(
        table,
        ...state.players
          .filter((player) => player !== ui.me)
          .map((player) =>
            h(
              'li',
              { testid: `opponent-${player}`, attrs: { 'data-dice-count': view.diceCounts[player] ?? 0 } },
              h('strong', {}, player),
              ` has ${view.diceCounts[player] ?? 0} dice `,
              h('span', { class: 'hidden-dice' }, '▢'.repeat(view.diceCounts[player] ?? 0)),
            ),
          ),
      );
      fill(
        bid,
        view.bid === null
          ? `Round ${view.round}: no bid yet.`
          : `Round ${view.round}: ${playerName(view.bid.bidder, ui.me)} bids ${view.bid.quantity} × ${pips(view.bid.face)} (${view.bid.face}s).`,
      );
      fill(reveal, ...revealed(view, ui.me));
      if (state.version !== lastVersion) {
        lastVersion = state.version;
        // Suggest the smallest raise, so a quick player only has to press Bid.
        quantity.value = String(view.bid === null ? 1 : view.bid.quantity + (view.bid.face === FACES ? 1 : 0));
        face.value = String(view.bid === null ? 1 : (view.bid.face % FACES) + 1);
      }
    },
  };
};

/** The last challenge, in words, with the dice it showed (public once called). */
function revealed(view: LiarsDiceView, me: string): HTMLElement[] {
  const last = view.lastReveal;
  if (last === null) return [];
  const { bid, challenger, count, loser } = last;
  return [
    h(
      'p',
      {},
      `${playerName(challenger, me)} called ${playerName(bid.bidder, me)}’s bid of ${bid.quantity} × ${pips(bid.face)}: `,
      `there were ${count}. ${playerName(loser, me)} lost a die.`,
    ),
    h(
      'ul',
      { class: 'revealed' },
      ...Object.entries(last.dice).map(([player, dice]) =>
        h('li', {}, `${player}: `, ...dice.map((value) => die(value, 'revealed-die'))),
      ),
    ),
  ];
}
