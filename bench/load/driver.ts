import type { BenchGame } from '../ipc.js';

/** What a bot needs to know to pick a legal move, whatever server it plays on. */
export type BotView =
  | { readonly game: 'tic-tac-toe'; readonly free: readonly number[] }
  | {
      readonly game: 'liars-dice';
      readonly bid: { readonly quantity: number; readonly face: number } | null;
      readonly totalDice: number;
    };

export type BotMove =
  | { readonly move: 'place'; readonly args: { readonly cell: number } }
  | { readonly move: 'bid'; readonly args: { readonly quantity: number; readonly face: number } }
  | { readonly move: 'challenge'; readonly args: Record<string, never> };

/** One seat's view of its game after a message from the server, in the same terms for every server. */
export interface SeatState {
  /** Accepted moves so far in this game: how the load generator matches updates to the moves it sent. */
  readonly moves: number;
  readonly myTurn: boolean;
  readonly over: boolean;
  readonly view: BotView;
}

export type Seat = 0 | 1;

export interface GameListener {
  state(seat: Seat, state: SeatState): void;
  /** A rejection or protocol error the server sent to this seat. */
  error(seat: Seat, message: string): void;
}

export interface OpenGame {
  /** Sends a move from this seat in the server's own protocol. */
  send(seat: Seat, move: BotMove, moveNumber: number): void;
  close(): void;
}

/** Speaks one server's protocol for the bots: opens a fresh game with two seated, synced bots. */
export interface Driver {
  /** Resolves once both bots hold the game's initial state; later states go to the listener. */
  open(game: BenchGame, listener: GameListener): Promise<OpenGame>;
  close(): Promise<void>;
}

/** Counts open sockets across all drivers, for memory per connection. */
export const connections = {
  open: 0,
  peak: 0,
  opened(): void {
    connections.open += 1;
    connections.peak = Math.max(connections.peak, connections.open);
  },
  closed(): void {
    connections.open -= 1;
  },
};
