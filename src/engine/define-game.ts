import type * as z from 'zod';
import { MAX_ARGS_BYTES } from './args-bounds.js';
import type { Bot, DeterminizeContext, GameBots, LegalMove, LegalMovesContext } from './bot.js';
import type { GameClock, TimeControl, TimeControlBounds, TurnClockContext } from './clock.js';
import { botSupport, GameDefinitionError, gameClock, legalMoveSource, normalizeMoves } from './game-parts.js';

export { GameDefinitionError };

import { type GameLogPolicy, type LogRule, normalizeLog } from './log-view.js';
import type { RandomSource } from './random.js';
import type { InvalidMove } from './rejection.js';
import { type TurnOrder, turnOrder } from './turn-order.js';

export type PlayerId = string;

/**
 * How a finished match ended: its winners, a draw, or abandoned (nobody played it out: a waiting
 * match left empty, or a match that sat idle past the deployment's limit: docs/deploy.md, "Retention").
 */
export type GameResult =
  | { readonly winners: readonly PlayerId[] }
  | { readonly draw: true }
  | { readonly abandoned: true };

/** What rules may read about the match besides their own state. */
export interface GameContext {
  /** Seated players, by seat (players who left keep their seat: see `left`). */
  readonly players: readonly PlayerId[];
  /** Whose turn it is in the turn order (`turn.next` moves it on). */
  readonly currentPlayer: PlayerId;
  /** Who may act now, by seat: by default the current player alone (`turn.active`). */
  readonly activePlayers: readonly PlayerId[];
  /** Players who left the match, in the order they left: they can no longer move. */
  readonly left: readonly PlayerId[];
  /**
   * Who this step is for: the sender of a move, the player whose time ran out (`onTimeout`), the
   * player leaving (`onLeave`). In `turn.next`, `turn.active` and `endIf`: who made the step just played.
   */
  readonly player: PlayerId;
  /** 1 for the first step of the match, +1 per accepted step (a move, a timeout, a leave). */
  readonly turn: number;
  /** The only randomness rules may use: seeded, so replays agree. */
  readonly random: RandomSource;
}

/** The step just played, as the rules that follow it (`turn.next`, `turn.active`, `endIf`) see it. */
export interface PlayedStep {
  readonly player: PlayerId;
  /** The move's name; `$leave` when the player left, `$lost` when they ran out of time with no `onTimeout`. */
  readonly move: string;
  /** The arguments the move's schema parsed (`null` for a leave). */
  readonly args: unknown;
}

export interface StepContext extends GameContext {
  readonly played: PlayedStep;
}

export interface SetupContext {
  readonly players: readonly PlayerId[];
  readonly random: RandomSource;
}

export interface ViewContext {
  readonly players: readonly PlayerId[];
  /** The one player who may act now, or `null` when several (or nobody) may. */
  readonly currentPlayer: PlayerId | null;
  readonly activePlayers: readonly PlayerId[];
  readonly left: readonly PlayerId[];
  readonly turn: number;
}

/** Every move's arguments are described by one schema: it types the call and validates the wire. */
export type ArgsSchema = z.ZodType;

/**
 * Who may make a move: `'active'` (the default): the players who may act now (`turn.active`);
 * `'seated'`: any seated player who has not left, whenever the match runs (resign, offer a draw);
 * or a predicate of the state and `ctx.player`, the sender.
 */
export type MoveAuthority<S> = 'active' | 'seated' | Rule<[state: S, ctx: Omit<GameContext, 'random'>], boolean>;

/**
 * A function type whose parameters are checked as a method's are (bivariantly): so a typed game,
 * `Game<State, …>`, is still an `AnyGame` (`Game<unknown, …>`) although its rules take `State`.
 */
export type Rule<Args extends unknown[], Result> = { bivarianceHack(...args: Args): Result }['bivarianceHack'];

export interface MoveDefinition<S, A extends ArgsSchema> {
  readonly args: A;
  /** Who may make this move (see MoveAuthority); the players who may act now when absent. */
  readonly who?: MoveAuthority<S>;
  /**
   * Does the move end its mover's turn? A move that does passes the turn (`turn.next`, when the mover
   * is the current player) and restarts the mover's clock if they may still act. `false` keeps the
   * turn and its clock running: a turn of several moves. Default: true for `who: 'active'` moves,
   * false for the others (a draw offer must not hand its sender a fresh clock).
   */
  readonly endsTurn?: boolean;
  /** What other players see of this move's args in the move log (README "Log visibility"). */
  readonly log?: LogRule<S, z.output<A>>;
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
  /** A turn's limit in ms when it depends on the state (`undefined`: none); default `control.turnMs`. */
  turnLimit?(state: S, ctx: TurnClockContext): number | undefined;
  /**
   * What a timeout does: a move the rules choose (`ctx.random` may pick one), played for `ctx.player`,
   * whose time ran out. Without it, that player is out of the match, as if they had left (`onLeave`).
   */
  onTimeout?(state: S, ctx: GameContext): ChosenMove<M>;
}

