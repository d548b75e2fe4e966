import { GAMES } from '../src/aws/tables.js';
import type { OrderingMode } from '../src/handlers/deps.js';
import type { AccessByHandler, HandlerAccess } from './access.js';
import type { TurngateConfig } from './config.js';
import { type BundlePart, DEADLINE_SWEEP, type HandlerName, NOTIFY, SWEEPER, TURN_TIMER } from './handler-functions.js';

/** The queue consumer's batch: SQS FIFO event sources take at most 10 and no batching window. */
export const QUEUE_BATCH_SIZE = 10;

/** Rating a finished match: read the players' ratings, put the new ones in the rating transaction. */
const RATES_MATCHES = ['BatchGetItem', 'PutItem'] as const;

/**
 * Settling moves: read and write the match, put the log entry, rate a finished match, fan out. The
 * queue function does it in the fifo mode (and may queue a bot's turn); in the direct mode the `move`
 * function does it itself and sends to no queue. GetItem of connections: for a connection whose
 * authorizer context lacks the match (move.ts), and wherever a handler fans out (below).
 */
export const DIRECT_MOVE_ACCESS: HandlerAccess = {
  games: ['GetItem', 'UpdateItem'],
  moveLog: ['PutItem'],
  play: RATES_MATCHES,
  connections: ['GetItem', 'DeleteItem'],
  connectionsByGame: true,
  postToConnection: true,
};

/**
 * Who touches what, read from the handlers and the adapters they use (src/handlers, src/aws). Every
 * send to a connection may answer Gone, which deletes that connection's row: hence DeleteItem on
 * connections wherever a handler posts. test/infra checks the synthesized policies against its own
 * copy of this table, so a change here is a deliberate change there too.
 */
export const HANDLER_ACCESS: AccessByHandler = {
  authorizer: { tokenSecret: true },
  // GetItem of the match; PutItem of the connection, and GetItem of it when a replayed $connect clashes;
  // GetItem and UpdateItem of the match's `Recent` connections, which make up for the index's lag.
  // A connection past the match's limits is refused: its live connections are listed first.
  connect: { games: ['GetItem', 'UpdateItem'], connections: ['PutItem', 'GetItem'], connectionsByGame: true },
  disconnect: { connections: ['DeleteItem'] },
  // GetItem of the connection only for one whose authorizer context lacks the match (move.ts). In
  // fifo mode the route also settles what needs no place in the queue (answer-ahead.ts): it reads the
  // match, records a refusal in its sender's ledger (UpdateItem), and a repeat of the match's latest
  // move finishes that move's work (the fan-out, the timers, the rating of a finished match).
  move: {
    games: ['GetItem', 'UpdateItem'],
    play: RATES_MATCHES,
    connections: ['GetItem', 'DeleteItem'],
    connectionsByGame: true,
    sendMoves: true,
    postToConnection: true,
  },
  // A sync that finds a bot able to act asks for its turn (handlers/bot-turns.ts): on the match's FIFO
  // group (fifo); in the direct mode it arms a bot timer instead (ARMS_TURN_TIMERS), and sends nothing.
  sync: { games: ['GetItem'], connections: ['GetItem', 'DeleteItem'], postToConnection: true, sendMoves: true },
  default: { connections: ['DeleteItem'], postToConnection: true },
  // Listing a match's connections uses the `Recent` connections its write answered (or reads them from
  // the match) and, for an id the index does not list yet, that connection's row: GetItem on
  // connections wherever a handler fans out.
  // Settling a move writes the match and puts the previous move's log entry (dynamo-game-store.ts).
  // A settlement that finishes a match rates it (handlers/ratings.ts): the ratings are read, then one
  // transaction puts them and marks the match item rated (UpdateItem on games). A settlement after
  // which a bot may act queues that bot's turn on the match's group (handlers/bot-turns.ts).
  queue: { ...DIRECT_MOVE_ACCESS, sendMoves: true },
  // The lobby: list (ByPhase index for waiting matches, ByStatus then BatchGetItem for the others),
  // create (PutItem), join/start (UpdateItem),
  // view and move log (GetItem); a join or start pushes the new state to the match's connections.
  // A join puts the player's seat item (PutItem); `GET /api/me/matches` reads the ByPlayer index.
  // A player leaving a running match joins its FIFO group like a move (fifo); in the direct mode the
  // lobby settles the leave itself, with the same reads and writes as a join, and rates the match a
  // leave finishes. Quick match reads and swaps a pool (GetItem, UpdateItem); `GET /api/me` and
  // `/api/me/matches` read the caller's ratings (Query), `GET /api/leaderboard` the Leaderboard index.
  http: {
    sendMoves: true,
    games: ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem'],
    gamesIndexes: [GAMES.byStatusIndex, GAMES.byPlayerIndex, GAMES.byPhaseIndex],
    play: ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem', 'Query'],
    leaderboard: true,
    // Pages of the log; and a join or start that updates a match puts its newest move first.
    moveLog: ['PutItem', 'Query'],
    connections: ['DeleteItem', 'GetItem'],
    connectionsByGame: true,
    postToConnection: true,
    tokenSecret: true,
  },
  // When a turn's time runs out, the timeout joins the match's FIFO group like any move. A turn's
  // clock_low warning reads the match and who is connected to it (GetItem, the ByGameSessionId index
  // and a connection row it does not list yet), then arms the deadline (ARMS_TURN_TIMERS).
  [TURN_TIMER]: { sendMoves: true, games: ['GetItem'], connections: ['GetItem'], connectionsByGame: true },
  // The deadline sweep queries the ByDeadline index, reads each match it offers, moves a match's bound
  // up (UpdateItem) and queues the timeout of one whose timer was lost, like the turn-timer function.
  [DEADLINE_SWEEP]: { sendMoves: true, games: ['GetItem', 'UpdateItem'], gamesIndexes: [GAMES.byDeadlineIndex] },
  // Reads its signing key and consumes its queue: granted where they are made (infra/notices.ts).
  [NOTIFY]: {},
  // The retention sweeps (src/handlers/sweeps): what is due (the ByPhase index); read a match and
  // end it (UpdateItem, on its version); tell its players (the fan-out's grants); delete a finished
  // match, its seat items and log pages (DeleteItem, BatchWriteItem, a Query of its pages). And what
  // settling a timeout takes (a PutItem of a log page; in fifo the match's queue), so the sweep the
  // issue's next half adds ("settle running matches past their deadline") needs no grant of its own.
  [SWEEPER]: {
    games: ['GetItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'],
    gamesIndexes: [GAMES.byPhaseIndex],
    moveLog: ['PutItem', 'Query', 'BatchWriteItem'],
    connections: ['GetItem', 'DeleteItem'],
    connectionsByGame: true,
    postToConnection: true,
    sendMoves: true,
  },
};

