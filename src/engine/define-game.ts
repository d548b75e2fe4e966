import type * as z from 'zod';
import { MAX_ARGS_BYTES } from './args-bounds.js';
import type { GameClock, TimeControl, TimeControlBounds, TurnClockContext } from './clock.js';
import { timeControlProblem } from './clock.js';
import type { RandomSource } from './random.js';
import type { InvalidMove } from './rejection.js';

export type PlayerId = string;

/**
 * How a finished match ended: its winners, a draw, or abandoned. Rules decide the first two
 * (`endIf`, a timeout); `abandoned` is the server's, for a match nobody finished: a waiting match
 * nobody filled, or a running one nobody played for too long (docs/deploy.md, "Retention").
 */
export type GameResult =
  | { readonly winners: readonly PlayerId[] }
  | { readonly draw: true }
  | { readonly abandoned: true };

/** What rules may read about the match besides their own state. */
export interface GameContext {
  /** Seated players, by seat. */
  readonly players: readonly PlayerId[];
  readonly currentPlayer: PlayerId;
  /** 1 for the first move of the match, +1 per accepted move. */
  readonly turn: number;
  /** The only randomness rules may use: seeded, so replays agree. */
  readonly random: RandomSource;
}

export interface SetupContext {
  readonly players: readonly PlayerId[];
  readonly random: RandomSource;
}

export interface ViewContext {
  readonly players: readonly PlayerId[];
  readonly currentPlayer: PlayerId | null;
  readonly turn: number;
}

/** Every move's arguments are described by one schema: it types the call and validates the wire. */
export type ArgsSchema = z.ZodType;

export interface MoveDefinition<S, A extends ArgsSchema> {
  readonly args: A;
  /** Returns the next state, or `invalid(reason)` when the move breaks the rules. Never mutate `state`. */
  apply(state: S, args: z.output<A>, ctx: GameContext): S | InvalidMove;
}

export type MoveSchemas = Record<string, ArgsSchema>;

/** One of the game's own moves with its arguments, as a timeout's rules choose it. */
export type ChosenMove<M extends MoveSchemas> = {
  readonly [K in keyof M & string]: { readonly move: K; readonly args: z.input<M[K]> };
}[keyof M & string];

/**
 * A game's clock (README "Timers"): the time control a match gets, what a match's creator may pick
 * instead, and what happens when a player's time runs out.
 */
export interface ClockDefinition<S, M extends MoveSchemas> {
  /** The control every match gets unless its creator picks another; without it, matches are untimed. */
  readonly default?: TimeControl;
  /** What a creator may pick at match creation, field by field; a field without bounds is fixed. */
  readonly allow?: TimeControlBounds;
  /** This turn's limit in ms when it depends on the state (`undefined`: none); default `control.turnMs`. */
  turnLimit?(state: S, ctx: TurnClockContext): number | undefined;
  /**
   * What a timeout does: a move the rules choose (`ctx.random` may pick one), played for the player
   * whose time ran out. Without it, that player loses and everyone else wins.
   */
  onTimeout?(state: S, ctx: GameContext): ChosenMove<M>;
}

export interface GameDefinition<S, M extends MoveSchemas, V> {
  readonly name: string;
  readonly players: { readonly min: number; readonly max: number };
  setup(ctx: SetupContext): S;
  readonly moves: { readonly [K in keyof M]: MoveDefinition<S, M[K]> };
  /**
   * The most a move's arguments may take as JSON text, in bytes: refused with `bad_args` before the
   * schema runs. Defaults to MAX_ARGS_BYTES (4 KB), which is also the most it may be: the `move`
   * route enforces that bound before it knows which game a move is for.
   */
  readonly maxArgsBytes?: number;
  /** Chooses who moves next after an accepted move; round-robin by seat when absent. */
  readonly turn?: { next?(state: S, ctx: GameContext): PlayerId };
  /** What `player` (or a spectator, `null`) may see. When absent, everyone sees the whole state. */
  playerView?(state: S, player: PlayerId | null, ctx: ViewContext): V;
  /** A result once the game is over, `undefined` while it goes on. */
  endIf?(state: S, ctx: GameContext): GameResult | undefined;
  /** Turn limits and chess clocks; untimed when absent. */
  readonly clock?: ClockDefinition<S, M>;
}