/** Who moves, in what order (README "Who may act"). Every function is re-read after every step. */
export interface TurnDefinition<S> {
  /** Who takes the first turn; the first seat when absent. May draw from `ctx.random`. */
  first?(state: S, ctx: SetupContext): PlayerId;
  /**
   * Who moves next when the current player's turn ends. When absent: the next seat; but in a game that
   * says who may act with `active`, the turn stays put (such games keep their rounds in their state,
   * and the order in which players who act at once happen to act must not matter). Players who left
   * are skipped: naming one hands the turn to the next seat still playing.
   */
  next?(state: S, ctx: StepContext): PlayerId;
  /**
   * Who may act now: one player, several, or everyone at once (`ctx.players`). Read after setup and
   * after every step; players who left are dropped. Default: the current player alone.
   */
  active?(state: S, ctx: Omit<GameContext, 'player' | 'random' | 'activePlayers'>): readonly PlayerId[];
}

export interface GameDefinition<S, M extends MoveSchemas, V, N extends string = string> {
  /** Lower-case letters, digits and dashes; its literal type types the client's `createMatch({ game })`. */
  readonly name: N;
  readonly players: { readonly min: number; readonly max: number };
  setup(ctx: SetupContext): S;
  readonly moves: { readonly [K in keyof M]: MoveDefinition<S, M[K]> };
  /**
   * The most a move's arguments may take as JSON text, in bytes: refused with `bad_args` before the
   * schema runs. Defaults to MAX_ARGS_BYTES (4 KB), which is also the most it may be: the `move`
   * route enforces that bound before it knows which game a move is for.
   */
  readonly maxArgsBytes?: number;
  readonly turn?: TurnDefinition<S>;
  /** What `player` (or a spectator, `null`) may see. When absent, everyone sees the whole state. */
  playerView?(state: S, player: PlayerId | null, ctx: ViewContext): V;
  /** A result once the game is over, `undefined` while it goes on. */
  endIf?(state: S, ctx: StepContext): GameResult | undefined;
  /**
   * A player left a running match (or ran out of time with no `onTimeout`): the state that follows.
   * Without it the state is unchanged; either way the leaver can no longer move, never wins, and a
   * match that the rules do not end ends when one player is left: that player wins.
   */
  onLeave?(state: S, ctx: GameContext): S;
  /**
   * What the move log shows of a move's args to players other than its mover: `args` for moves that
   * do not say (`'public'`, or `'private'`: the mover alone); default public without a `playerView`,
   * private with one. `revealAtEnd`: everyone sees every move's args once the match is over (replays).
   * `seedAtEnd` (with `revealAtEnd`): once it is over the match's seed is published too, so anyone can
   * replay it in full and check its result (README "Replay"); without it, a replay shows views only.
   */
  readonly log?: { readonly args?: 'public' | 'private'; readonly revealAtEnd?: boolean; readonly seedAtEnd?: boolean };
  /** Turn limits and chess clocks; untimed when absent. */
  readonly clock?: ClockDefinition<S, M>;
  /**
   * A player's legal moves now (README "Legal moves"), listed from their own view so that they can
   * reveal nothing it hides. Absent: derived from the move schemas where those are bounded, keeping
   * what the rules accept. `'unbounded'`: the game says its moves cannot be listed (no bot can play it).
   */
  readonly legalMoves?: ((view: V, ctx: LegalMovesContext) => readonly ChosenMove<M>[]) | 'unbounded';
  /** Determinization for the search bot, bots of the game's own, and whether a bot may replace a leaver. */
  readonly bots?: GameBots<S, V, M>;
}

/** How a game's legal moves are listed: by the game from a view, derived from its schemas, or not at all. */
export type LegalMoveSource<V> =
  | { readonly kind: 'declared'; list(view: V, ctx: LegalMovesContext): readonly LegalMove[] }
  | { readonly kind: 'derived' }
  | { readonly kind: 'unbounded' };

/** A game's bots as `defineGame` normalises them. */
export interface GameBotSupport<S, V> {
  /** Does `playerView` hide anything? A game without one shows every player the whole state. */
  readonly hidesInformation: boolean;
  determinize?(view: V, ctx: DeterminizeContext): S;
  readonly own: Readonly<Record<string, Bot<V>>>;
  readonly replaceLeavers: boolean;
}

/** A move as `defineGame` normalises it: who may make it and whether it ends the turn, decided. */
export interface GameMove<S> {
  readonly args: ArgsSchema;
  readonly who: MoveAuthority<S>;
  readonly endsTurn: boolean;
  readonly log: LogRule<S, unknown> | undefined;
  apply(state: S, args: unknown, ctx: GameContext): S | InvalidMove;
}

