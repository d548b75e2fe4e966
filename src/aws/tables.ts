import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The two DynamoDB tables, defined once: tests create them from here and the CDK stack mirrors
 * these definitions (attribute names, key schema, indexes, TTL attribute).
 */

/** Attribute and index names of the connections table: the seed's table, plus a TTL. */
export const CONNECTIONS = {
  connectionId: 'ConnectionId',
  gameSessionId: 'GameSessionId',
  userId: 'UserId',
  connectedAt: 'ConnectedAt',
  /** Epoch seconds; DynamoDB's TTL deletes the row some time (up to days) after it. */
  expiresAt: 'ExpiresAt',
  byGameIndex: 'ByGameSessionId',
} as const;

/**
 * The seed's table: key ConnectionId, GSI ByGameSessionId with projection INCLUDE UserId, on-demand.
 * One deliberate addition: the index also projects ExpiresAt. TTL deletion lags by up to two days,
 * so fan-out must filter expired rows, and an index read can only filter on what it projects.
 * ExpiresAt never changes after the row is written, so projecting it adds no index writes.
 */
export function connectionsTable(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: CONNECTIONS.connectionId, AttributeType: 'S' },
      { AttributeName: CONNECTIONS.gameSessionId, AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: CONNECTIONS.connectionId, KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: CONNECTIONS.byGameIndex,
        KeySchema: [{ AttributeName: CONNECTIONS.gameSessionId, KeyType: 'HASH' }],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [CONNECTIONS.userId, CONNECTIONS.expiresAt] },
      },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  };
}

/** Attribute and index names of the games table. */
export const GAMES = {
  gameSessionId: 'GameSessionId',
  game: 'Game',
  status: 'Status',
  seats: 'Seats',
  players: 'Players',
  state: 'State',
  currentPlayer: 'CurrentPlayer',
  /** Who may act now, as seat numbers (short: a move often changes it). Absent on items from before it. */
  activeSeats: 'ActiveSeats',
  /** Seats whose players left the running match, in the order they left. Absent on items from before it. */
  leftSeats: 'LeftSeats',
  turn: 'Turn',
  /** Optimistic lock: every write is conditional on the version it read. */
  version: 'Version',
  result: 'Result',
  seed: 'Seed',
  randomState: 'RandomState',
  /** A timed match's clock (deadline, banks), a small map; absent for an untimed match. */
  clock: 'Clock',
  /** The match's bots: `{Seats: {seat index: bot name}, …}` (game-item.ts); absent for a match without bots. */
  bots: 'Bots',
  /** `true` on a quick-match table (engine Match `quickMatch`); absent on any other match. */
  quickMatch: 'QuickMatch',
  /**
   * Each seated player's move ledger (protocol/move-ledger.ts), a map keyed by seat index: `{settled,
   * recent}` with at most MOVE_WINDOW short entries, so it never grows with the match.
   */
  ledgers: 'Ledgers',
  /**
   * The applied moves not yet in the move-log table, oldest first (packed lists, game-item.ts). A
   * settlement appends its move, or first puts them all into the log as one page and starts the list
   * again (see dynamo-game-store.ts), so the list stays within the item's current write unit.
   */
  pending: 'Pending',
  /**
   * Connections opened in the last moments (connection id → connectedAt ms), written by `$connect`
   * and never by a move: how fan-out catches up with the connections index's lag (recent-connections.ts).
   */
  recent: 'Recent',
  /** Before Pending: the newest applied move alone. Still read (as a one-move Pending) and removed on the next move. */
  lastMove: 'LastMove',
  createdAt: 'CreatedAt',
  updatedAt: 'UpdatedAt',
  /**
   * An unlisted match's invite code (protocol/play.ts). Such a match keeps its creation time here
   * instead of in CreatedAt, so it is never in the ByStatus index the lobby lists from (sparse).
   */
  invite: 'Invite',
  unlistedCreatedAt: 'UnlistedCreatedAt',
  /** When the match was rated (dynamo-rating-store.ts): set once, in the transaction that writes the ratings. */
  ratedAt: 'RatedAt',
  /**
   * Epoch seconds. Matches written before the retention sweeps got it when they finished, so TTL clears
   * them; a match now ends by the sweeps (match-phase.ts), which take its log and seats with it.
   */
  expiresAt: 'ExpiresAt',
  byStatusIndex: 'ByStatus',
  /**
   * Where a match stands for the lobby and the retention sweeps (match-phase.ts): `open` (waiting),
   * `live` (running, or finished by a move and not yet seen by a sweep), `ended` (finished, seen).
   * Written by the lifecycle writes and the sweeps, never by a move.
   */
  phase: 'Phase',
  /** Epoch ms: since when the match is in its phase, as far as the sweeps need to know. */
  phaseAt: 'PhaseAt',
  /** A waiting match's lobby summary (match-phase.ts), projected into ByPhase; removed once it stops waiting. */
  open: 'Open',
  byPhaseIndex: 'ByPhase',
  /**
   * A seat item (one per player and match, beside the match item; see `seatKey`) names its player
   * and its match here, and takes CreatedAt for when the player sat down.
   */
  seatedUser: 'SeatedUser',
  seatOf: 'SeatOf',
  byPlayerIndex: 'ByPlayer',
  /**
   * A running timed match's bound on its earliest deadline (epoch ms), never later than the real one:
   * the sparse ByDeadline index (hash DueShard, range SweepAfter) is how the deadline sweep finds a
   * match whose timer was lost (dynamo-deadlines.ts). Absent once the match is over.
   */
  sweepAfter: 'SweepAfter',
  /** The match's shard of the ByDeadline index, 0 to DEADLINE_SHARDS - 1 (`deadlineShard`). */
  dueShard: 'DueShard',
  byDeadlineIndex: 'ByDeadline',
} as const;

