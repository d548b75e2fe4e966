import type { AnyGame, ChosenMove, MoveSchemas, PlayerId, ViewContext } from './define-game.js';
import type { RandomSource } from './random.js';

/**
 * What legal moves and bots look like to a game: the types a game declares its own enumeration,
 * its own bots and its determinization with. The built-in bots live in src/bots; the engine only
 * says what a bot is given and what it answers.
 */

/**
 * Player ids of the seats bots play start with this; no person may have one (a token naming one is
 * refused, and the development sign-in refuses such a name), so nobody can connect as a bot.
 */
export const BOT_PLAYER_PREFIX = 'bot:';

export const isBotPlayerId = (player: PlayerId): boolean => player.startsWith(BOT_PLAYER_PREFIX);

/** One move with its arguments as a client sends them (the schema's input). */
export interface LegalMove {
  readonly move: string;
  readonly args: unknown;
}

/** What a game's own enumeration of legal moves is told besides the player's view. */
export interface LegalMovesContext extends ViewContext {
  /** Whose legal moves: the player the view belongs to. */
  readonly player: PlayerId;
  /** The moves this player may make now by each move's `who`: list args only for these. */
  readonly moves: readonly string[];
}

/** Public facts about the table a bot may use: who sits, whose turn it is, who may act, who left. */
export interface BotTable {
  readonly players: readonly PlayerId[];
  /** The turn order's pointer (turn.next), which may name a player even while several act at once. */
  readonly currentPlayer: PlayerId;
  readonly activePlayers: readonly PlayerId[];
  readonly left: readonly PlayerId[];
  readonly turn: number;
}

/**
 * Everything a bot knows when it chooses: its own view of the match, never the state, and its legal
 * moves (which reveal nothing the view hides: test/engine/legal-moves.property.test.ts).
 */
export interface BotInput<V = unknown> {
  readonly player: PlayerId;
  readonly view: V;
  /** What it may choose from: its legal moves now, except the moves a seat may make at any time (resign, offer a draw). */
  readonly legalMoves: readonly LegalMove[];
  readonly table: BotTable;
  /** The bot's own seeded randomness: the same input and the same draws choose the same move. */
  readonly random: RandomSource;
}

/**
 * A bot: chooses one of `input.legalMoves` from what its player can see. Pure (no clock, no I/O): a
 * search bot's budget is a count of iterations, so a choice takes the same work on every machine.
 * `game` lets a generic bot (search) simulate the rules; a game's own bot may ignore it.
 */
export interface Bot<V = unknown, M extends MoveSchemas = MoveSchemas> {
  choose(input: BotInput<V>, game: AnyGame): ChosenMove<M> | LegalMove;
}

/** What `determinize` is told besides the view: the table, and randomness to draw what the view hides. */
export interface DeterminizeContext extends BotTable {
  readonly player: PlayerId;
  readonly random: RandomSource;
}

/** A game's own say on bots (README "Bots"). */
export interface GameBots<S, V, M extends MoveSchemas> {
  /**
   * A whole state consistent with what `ctx.player` sees, drawing what the view hides from
   * `ctx.random`: lets the search bot play a game that hides information, by searching states it
   * cannot tell apart from the real one (determinization). Without it, the search bot plays only
   * games without a `playerView`.
   */
  determinize?(view: V, ctx: DeterminizeContext): S;
  /** Bots of the game's own, by name, offered beside the built-in `random` and `mcts` (which they may replace). */
  readonly own?: Readonly<Record<string, Bot<V, M>>>;
  /**
   * May a bot take over the seat of a player who leaves a running match (when the match's creator
   * chose one: `replaceLeavers`)? Default false: the leaver is out, as the rules say.
   */
  readonly replaceLeavers?: boolean;
}
