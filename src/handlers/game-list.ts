import * as z from 'zod';
import { botNames } from '../bots/index.js';
import type { AnyGame } from '../engine/index.js';
import type { GameRegistry } from './deps.js';

/** `GET /api/games`: what each game this deployment serves is, and what a match of it may ask for. */
export function listGames(deps: { readonly games: GameRegistry }) {
  return [...deps.games.values()].map((game) => ({
    name: game.name,
    players: game.players,
    moves: Object.keys(game.moves),
    moveArgs: moveArgsSchemas(game),
    bots: [...botNames(game)],
    replaceLeavers: game.botSupport.replaceLeavers,
    ...(game.clock && {
      clock: { ...(game.clock.default && { default: game.clock.default }), allow: game.clock.allow },
    }),
  }));
}

const argsSchemas = new WeakMap<AnyGame, Record<string, Record<string, unknown>>>();

/**
 * Each move's argument schema as JSON Schema, computed once per game. What the input accepts (`io:
 * 'input'`), and `{}` (anything) for a schema JSON Schema cannot express: the server's own parse
 * still decides, so a loose form only costs a refusal in plain words.
 */
function moveArgsSchemas(game: AnyGame): Record<string, Record<string, unknown>> {
  let schemas = argsSchemas.get(game);
  if (schemas === undefined) {
    schemas = Object.fromEntries(
      Object.entries(game.moves).map(([name, move]) => {
        try {
          return [name, z.toJSONSchema(move.args, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>];
        } catch {
          return [name, {}];
        }
      }),
    );
    argsSchemas.set(game, schemas);
  }
  return schemas;
}
