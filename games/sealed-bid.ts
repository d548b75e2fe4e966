import * as z from 'zod';
import { defineGame, invalid, type PlayerId } from '../src/engine/index.js';

/**
 * Sealed bids, for 3 to 5 players who all act at once: lots come up one at a time, everyone still in
 * the match bids for it in secret, and when the last bid is in they are revealed together. The highest
 * bid takes the lot and pays; a tie takes nothing and pays nothing. After the last lot, the player with
 * the most coins plus the value of their lots wins (ties share the win). Bids are the secret: held in
 * the state, hidden by `playerView` and private in the log until the match is over.
 */
export const LOTS = 5;
export const STARTING_COINS = 50;

/** A lot that was bid for: public once the last bid was in. */
export interface SoldLot {
  readonly value: number;
  readonly bids: Readonly<Record<PlayerId, number>>;
  /** `null` when the highest bid was tied. */
  readonly winner: PlayerId | null;
}

export interface SealedBidState {
  /** Each lot's value, drawn at setup: public. */
  readonly lots: readonly number[];
  readonly coins: Readonly<Record<PlayerId, number>>;
  /** Bids for the lot up now: the secret. */
  readonly bids: Readonly<Record<PlayerId, number>>;
  readonly sold: readonly SoldLot[];
}

export interface SealedBidView {
  readonly lots: readonly number[];
  /** The lot up for bids now (an index into `lots`); `lots.length` once all are sold. */
  readonly lot: number;
  readonly coins: Readonly<Record<PlayerId, number>>;
  /** The viewer's own bid for this lot, if made; `null` for spectators. */
  readonly myBid: number | null;
  /** Who has bid for this lot (never how much). */
  readonly bidders: readonly PlayerId[];
  readonly sold: readonly SoldLot[];
}

const own = <T>(record: Readonly<Record<PlayerId, T>>, player: PlayerId): T | undefined =>
  Object.hasOwn(record, player) ? record[player] : undefined;

/** Sells the lot once everyone still playing has bid; otherwise the state as it is. */
function sellWhenAllBid(state: SealedBidState, playing: readonly PlayerId[]): SealedBidState {
  if (!playing.every((player) => own(state.bids, player) !== undefined)) return state;
  const bidders = playing.filter((player) => own(state.bids, player) !== undefined);
  const top = Math.max(...bidders.map((player) => own(state.bids, player) ?? 0));
  const leaders = bidders.filter((player) => own(state.bids, player) === top);
  const winner = leaders.length === 1 ? (leaders[0] as PlayerId) : null;
  const coins = winner === null ? state.coins : { ...state.coins, [winner]: (own(state.coins, winner) ?? 0) - top };
  const value = state.lots[state.sold.length] ?? 0;
  return { ...state, coins, bids: {}, sold: [...state.sold, { value, bids: state.bids, winner }] };
}

/** Coins left plus the value of every lot won. */
export function scoreOf(state: SealedBidState, player: PlayerId): number {
  const lots = state.sold.filter((lot) => lot.winner === player).reduce((sum, lot) => sum + lot.value, 0);
  return (own(state.coins, player) ?? 0) + lots;
}

const playingIn = (ctx: { readonly players: readonly PlayerId[]; readonly left: readonly PlayerId[] }) =>
  ctx.players.filter((player) => !ctx.left.includes(player));

export const sealedBid = defineGame({
  name: 'sealed-bid',
  players: { min: 3, max: 5 },
  setup: ({ players, random }): SealedBidState => ({
    lots: Array.from({ length: LOTS }, () => 10 + random.int(31)),
    coins: Object.fromEntries(players.map((player) => [player, STARTING_COINS])),
    bids: {},
    sold: [],
  }),
  moves: {
    bid: {
      args: z.object({ amount: z.number().int().min(0).max(STARTING_COINS) }),
      apply(state, { amount }, ctx) {
        const coins = own(state.coins, ctx.player) ?? 0;
        if (amount > coins) return invalid(`you have only ${coins} coins`);
        return sellWhenAllBid({ ...state, bids: { ...state.bids, [ctx.player]: amount } }, playingIn(ctx));
      },
    },
  },
  turn: {
    // Everyone at once: whoever still playing has not bid for this lot.
    active: (state, ctx) => playingIn(ctx).filter((player) => own(state.bids, player) === undefined),
  },
  // Whoever leaves takes nothing more; if they were the last to bid, the lot is sold without them.
  onLeave: (state, ctx) => {
    const { [ctx.player]: _dropped, ...bids } = state.bids;
    return sellWhenAllBid({ ...state, bids }, playingIn(ctx));
  },
  playerView: (state, player, ctx): SealedBidView => ({
    lots: state.lots,
    lot: state.sold.length,
    coins: state.coins,
    myBid: player === null ? null : (own(state.bids, player) ?? null),
    bidders: ctx.players.filter((seated) => own(state.bids, seated) !== undefined),
    sold: state.sold,
  }),
  bots: {
    // The search bot's guess: whoever has bid for this lot bid anything they could afford.
    determinize: (view, ctx): SealedBidState => ({
      lots: view.lots,
      coins: view.coins,
      bids: Object.fromEntries(
        view.bidders.map((player) => [
          player,
          player === ctx.player && view.myBid !== null
            ? view.myBid
            : ctx.random.int((own(view.coins, player) ?? 0) + 1),
        ]),
      ),
      sold: view.sold,
    }),
  },
  // Bids are private in the log (the default for a game with a view); a finished match shows them all.
  log: { revealAtEnd: true },
  endIf(state, ctx) {
    if (state.sold.length < state.lots.length) return undefined;
    const playing = playingIn(ctx);
    const best = Math.max(...playing.map((player) => scoreOf(state, player)));
    return { winners: playing.filter((player) => scoreOf(state, player) === best) };
  },
  clock: {
    allow: { turnMs: { min: 1_000, max: 24 * 60 * 60 * 1000 } },
    // Out of time: a bid of nothing.
    onTimeout: () => ({ move: 'bid', args: { amount: 0 } }),
  },
});

export type SealedBid = typeof sealedBid;