/**
 * Shards of the ByDeadline index: its partition key spreads the running timed matches over this many
 * keys, so no index partition takes more than a share of their writes, and a sweep reads them with
 * this many Queries a minute (about 23,000 a day, each half a read unit when it finds nothing).
 */
export const DEADLINE_SHARDS = 8;

/** A match's ByDeadline shard: a stable hash of its id. */
export function deadlineShard(id: string): number {
  let hash = 0;
  for (let index = 0; index < id.length; index++) hash = (Math.imul(hash, 31) + id.charCodeAt(index)) >>> 0;
  return hash % DEADLINE_SHARDS;
}

/**
 * The key of the item recording that `userId` sits in `matchId`. Match ids are random URL-safe
 * strings (no `#`), so no match can have this key; `isSeatKey` keeps reads by match id off them.
 */
export const seatKey = (matchId: string, userId: string): string => `seat#${matchId}#${userId}`;
export const isSeatKey = (id: string): boolean => id.startsWith('seat#');

/**
 * Games table: key GameSessionId. The lobby lists matches newest first without a Scan through the
 * GSI ByStatus (hash Status, range CreatedAt), queried once per status and filtered by game.
 *
 * Why this index and not one keyed by game name: the store then needs no list of game names to
 * answer "every waiting match", and the query the lobby makes most (one status, one game) reads a
 * single partition. The projection is INCLUDE Game: Status, CreatedAt and Game change at most three
 * times in a match's life (created, started, finished), so moves, which rewrite State and Version,
 * cost no index writes at all. The price is a hot index key: one status partition takes about
 * 1,000 writes per second, i.e. 1,000 new matches per second, twice the account's default rate of
 * new WebSocket connections. Finished matches stay listed until TTL removes them.
 *
 * `GET /api/me/matches` reads the sparse GSI ByPlayer (hash SeatedUser, range CreatedAt, INCLUDE
 * SeatOf): only seat items carry SeatedUser, one put per player when they are seated, so a move
 * writes nothing to it and the match items are never in it. The matches themselves then come by
 * BatchGetItem. Why not a table of its own: the same items and one index would need one more table
 * name in every function, grant and test engine, for no difference in cost.
 *
 * The sparse GSI ByDeadline (hash DueShard, range SweepAfter, KEYS_ONLY) holds the running timed
 * matches, by a bound on their earliest deadline (`sweepAfter`): written when a match starts, when a
 * step brings its deadline before the bound (a bank running low), when the sweep finds the bound
 * behind the real deadline, and removed when it ends; never by a move that moves the deadline later,
 * which is nearly every move. See dynamo-deadlines.ts for what it costs.
 *
 * ByPhase (hash Phase, range PhaseAt, INCLUDE Open) serves the lobby's waiting matches and the
 * retention sweeps (match-phase.ts). Only lifecycle writes (create, join, start, a sweep) change its
 * keys or its one projected attribute, never a move, so it costs the move path nothing; a page of
 * waiting matches is one Query of small items with their summaries, no read of the matches. Its key
 * `open` takes the creates, joins and starts of every game: about 1,000 such writes a second, as
 * ByStatus's.
 */
