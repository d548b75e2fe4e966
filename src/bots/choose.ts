import {
  type AnyGame,
  type BotInput,
  type BotTable,
  createRandom,
  type LegalMove,
  legalMoves,
  type Match,
  type PlayerId,
  viewFor,
} from '../engine/index.js';
import { botNamed } from './registry.js';

/**
 * What a bot is given to choose a move for `player` in `match`: the player's own view (playerView),
 * their legal moves (which reveal nothing that view hides) and the public facts of the table. Never
 * the state: whatever the bot does with its input, it cannot use what the player cannot see.
 */
export function botInput(game: AnyGame, match: Match, player: PlayerId): BotInput {
  return {
    player,
    view: viewFor(game, match, player),
    legalMoves: botMoves(game, legalMoves(game, match, player).moves),
    table: tableOf(match),
    random: botRandom(match, player),
  };
}

/**
 * The legal moves a bot chooses among: those of the turn, not the ones a seat may make at any time
 * (`who: 'seated'`: resigning, offering a draw), which are for people; all of them when nothing else is.
 */
export function botMoves(game: AnyGame, moves: readonly LegalMove[]): readonly LegalMove[] {
  const ofTheTurn = moves.filter(({ move }) => game.rules[move]?.who !== 'seated');
  return ofTheTurn.length > 0 ? ofTheTurn : moves;
}

export const tableOf = (match: Match): BotTable => ({
  players: match.players,
  currentPlayer: match.currentPlayer ?? (match.players[0] as PlayerId),
  activePlayers: match.activePlayers,
  left: match.left,
  turn: match.turn,
});

/**
 * A bot's own randomness for one turn: keyed by the match's secret seed, the player and the turn, so
 * a retried or raced turn chooses the same move, and independent of the match's own draws (a keyed
 * hash of another key), so it reveals nothing of them and they nothing of it.
 */
export const botRandom = (match: Pick<Match, 'seed' | 'turn'>, player: PlayerId) =>
  createRandom(`${match.seed}\u0000bot\u0000${player}\u0000${match.turn}`, 0).random;

/**
 * The move the bot named `botName` makes for `player` now, or `undefined` when it has none to make
 * (the player may not act now, no legal move is listed, or the game has no such bot). A bot acts on
 * its turn only: never out of turn. Pure: the same match chooses the same move.
 */
export function chooseBotMove(game: AnyGame, match: Match, player: PlayerId, botName: string): LegalMove | undefined {
  const bot = botNamed(game, botName);
  if (bot === undefined || !match.activePlayers.includes(player)) return undefined;
  const input = botInput(game, match, player);
  if (input.legalMoves.length === 0) return undefined;
  const { move, args } = bot.choose(input, game);
  return { move, args };
}
