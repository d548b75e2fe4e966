import { type SealedBid, type SealedBidView, STARTING_COINS } from '../../../games/sealed-bid.js';
import { fill, h } from '../dom.js';
import { playerName } from '../words.js';
import type { BoardFactory } from './board.js';

/**
 * One lot at a time, everyone bidding at once: your own bid and coins, who has bid (never how much),
 * and every lot sold so far with all its bids, which are public once the last bid was in.
 */
export const sealedBidBoard: BoardFactory<SealedBid> = (client, ui) => {
  const lot = h('p', { class: 'lot', testid: 'sb-lot' });
  const coins = h('ul', { class: 'table', testid: 'sb-coins' });
  const amount = h('input', {
    testid: 'sb-amount',
    attrs: { type: 'number', min: 0, max: STARTING_COINS, value: 0, inputmode: 'numeric', 'aria-label': 'Your bid' },
  });
  const form = h(
    'form',
    {
      class: 'row controls',
      testid: 'sb-form',
      on: {
        submit: (event) => {
          event.preventDefault();
          ui.play(() => client.move.bid({ amount: Number(amount.value) }));
        },
      },
    },
    amount,
    h('button', { testid: 'sb-submit', attrs: { type: 'submit' } }, 'Bid'),
  );
  const sold = h('ol', { class: 'sold', testid: 'sb-sold' });
  return {
    element: h('div', { class: 'board sealed-bid', testid: 'board' }, lot, coins, form, sold),
    update(state) {
      const view: SealedBidView | null = state.view;
      form.hidden = !state.yourMoves.includes('bid');
      if (view === null) {
        fill(lot, 'The lots are drawn when the game starts.');
        return;
      }
      fill(
        lot,
        view.lot < view.lots.length
          ? `Lot ${view.lot + 1} of ${view.lots.length}, worth ${view.lots[view.lot]}.` +
              (view.myBid === null ? '' : ` You bid ${view.myBid}.`)
          : 'Every lot is sold.',
      );
      fill(
        coins,
        ...state.players.map((player) =>
          h(
            'li',
            { attrs: { 'data-player': player } },
            `${playerName(player, ui.me)}: ${view.coins[player] ?? 0} coins`,
            view.bidders.includes(player) ? ' — has bid' : '',
          ),
        ),
      );
      fill(
        sold,
        ...view.sold.map((item, index) =>
          h(
            'li',
            { testid: 'sb-sold-lot' },
            `Lot ${index + 1} (${item.value}): `,
            item.winner === null ? 'a tie, unsold' : `${playerName(item.winner, ui.me)} won`,
            ` — bids ${Object.entries(item.bids)
              .map(([player, bid]) => `${player} ${bid}`)
              .join(', ')}`,
          ),
        ),
      );
    },
  };
};
