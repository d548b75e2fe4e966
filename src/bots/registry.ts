import { type AnyGame, type Bot, candidatesOf } from '../engine/index.js';
import { mctsBot } from './mcts-bot.js';
import { randomBot } from './random-bot.js';

/** The bots every game that can list its moves gets, by name. */
export const BUILT_IN_BOTS: Readonly<Record<string, Bot>> = { random: randomBot, mcts: mctsBot() };

/**
 * The bots that can play `game`, by name: none when its legal moves cannot be listed (no bot can
 * choose among moves nobody can list); `mcts` only where it can see the whole state or sample what
 * it cannot (the game's `determinize`); and the game's own, which may replace a built-in of the same name.
 */
export function botNames(game: AnyGame): readonly string[] {
  const listable =
    game.legal.kind === 'declared' ||
    (game.legal.kind === 'derived' && Object.keys(game.rules).some((move) => candidatesOf(game, move)));
  const searchable = !game.botSupport.hidesInformation || game.botSupport.determinize !== undefined;
  const builtIn = listable ? ['random', ...(searchable ? ['mcts'] : [])] : [];
  return [...new Set([...builtIn, ...Object.keys(game.botSupport.own)])];
}

/** The bot of that name for `game`, or `undefined` when it has none (botNames). */
export function botNamed(game: AnyGame, name: string): Bot | undefined {
  if (Object.hasOwn(game.botSupport.own, name)) return game.botSupport.own[name];
  return botNames(game).includes(name) && Object.hasOwn(BUILT_IN_BOTS, name) ? BUILT_IN_BOTS[name] : undefined;
}
