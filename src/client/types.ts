import type { GameView, MoveArgs, MoveName } from '../engine/index.js';
import type { StateMessage, TimeoutEvent } from '../protocol/index.js';
import type { TurngateError } from './errors.js';
import type { LateSettlement } from './pending-moves.js';

/** What the server answered for an accepted move: its id and the match version it produced. */
export interface MoveAck {
  readonly id: string;
  /** The move's number among this player's moves in the match (protocol/move-ledger.ts). */
  readonly seq: number;
  /** The match version this move produced. */
  readonly version: number;
}

/** A move method: arguments checked against the move's schema; a move without arguments may omit them. */
// `Record<never, never>` is `{}`: an empty argument object satisfies the schema, so the argument may be left out.
export type MoveMethod<Args> =
  Record<never, never> extends Args ? (args?: Args) => Promise<MoveAck> : (args: Args) => Promise<MoveAck>;

/**
 * One method per move of game `G`, mapped from its definition: `client.move.place({ cell: 4 })`
 * compiles only if `place` is a move of `G` and `{ cell: 4 }` is what its schema accepts.
 */
export type MoveMethods<G> = { readonly [K in MoveName<G>]: MoveMethod<MoveArgs<G, K>> };

/** One legal move of game `G` with its args, as the server lists it: typed by the game's move schemas. */
export type LegalMoveOf<G> = {
  readonly [K in MoveName<G>]: { readonly move: K; readonly args: MoveArgs<G, K> };
}[MoveName<G>];

/** The match as the server last showed it to this client. `view` is `null` until the match starts. */
export interface MatchState<G>
  extends Omit<StateMessage, 'type' | 'view' | 'ack' | 'ledger' | 'timeout' | 'yourMoves' | 'legalMoves'> {
  readonly view: GameView<G> | null;
  /** The moves you may make now (by each move's `who`: your turn's moves, and moves allowed out of turn). */
  readonly yourMoves: readonly MoveName<G>[];
  /**
   * Your legal moves now with their args (README "Legal moves"), and the moves whose args are not
   * listed (`open`: any args, the server judges); absent when you may make none.
   */
  readonly legalMoves?: { readonly moves: readonly LegalMoveOf<G>[]; readonly open: readonly MoveName<G>[] };
}

/** A connection's life: `connecting` once, then `open` ⇄ `reconnecting`, ending in `closed`. */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface GameClientEvents<G> {
  readonly state: MatchState<G>;
  /** Errors not tied to a pending move (those reject the move's promise instead). */
  readonly error: TurngateError;
  readonly status: ConnectionStatus;
  /** A player's time ran out: who, at which turn, and what the rules did (after the `state` it produced). */
  readonly timeout: TimeoutEvent;
  /**
   * A move that rejected with `move_unconfirmed` was settled by the server after all: its ack (it
   * applied: the board shows it) or the error it was refused with.
   */
  readonly lateSettlement: LateSettlement;
}
