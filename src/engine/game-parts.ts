import type { DeterminizeContext } from './bot.js';
import type { GameClock, TurnClockContext } from './clock.js';
import { timeControlProblem } from './clock.js';
import type {
  ArgsSchema,
  ClockDefinition,
  GameBotSupport,
  GameContext,
  GameDefinition,
  GameMove,
  LegalMoveSource,
  MoveDefinition,
  MoveSchemas,
} from './define-game.js';

/**
 * The parts of a game definition `defineGame` checks and fills in: each returns a new value, and a
 * bad one throws GameDefinitionError at load time.
 */

/** Bad configuration is a programmer error: thrown once, when the game is defined. */
export class GameDefinitionError extends Error {
  override name = 'GameDefinitionError';
}

export function legalMoveSource<V, M extends MoveSchemas>(
  legalMoves: GameDefinition<unknown, M, V>['legalMoves'],
): LegalMoveSource<V> {
  if (legalMoves === undefined) return { kind: 'derived' };
  if (legalMoves === 'unbounded') return { kind: 'unbounded' };
  return { kind: 'declared', list: (view, ctx) => legalMoves(view, ctx) };
}

export function botSupport<S, M extends MoveSchemas, V>(
  name: string,
  definition: GameDefinition<S, M, V>,
): GameBotSupport<S, V> {
  const { determinize, own = {}, replaceLeavers = false } = definition.bots ?? {};
  for (const botName of Object.keys(own)) {
    if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(botName)) {
      throw new GameDefinitionError(
        `game "${name}": bot name "${botName}" must be 1-32 lower-case letters, digits and dashes`,
      );
    }
  }
  return {
    hidesInformation: definition.playerView !== undefined,
    ...(determinize && { determinize: (view: V, ctx: DeterminizeContext) => determinize(view, ctx) }),
    own: { ...own },
    replaceLeavers,
  };
}

export function normalizeMoves<S>(
  name: string,
  moves: Readonly<Record<string, MoveDefinition<S, ArgsSchema>>>,
): Readonly<Record<string, GameMove<S>>> {
  const rules: Record<string, GameMove<S>> = Object.create(null);
  for (const [moveName, move] of Object.entries(moves)) {
    if (moveName.startsWith('$')) {
      throw new GameDefinitionError(`game "${name}": move names may not start with "$" (${moveName})`);
    }
    const who = move.who ?? 'active';
    if (who !== 'active' && who !== 'seated' && typeof who !== 'function') {
      throw new GameDefinitionError(`game "${name}": move "${moveName}" has an unknown who: ${String(who)}`);
    }
    rules[moveName] = {
      args: move.args,
      who,
      endsTurn: move.endsTurn ?? who === 'active',
      log: move.log,
      apply: (state, args, ctx) => move.apply(state, args, ctx),
    };
  }
  return rules;
}

export function gameClock<S, M extends MoveSchemas>(name: string, definition: ClockDefinition<S, M>): GameClock<S> {
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