/**
 * Who arms turn timers: whoever settles a move or starts a match (in fifo mode the move route too: it
 * re-arms on `time_up` and finishes a settled move's work), the turn-timer function, which settles a
 * timeout (direct) and arms a turn's deadline once its clock_low warning fired (both modes), and the
 * deadline sweep where it settles timeouts itself (direct).
 */
export const ARMS_TURN_TIMERS: Readonly<Record<OrderingMode, readonly HandlerName[]>> = {
  fifo: ['queue', 'http', 'move', TURN_TIMER, SWEEPER],
  // `sync` arms a bot's turn when it finds a bot that should be moving (handlers/bot-turns.ts).
  direct: ['move', 'http', TURN_TIMER, DEADLINE_SWEEP, SWEEPER, 'sync'],
};

/**
 * Who queues notices to players who are away: whoever settles moves, starts matches, warns, or ends
 * matches nobody played (the sweeper).
 */
export const SENDS_NOTICES: Readonly<Record<OrderingMode, readonly HandlerName[]>> = {
  fifo: ['queue', 'http', 'move', TURN_TIMER, SWEEPER],
  direct: ['move', 'http', TURN_TIMER, DEADLINE_SWEEP, SWEEPER],
};

/**
 * What a function's bundle leaves out (infra/handler-functions.ts BUNDLE_PARTS): the moves queue in
 * the direct mode, which has none; the notice queue and turn timers where the stack gives the
 * function neither (their variables are set only on the functions listed above).
 */
export function bundleOmissions(
  config: Pick<TurngateConfig, 'orderingMode' | 'turnTimers' | 'notices'>,
  name: HandlerName,
): BundlePart[] {
  const mode = config.orderingMode;
  return [
    ...(mode === 'fifo' ? [] : (['MOVE_QUEUE'] as const)),
    ...(config.notices && SENDS_NOTICES[mode].includes(name) ? [] : (['NOTICES'] as const)),
    ...(config.turnTimers && ARMS_TURN_TIMERS[mode].includes(name) ? [] : (['TURN_TIMERS'] as const)),
  ];
}

/** Who touches what in a deployment of this ordering mode: the direct mode has no queue function. */
export function handlerAccess(mode: OrderingMode): Partial<AccessByHandler> {
  if (mode === 'fifo') return HANDLER_ACCESS;
  const { queue: _none, ...rest } = HANDLER_ACCESS;
  const http = { ...HANDLER_ACCESS.http, sendMoves: false };
  const sweep = {
    ...DIRECT_MOVE_ACCESS,
    games: ['GetItem', 'UpdateItem'] as const,
    gamesIndexes: [GAMES.byDeadlineIndex],
  };
  const { sendMoves: _noQueue, ...sweeper } = HANDLER_ACCESS[SWEEPER];
  const sync = { ...HANDLER_ACCESS.sync, sendMoves: false };
  return {
    ...rest,
    http,
    sync,
    move: DIRECT_MOVE_ACCESS,
    [TURN_TIMER]: DIRECT_MOVE_ACCESS,
    [DEADLINE_SWEEP]: sweep,
    [SWEEPER]: sweeper,
  };
}
