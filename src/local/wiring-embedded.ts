import { randomBytes } from 'node:crypto';
import { createDevSignIn, createTokenVerifier, type TokenVerifierConfig } from '../auth/index.js';
import type { AnyGame } from '../engine/index.js';
import { createFrameLimiter } from '../handlers/frame-limit.js';
import { fireTurnTimer, gameRegistry, type HandlerDeps, type OrderingMode } from '../handlers/index.js';
import type { Notifier, RetentionPolicy } from '../ports/index.js';
import type { FrameLimit } from '../protocol/index.js';
import { buildFunctions } from './integrations.js';
import { LocalFifoQueue, localMoveQueue } from './queue/fifo-queue.js';
import { socketFanout } from './socket-fanout.js';
import { forgetAllConnections, sqliteConnectionStore, sweepExpiredConnections } from './sqlite/connection-store.js';
import { closeDatabase, openDatabase } from './sqlite/database.js';
import { sqliteDeadlines } from './sqlite/deadlines.js';
import { sqliteGameStore } from './sqlite/game-store.js';
import { sqliteMatchPools } from './sqlite/match-pools.js';
import { sqliteRatingStore } from './sqlite/rating-store.js';
import { sqliteRetentionStore } from './sqlite/retention-store.js';
import { SweeperLoop } from './sweeper-loop.js';
import { LocalTurnTimers } from './turn-timers.js';
import type { LocalWiring, WiringContext } from './wiring.js';

/** What both local wirings share: who plays, how tokens are checked, which development aids are on. */
export interface CommonWiringOptions {
  readonly games: readonly AnyGame[];
  readonly tokenSecret: string;
  readonly tokenIssuer: string;
  readonly tokenAudience: string;
  /** How tokens are verified: the secret's claims above, or an OIDC provider's key set (JWKS mode). */
  readonly tokens: TokenVerifierConfig;
  readonly devSignIn: boolean;
  readonly allowSpectators: boolean;
  readonly allowClientSeeds: boolean;
  readonly ordering: OrderingMode;
  /** Each connection's frame budget (protocol `FRAME_LIMIT` when absent). */
  readonly frameLimit?: FrameLimit;
  /** Tells players who are away (src/notify); nobody is told without one. */
  readonly notifier?: Notifier;
  /** How long matches are kept, and when one is abandoned: the retention sweeps'. */
  readonly retentionPolicy: RetentionPolicy;
  /** How often the retention sweeps run. */
  readonly sweepEveryMs: number;
}

export interface EmbeddedWiringOptions extends CommonWiringOptions {
  /** A file path, or `:memory:`. */
  readonly database: string;
  readonly synchronous: 'full' | 'normal';
  readonly maxReceiveCount: number;
  readonly redeliveryDelayMs: number;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * The default wiring: SQLite for matches and connections, the in-process FIFO queue (persisted in the
 * same database) for moves, and fan-out straight onto this process's sockets. Nothing else to start.
 * In the `direct` ordering mode the move route settles moves itself and never sends to the queue;
 * the queue still opens, so moves a `fifo` run left pending in the database are applied, not lost.
 */
export function embeddedWiring(options: EmbeddedWiringOptions, context: WiringContext): LocalWiring {
  const db = openDatabase(options.database, { synchronous: options.synchronous });
  const staleConnections = forgetAllConnections(db);
  const queue = new LocalFifoQueue({
    db,
    clock: context.clock,
    logger: context.logger,
    maxReceiveCount: options.maxReceiveCount,
    redeliveryDelayMs: options.redeliveryDelayMs,
  });
  const timers = new LocalTurnTimers({ db, clock: context.clock, logger: context.logger });
  const deps: HandlerDeps = {
    ...commonDeps(options, context),
    scheduler: timers,
    matches: sqliteGameStore(db),
    deadlines: sqliteDeadlines(db),
    connections: sqliteConnectionStore(db),
    retention: sqliteRetentionStore(db),
    ratings: sqliteRatingStore(db),
    pools: sqliteMatchPools(db),
    fanout: socketFanout(context.registry),
    ...(options.ordering === 'fifo' ? { queue: localMoveQueue(queue) } : {}),
  };
  const functions = buildFunctions(deps);
  const sweeps = new SweeperLoop(deps, options.sweepEveryMs);
  // The DynamoDB TTL sweeper's stand-in: rows of connections whose $disconnect never ran.
  const sweep = () => sweepExpiredConnections(db, context.clock.now());
  const sweeper = setInterval(sweep, SWEEP_EVERY_MS);
  sweeper.unref();

  return {
    name: 'embedded',
    functions,
    deps,
    describe: { database: options.database, pendingMoves: queue.depth, staleConnections },
    start(consumer) {
      queue.start(consumer);
      timers.start((timer) => fireTurnTimer(deps, timer));
      sweeps.start();
    },
    sweep: () => sweeps.sweep(),
    drain: () => queue.drain(),
    async close() {
      clearInterval(sweeper);
      await sweeps.close();
      await timers.close();
      await queue.close();
      await closeDatabase(db);
    },
  };
}

/** The deps that do not depend on where data lives. */
export function commonDeps(
  options: CommonWiringOptions,
  context: WiringContext,
): Omit<HandlerDeps, 'matches' | 'connections' | 'fanout' | 'queue'> {
  const keys = { secret: options.tokenSecret, issuer: options.tokenIssuer, audience: options.tokenAudience };
  return {
    games: gameRegistry(options.games),
    tokens: createTokenVerifier(options.tokens),
    clock: context.clock,
    logger: context.logger,
    newId: () => randomBytes(9).toString('base64url'),
    allowSpectators: options.allowSpectators,
    allowClientSeeds: options.allowClientSeeds,
    webSocketEndpoint: context.endpoint,
    ordering: options.ordering,
    frames: createFrameLimiter(options.frameLimit),
    retentionPolicy: options.retentionPolicy,
    ...(options.notifier ? { notifier: options.notifier } : {}),
    ...(options.devSignIn ? { devSignIn: createDevSignIn(keys) } : {}),
  };
}
