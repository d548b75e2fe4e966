import type { AnyGame } from '../engine/index.js';
import type { Clock, ConnectionStore, FanoutFor, GameStore, Logger, MoveQueue, TokenVerifier } from '../ports/index.js';

/** The games a deployment serves, by name. */
export type GameRegistry = ReadonlyMap<string, AnyGame>;

export const gameRegistry = (games: readonly AnyGame[]): GameRegistry =>
  new Map(games.map((game) => [game.name, game]));

/**
 * Everything a handler needs, built once per container by a composition root (src/aws/wiring.ts on
 * AWS, src/local/wiring-*.ts locally). Handlers see ports only, never an SDK or a socket.
 */
export interface HandlerDeps {
  readonly games: GameRegistry;
  readonly matches: GameStore;
  readonly connections: ConnectionStore;
  readonly fanout: FanoutFor;
  readonly queue: MoveQueue;
  readonly tokens: TokenVerifier;
  readonly clock: Clock;
  readonly logger: Logger;
  /** New match ids: random, URL-safe. */
  readonly newId: () => string;
  /** May a signed-in user who holds no seat watch a match? */
  readonly allowSpectators: boolean;
}
