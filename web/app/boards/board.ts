// Boards are DOM code: a project whose tsconfig has no "DOM" lib still gets its types by importing
// turngate/board. `preserve` keeps the directive in the emitted .d.ts (TypeScript 5.5 drops it otherwise).
/// <reference lib="dom" preserve="true" />
import type { GameClient, MatchState } from '../../../src/client/index.js';

/** What the match page offers a board. */
export interface BoardUi {
  /** The signed-in user's id. */
  readonly me: string;
  /** Sends a move; the server's refusal is shown in plain words. The board never guesses the outcome. */
  play(send: () => Promise<unknown>): void;
}

/** A game's board: drawn from the server's state only, so every screen shows the same match. */
export interface Board<G> {
  readonly element: HTMLElement;
  update(state: MatchState<G>): void;
}

export type BoardFactory<G> = (client: GameClient<G>, ui: BoardUi) => Board<G>;