/** A validated game definition with its defaults filled in (a new object: the author's is untouched). */
export interface Game<S, M extends MoveSchemas, V> {
  readonly name: string;
  readonly players: { readonly min: number; readonly max: number };
  readonly moves: { readonly [K in keyof M]: MoveDefinition<S, M[K]> };
  readonly maxArgsBytes: number;
  setup(ctx: SetupContext): S;
  nextPlayer(state: S, ctx: GameContext): PlayerId;
  playerView(state: S, player: PlayerId | null, ctx: ViewContext): V;
  endIf(state: S, ctx: GameContext): GameResult | undefined;
  readonly clock?: GameClock<S>;
}

/** Any game, for code that serves games without knowing their types (stores, handlers, registry). */
export type AnyGame = Game<unknown, MoveSchemas, unknown>;

export type GameState<G> = G extends Game<infer S, infer _M, infer _V> ? S : never;
export type GameView<G> = G extends Game<infer _S, infer _M, infer V> ? V : never;
export type GameMoves<G> = G extends Game<infer _S, infer M, infer _V> ? M : never;
export type MoveName<G> = keyof GameMoves<G> & string;
/** The arguments a caller sends for move `K` (the schema's input type). */
export type MoveArgs<G, K extends MoveName<G>> = z.input<GameMoves<G>[K]>;

class GameDefinitionError extends Error {
  override name = 'GameDefinitionError';
}

function roundRobin(_state: unknown, ctx: GameContext): PlayerId {
  const seat = ctx.players.indexOf(ctx.currentPlayer);
  return ctx.players[(seat + 1) % ctx.players.length] as PlayerId;
}

/**
 * Declares a game. Bad configuration is a programmer error, so it throws here, once, at load time,
 * rather than surfacing later as a confusing rejection.
 */
export function defineGame<S, M extends MoveSchemas, V = S>(definition: GameDefinition<S, M, V>): Game<S, M, V> {
  const { name, players, moves } = definition;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new GameDefinitionError(`game name "${name}" must be lower-case letters, digits and dashes`);
  }
  if (!Number.isInteger(players.min) || players.min < 1 || players.max < players.min) {
    throw new GameDefinitionError(`game "${name}" needs 1 <= players.min <= players.max`);
  }
  if (Object.keys(moves).length === 0) {
    throw new GameDefinitionError(`game "${name}" defines no moves`);
  }
  const maxArgsBytes = definition.maxArgsBytes ?? MAX_ARGS_BYTES;
  if (!Number.isInteger(maxArgsBytes) || maxArgsBytes < 1 || maxArgsBytes > MAX_ARGS_BYTES) {
    throw new GameDefinitionError(`game "${name}" needs 1 <= maxArgsBytes <= ${MAX_ARGS_BYTES}`);
  }
  const next = definition.turn?.next ?? roundRobin;
  const view = definition.playerView ?? ((state: S) => state as unknown as V);
  const endIf = definition.endIf ?? (() => undefined);
  const clock = definition.clock && gameClock(name, definition.clock);
  return {
    name,
    players: { min: players.min, max: players.max },
    moves,
    maxArgsBytes,
    setup: (ctx) => definition.setup(ctx),
    nextPlayer: (state, ctx) => next(state, ctx),
    playerView: (state, player, ctx) => view(state, player, ctx),
    endIf: (state, ctx) => endIf(state, ctx),
    ...(clock === undefined ? {} : { clock }),
  };
}

function gameClock<S, M extends MoveSchemas>(name: string, definition: ClockDefinition<S, M>): GameClock<S> {
  const problem = definition.default && timeControlProblem(definition.default);
  if (problem !== undefined) throw new GameDefinitionError(`game "${name}": clock.default: ${problem}`);
  for (const [field, bounds] of Object.entries(definition.allow ?? {})) {
    if (bounds !== undefined && !(Number.isInteger(bounds.min) && bounds.min >= 0 && bounds.max >= bounds.min)) {
      throw new GameDefinitionError(`game "${name}": clock.allow.${field} needs 0 <= min <= max`);
    }
  }
  const turnLimit = definition.turnLimit ?? ((_state: S, ctx: TurnClockContext) => ctx.control.turnMs);
  const onTimeout = definition.onTimeout;
  return {
    ...(definition.default === undefined ? {} : { default: { ...definition.default } }),
    allow: { ...definition.allow },
    turnLimit: (state, ctx) => turnLimit(state, ctx),
    ...(onTimeout === undefined ? {} : { onTimeout: (state: S, ctx: GameContext) => onTimeout(state, ctx) }),
  };
}