export function gamesTable(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: GAMES.gameSessionId, AttributeType: 'S' },
      { AttributeName: GAMES.status, AttributeType: 'S' },
      { AttributeName: GAMES.createdAt, AttributeType: 'N' },
      { AttributeName: GAMES.seatedUser, AttributeType: 'S' },
      { AttributeName: GAMES.dueShard, AttributeType: 'N' },
      { AttributeName: GAMES.sweepAfter, AttributeType: 'N' },
      { AttributeName: GAMES.phase, AttributeType: 'S' },
      { AttributeName: GAMES.phaseAt, AttributeType: 'N' },
    ],
    KeySchema: [{ AttributeName: GAMES.gameSessionId, KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: GAMES.byStatusIndex,
        KeySchema: [
          { AttributeName: GAMES.status, KeyType: 'HASH' },
          { AttributeName: GAMES.createdAt, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [GAMES.game] },
      },
      {
        IndexName: GAMES.byPlayerIndex,
        KeySchema: [
          { AttributeName: GAMES.seatedUser, KeyType: 'HASH' },
          { AttributeName: GAMES.createdAt, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [GAMES.seatOf] },
      },
      {
        IndexName: GAMES.byDeadlineIndex,
        KeySchema: [
          { AttributeName: GAMES.dueShard, KeyType: 'HASH' },
          { AttributeName: GAMES.sweepAfter, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
      {
        IndexName: GAMES.byPhaseIndex,
        KeySchema: [
          { AttributeName: GAMES.phase, KeyType: 'HASH' },
          { AttributeName: GAMES.phaseAt, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [GAMES.open] },
      },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  };
}

/**
 * Attribute names of the move-log table: pages of consecutive moves, keyed by match and the version
 * of the page's last move. Items written before pages hold a single move in their own attributes.
 */
export const MOVE_LOG = {
  gameSessionId: 'GameSessionId',
  version: 'Version',
  /** A page's moves, oldest first, each a list `[version, seat, seq, moveId, move, args, at]` (game-item.ts). */
  moves: 'Moves',
  /** A page's seating: the user id of each seat its moves name. */
  players: 'Players',
  player: 'Player',
  seq: 'Seq',
  moveId: 'MoveId',
  move: 'Move',
  args: 'Args',
  at: 'At',
} as const;

/**
 * The move log: hash GameSessionId, range Version (a page's last move), so the pages holding moves
 * after `after` are one Query (`Version > :after`, in version order), and a page is written
 * idempotently (the same key, the same content). Items never grow: a match of any length is many
 * pages of about a kilobyte.
 */
export function moveLogTable(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: MOVE_LOG.gameSessionId, AttributeType: 'S' },
      { AttributeName: MOVE_LOG.version, AttributeType: 'N' },
    ],
    KeySchema: [
      { AttributeName: MOVE_LOG.gameSessionId, KeyType: 'HASH' },
      { AttributeName: MOVE_LOG.version, KeyType: 'RANGE' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  };
}

/** TTL is not part of CreateTable: apply with UpdateTimeToLive (or the CDK's timeToLiveAttribute). */
export const TIME_TO_LIVE_ATTRIBUTE = 'ExpiresAt';