/** A validated game definition with its defaults filled in (a new object: the author's is untouched). */
export interface Game<S, M extends MoveSchemas, V, N extends string = string> {
  readonly name: N;
  readonly players: { readonly min: number; readonly max: number };
  /** The definition's moves as the author wrote them: what types the client and `ChosenMove`. */
  readonly moves: { readonly [K in keyof M]: MoveDefinition<S, M[K]> };
  /** The same moves, normalised: what the engine runs. */
  readonly rules: Readonly<Record<string, GameMove<S>>>;
  readonly maxArgsBytes: number;
  setup(ctx: SetupContext): S;
  readonly turnOrder: TurnOrder<S>;
  /** The definition's own `turn`, as written: so a game spread into another keeps its order. */
  readonly turn?: TurnDefinition<S>;
  playerView(state: S, player: PlayerId | null, ctx: ViewContext): V;
  endIf(state: S, ctx: StepContext): GameResult | undefined;
  onLeave(state: S, ctx: GameContext): S;
  readonly log: GameLogPolicy;
  readonly clock?: GameClock<S>;
  /** How legal moves are listed (named apart from the definition's `legalMoves`, so a game spread into a definition is one). */
  readonly legal: LegalMoveSource<V>;
  readonly botSupport: GameBotSupport<S, V>;
  /** The definition as its author wrote it: what `variantOf` starts from. */
  readonly [DEFINITION]: unknown;
}

const DEFINITION = Symbol('turngate.definition');

/** Any game, for code that serves games without knowing their types (stores, handlers, registry). */
export type AnyGame = Game<unknown, MoveSchemas, unknown>;

export type GameState<G> = G extends Game<infer S, infer _M, infer _V, infer _N> ? S : never;
export type GameView<G> = G extends Game<infer _S, infer _M, infer V, infer _N> ? V : never;
export type GameMoves<G> = G extends Game<infer _S, infer M, infer _V, infer _N> ? M : never;
/** A game's name, as a literal type: `'tic-tac-toe'`. */
export type GameName<G> = G extends Game<infer _S, infer _M, infer _V, infer N> ? N : never;
export type MoveName<G> = keyof GameMoves<G> & string;
/** The arguments a caller sends for move `K` (the schema's input type). */
export type MoveArgs<G, K extends MoveName<G>> = z.input<GameMoves<G>[K]>;

/**
 * Declares a game. Bad configuration is a programmer error, so it throws here, once, at load time,
 * rather than surfacing later as a confusing rejection.
 */
export function defineGame<S, M extends MoveSchemas, V = S, const N extends string = string>(
  definition: GameDefinition<S, M, V, N>,
): Game<S, M, V, N> {
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
  const view = definition.playerView ?? ((state: S) => state as unknown as V);
  const endIf = definition.endIf ?? (() => undefined);
  const onLeave = definition.onLeave ?? ((state: S) => state);
  const clock = definition.clock && gameClock(name, definition.clock);
  if (definition.log?.seedAtEnd && !definition.log.revealAtEnd) {
    // The seed without the moves' args replays nothing: saying one without the other is a mistake.
    throw new GameDefinitionError(`game "${name}": log.seedAtEnd needs log.revealAtEnd`);
  }
  return {
    name,
    players: { min: players.min, max: players.max },
    moves,
    rules: normalizeMoves(name, moves),
    maxArgsBytes,
    setup: (ctx) => definition.setup(ctx),
    turnOrder: turnOrder(definition.turn),
    playerView: (state, player, ctx) => view(state, player, ctx),
    endIf: (state, ctx) => endIf(state, ctx),
    onLeave: (state, ctx) => onLeave(state, ctx),
    log: normalizeLog(definition.log, definition.playerView !== undefined),
    ...(clock === undefined ? {} : { clock }),
    legal: legalMoveSource(definition.legalMoves),
    botSupport: botSupport(name, definition),
    ...(definition.turn === undefined ? {} : { turn: definition.turn }),
    [DEFINITION]: definition,
  };
}

/**
 * A variant of a game: its definition with some parts changed, under a name of its own (a blitz
 * clock, another number of players). Typed by the game it comes from: `variantOf(ticTacToe, { name:
 * 'tic-tac-toe-blitz', clock: { default: { turnMs: 5_000 } } })`.
 */
export function variantOf<G extends AnyGame, const N extends string>(
  game: G,
  changes: Partial<GameDefinition<GameState<G>, GameMoves<G>, GameView<G>>> & { readonly name: N },
): Game<GameState<G>, GameMoves<G>, GameView<G>, N> {
  // Every Game is made by defineGame, which keeps its definition here: typed by G from the outside.
  const definition = game[DEFINITION] as GameDefinition<GameState<G>, GameMoves<G>, GameView<G>>;
  return defineGame({ ...definition, ...changes });
}
