import type { AnyGame } from '../engine/index.js';
import type {
  ApiEndpoint,
  Clock,
  ConnectionStore,
  DeadlineIndex,
  FanoutFor,
  GameStore,
  Logger,
  MatchPools,
  MoveQueue,
  Notifier,
  RatingStore,
  RetentionPolicy,
  RetentionStore,
  Scheduler,
  TokenVerifier,
} from '../ports/index.js';
import type { ConnectionLimit } from '../protocol/index.js';
import type { FrameLimiter } from './frame-limit.js';

/**
 * How a deployment orders moves (DESIGN.md "Ordering modes"; docs/deploy.md): `fifo` sends each move through an
 * SQS FIFO queue (one group per match) to the queue consumer; `direct` settles it in the `move`
 * route itself, with the version-conditioned write and the per-player sequence keeping the order.
 */
export const ORDERING_MODES = ['fifo', 'direct'] as const;
export type OrderingMode = (typeof ORDERING_MODES)[number];

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
  readonly ordering: OrderingMode;
  /** Where the `move` route sends moves in `fifo` mode; a `direct` deployment has no queue. */
  readonly queue?: MoveQueue;
  readonly tokens: TokenVerifier;
  /**
   * Arms each timed match's turn deadline (arm-turn-timer.ts); whoever fires it calls `fireTurnTimer`
   * (turn-timeout.ts). Optional only so a deployment whose games are all untimed needs none: a timed
   * match without one is logged (`timer.no_scheduler`) and its timeouts apply only when a late move
   * finds its time up.
   */
  readonly scheduler?: Scheduler;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Tells players who are away that it is their turn or their match ended; absent, nobody is told. */
  readonly notifier?: Notifier;
  /**
   * Where the retention sweeps find what is due (src/handlers/sweeps), and the deployment's policy:
   * only the sweeper uses them, and a composition root that runs no sweeper may leave them out.
   */
  readonly retention?: RetentionStore;
  readonly retentionPolicy?: RetentionPolicy;
  /** New match ids: random, URL-safe. */
  readonly newId: () => string;
  /** May a signed-in user who holds no seat watch a match? */
  readonly allowSpectators: boolean;
  /**
   * The WebSocket API stage the lobby pushes to when a join or start changes a match, so waiting
   * players see the game begin. The HTTP API's own event cannot tell it; without it nothing is pushed
   * and clients learn on their next `sync`.
   */
  readonly webSocketEndpoint?: ApiEndpoint;
  /**
   * Development only: `POST /api/dev/sign-in {name}` answers a token for anyone who asks. Present
   * only when the composition root passes it (src/auth/dev-sign-in.ts makes one); never on AWS.
   */
  readonly devSignIn?: DevSignIn;
  /**
   * May `POST /api/matches` choose the match's random seed? Useful for tests and replays, but whoever
   * knows the seed can predict every roll (Liar's Dice dice), so it is off unless enabled.
   */
  readonly allowClientSeeds?: boolean;
  /**
   * Each connection's frame budget (frame-limit.ts, protocol `FRAME_LIMIT`), kept by this process;
   * every composition root makes one. Absent: frames are not limited (tests that drive handlers alone).
   */
  readonly frames?: FrameLimiter;
  /**
   * Where the deadline sweep finds running matches past their deadline (overdue-timeouts.ts); the
   * stores' own index, kept by their writes. Absent: no sweep (a deployment without timed games).
   */
  readonly deadlines?: DeadlineIndex;
  /** How many connections a match takes (protocol `CONNECTION_LIMIT` when absent). */
  readonly connectionLimit?: ConnectionLimit;
  /** Ratings and the leaderboard (handlers/ratings.ts); absent, matches are not rated. */
  readonly ratings?: RatingStore;
  /** Quick match's pools (handlers/matchmaking.ts); absent, `POST /api/matchmaking` is not offered. */
  readonly pools?: MatchPools;
}

export type DevSignIn = (name: string) => Promise<{ readonly token: string; readonly userId: string }>;
