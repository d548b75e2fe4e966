import type { BoardFactory } from './board.js';

/**
 * Boards registered by a developer's own board module (`turngate dev --board`), by game name.
 *
 * Kept on `globalThis` under a registered symbol, not in this module: the developer's module imports
 * `turngate/board` from their node_modules and is bundled beside the web UI, which carries its own
 * copy of this file, so two module instances must find one registry.
 */
const REGISTRY = Symbol.for('turngate.boards');

type Registry = Map<string, BoardFactory<unknown>>;

function registry(): Registry {
  const holder = globalThis as { [REGISTRY]?: Registry };
  holder[REGISTRY] ??= new Map();
  return holder[REGISTRY];
}

/**
 * Shows `gameName`'s matches on this board instead of the generic one (or a built-in one). Call it
 * when the board module loads; the type parameter is the game (`typeof myGame`), which types the
 * client's moves and the state the board is drawn from.
 */
export function registerBoard<G>(gameName: string, factory: BoardFactory<G>): void {
  if (typeof gameName !== 'string' || gameName === '') throw new TypeError('registerBoard: a game name is required');
  if (typeof factory !== 'function')
    throw new TypeError(`registerBoard: the board for "${gameName}" is not a function`);
  // A factory is only ever called with its own game's client, so widening G here loses nothing.
  registry().set(gameName, factory as unknown as BoardFactory<unknown>);
}

/** The board registered for a game, if any. */
export function registeredBoard(gameName: string): BoardFactory<unknown> | undefined {
  return registry().get(gameName);
}
