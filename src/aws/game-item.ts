import * as z from 'zod';
import { type Match, upgradeMatch } from '../engine/index.js';
import { dueDeadline } from '../ports/deadlines.js';
import { StoreError } from '../ports/errors.js';
import type { MoveLogEntry, StoredMatch } from '../ports/game-store.js';
import { matchClockSchema } from '../protocol/clock.js';
import { gameResultSchema, matchStatusSchema } from '../protocol/lobby.js';
import { type MoveLedger, moveLedgerSchema } from '../protocol/move-ledger.js';
import { moveLogEntrySchema } from '../protocol/move-log.js';
import { decodeDocument, encodeDocument } from './document-keys.js';
import { itemBytes } from './item-size.js';
import { decodedEntry, packedEntrySchema, unpackEntries } from './packed-moves.js';
import { deadlineShard, GAMES } from './tables.js';

/**
 * How a stored match maps to a games-table item, and back (validated: a malformed item is a
 * StoreError). State and move arguments are stored with their map keys escaped (document-keys.ts);
 * the pending moves packed as packed-moves.ts packs them.
 */

/** The match's fields that are top-level attributes, besides State which is diffed path by path. */
export const MATCH_ATTRIBUTES = [
  ['game', GAMES.game],
  ['status', GAMES.status],
  ['seats', GAMES.seats],
  ['players', GAMES.players],
  ['currentPlayer', GAMES.currentPlayer],
  ['activePlayers', GAMES.activeSeats],
  ['left', GAMES.leftSeats],
  ['turn', GAMES.turn],
  ['version', GAMES.version],
  ['result', GAMES.result],
  ['seed', GAMES.seed],
  ['randomState', GAMES.randomState],
  ['clock', GAMES.clock],
  ['bots', GAMES.bots],
  ['quickMatch', GAMES.quickMatch],
] as const satisfies readonly (readonly [Exclude<keyof Match, 'state'>, string])[];

/**
 * A match field as its attribute stores it: who may act and who left as seat numbers (a user id may
 * be 46 characters; a seat is one digit, and bytes decide the write units a move costs).
 */
export function storedValue(match: Match, field: (typeof MATCH_ATTRIBUTES)[number][0]): unknown {
  const seatOf = (player: string) => {
    const seat = match.players.indexOf(player);
    if (seat < 0) throw new StoreError(`${field} names ${player}, who holds no seat`);
    return seat;
  };
  if (field === 'bots') {
    // Bot seats by seat index too: user ids are map keys DynamoDB would have to escape, and long.
    const bots = match.bots;
    return (
      bots && { ...bots, seats: Object.fromEntries(Object.entries(bots.seats).map(([p, bot]) => [seatOf(p), bot])) }
    );
  }
  if (field !== 'activePlayers' && field !== 'left') return match[field];
  return match[field].map(seatOf);
}

/** Attributes of a games item that no match write sets (see `untouchedBytes`). */
const UNTOUCHED_ATTRIBUTES = [GAMES.recent, GAMES.phase, GAMES.phaseAt, GAMES.open];

/** Every attribute a match read needs: the match, and what its writes must count toward their units. */
export const MATCH_READ_ATTRIBUTES = [
  GAMES.gameSessionId,
  GAMES.state,
  GAMES.ledgers,
  GAMES.pending,
  GAMES.lastMove,
  GAMES.recent,
  GAMES.phase,
  GAMES.phaseAt,
  GAMES.createdAt,
  GAMES.updatedAt,
  GAMES.invite,
  GAMES.unlistedCreatedAt,
  ...MATCH_ATTRIBUTES.map(([, attribute]) => attribute),
];

/**
 * The ByDeadline index's attributes for a match as `match` stands (tables.ts `sweepAfter`): set to its
 * earliest deadline when it runs with one and the bound `held` is missing or later than that, removed
 * when it runs with none or is over, else left alone (undefined): the bound may lag behind a deadline
 * that moved later, never ahead of one that moved sooner.
 */
export function deadlineBound(
  id: string,
  match: Match,
  held: number | undefined,
): { readonly sweepAfter: number; readonly dueShard: number } | 'remove' | undefined {
  const deadline = dueDeadline(match);
  if (deadline === null) return held === undefined ? undefined : 'remove';
  if (held !== undefined && held <= deadline) return undefined;
  return { sweepAfter: deadline, dueShard: deadlineShard(id) };
}

/**
 * A new match's item; `encodedState` when the caller has encoded the state already. An unlisted
 * match (`invite`) keeps its creation time out of CreatedAt, and so out of the lobby's index.
 */
export function matchItem(
  id: string,
  match: Match,
  now: number,
  encodedState: unknown = encodeDocument(match.state),
  invite?: string,
): Record<string, unknown> {
  const item: Record<string, unknown> = {
    [GAMES.gameSessionId]: id,
    [GAMES.state]: encodedState,
    [GAMES.ledgers]: {},
    ...(invite === undefined ? { [GAMES.createdAt]: now } : { [GAMES.unlistedCreatedAt]: now, [GAMES.invite]: invite }),
    [GAMES.updatedAt]: now,
  };
  for (const [field, attribute] of MATCH_ATTRIBUTES) item[attribute] = storedValue(match, field);
  return item;
}

const itemSchema = z.object({
  [GAMES.gameSessionId]: z.string(),
  [GAMES.game]: z.string(),
  [GAMES.status]: matchStatusSchema,
  [GAMES.seats]: z.number(),
  [GAMES.players]: z.array(z.string()),
  [GAMES.state]: z.unknown(),
  [GAMES.currentPlayer]: z.string().nullable(),
  [GAMES.activeSeats]: z.array(z.number().int().nonnegative()).optional(),
  [GAMES.leftSeats]: z.array(z.number().int().nonnegative()).optional(),
  [GAMES.turn]: z.number(),
  [GAMES.version]: z.number(),
  [GAMES.result]: gameResultSchema.nullable(),
  [GAMES.seed]: z.string(),
  [GAMES.randomState]: z.number(),
  // `running` without a default: a clock stored before it existed is upgraded from its one turn (upgradeMatch).
  [GAMES.clock]: matchClockSchema.extend({ running: matchClockSchema.shape.running.unwrap().optional() }).optional(),
  [GAMES.bots]: z
    .object({
      seats: z.record(z.string(), z.string()),
      onTimeout: z.string().optional(),
      replaceLeavers: z.string().optional(),
    })
    .optional(),
  [GAMES.quickMatch]: z.literal(true).optional(),
  [GAMES.ledgers]: z.record(z.string(), moveLedgerSchema).default({}),
  [GAMES.pending]: z.array(packedEntrySchema).optional(),
  [GAMES.lastMove]: moveLogEntrySchema.optional(),
  [GAMES.createdAt]: z.number().optional(),
  [GAMES.unlistedCreatedAt]: z.number().optional(),
  [GAMES.invite]: z.string().optional(),
  [GAMES.updatedAt]: z.number(),
});

/**
 * A games item as the port's StoredMatch, and the moves it holds that are not in the move-log table
 * yet (oldest first; the newest is the port's `lastMove`). An item written before Pending existed
 * holds its newest move as LastMove: it counts as pending, and flushing it again is harmless.
 */
export function matchRecordFrom(item: Record<string, unknown>): {
  readonly stored: StoredMatch;
  readonly pending: readonly MoveLogEntry[];
  /**
   * What the item holds that no match write sets, but each pays for: its recent connections, and its
   * phase (match-phase.ts), which only lifecycle writes and the sweeps change.
   */
  readonly untouchedBytes: number;
  /** The item's bound on its earliest deadline (tables.ts `sweepAfter`), if it has one. */
  readonly sweepAfter?: number;
} {
  const parsed = itemSchema.safeParse(item);
  if (!parsed.success) {
    throw new StoreError(`malformed games item ${String(item[GAMES.gameSessionId])}: ${parsed.error.message}`);
  }
  const row = parsed.data;
  const createdAt = row.CreatedAt ?? row.UnlistedCreatedAt;
  if (createdAt === undefined) throw new StoreError(`malformed games item ${row.GameSessionId}: no creation time`);
  const bySeat = (seats: readonly number[] | undefined) => seats && playersAt(row.GameSessionId, row.Players, seats);
  const record = {
    game: row.Game,
    status: row.Status,
    seats: row.Seats,
    players: row.Players,
    state: decodeDocument(row.State ?? null),
    currentPlayer: row.CurrentPlayer,
    activePlayers: bySeat(row.ActiveSeats),
    left: bySeat(row.LeftSeats),
    turn: row.Turn,
    version: row.Version,
    result: row.Result,
    seed: row.Seed,
    randomState: row.RandomState,
    ...(row.Clock && { clock: row.Clock }),
    ...(row.Bots && { bots: { ...row.Bots, seats: botSeatsFrom(row.GameSessionId, row.Players, row.Bots.seats) } }),
    ...(row.QuickMatch && { quickMatch: row.QuickMatch }),
  };
  const match = upgradeMatch(record as Match);
  const pending = pendingOf(row.GameSessionId, row);
  const lastMove = pending.at(-1);
  const stored: StoredMatch = {
    id: row.GameSessionId,
    match,
    ledgers: ledgersBySeat(row.Ledgers, row.Players),
    ...(lastMove ? { lastMove } : {}),
    createdAt,
    updatedAt: row.UpdatedAt,
    ...(row.Invite === undefined ? {} : { invite: row.Invite }),
  };
  const untouched = Object.fromEntries(
    UNTOUCHED_ATTRIBUTES.flatMap((name) => (name in item ? [[name, item[name]]] : [])),
  );
  const sweepAfter = item[GAMES.sweepAfter];
  return {
    stored,
    pending,
    untouchedBytes: itemBytes(untouched),
    ...(typeof sweepAfter === 'number' ? { sweepAfter } : {}),
  };
}

export const storedMatchFrom = (item: Record<string, unknown>): StoredMatch => matchRecordFrom(item).stored;

/** Bot seats as the item keeps them (by seat index) back to the match's (by player id). */
function botSeatsFrom(id: string, players: readonly string[], bySeat: Record<string, string>): Record<string, string> {
  const seats = Object.keys(bySeat).map(Number);
  // fromEntries defines own properties: a user id such as `__proto__` stays a plain key.
  return Object.fromEntries(
    playersAt(id, players, seats).map((player, index) => [player, bySeat[String(seats[index])] as string]),
  );
}

function playersAt(id: string, players: readonly string[], seats: readonly number[]): string[] {
  return seats.map((seat) => {
    const player = players[seat];
    if (player === undefined) throw new StoreError(`games item ${id} names seat ${seat}, which is empty`);
    return player;
  });
}

const pendingSchema = z.object({
  [GAMES.players]: z.array(z.string()),
  [GAMES.pending]: z.array(packedEntrySchema).optional(),
  [GAMES.lastMove]: moveLogEntrySchema.optional(),
});

const pendingOf = (id: string, row: z.infer<typeof pendingSchema>): MoveLogEntry[] =>
  row.Pending ? unpackEntries(id, row.Pending, row.Players) : row.LastMove ? [decodedEntry(row.LastMove)] : [];

/** The attributes `pendingMovesFrom` reads. */
export const PENDING_ATTRIBUTES = [GAMES.players, GAMES.pending, GAMES.lastMove];

/** The pending moves of a games item read on its own (the log reader reads only them and the version). */
export function pendingMovesFrom(id: string, item: Record<string, unknown>): MoveLogEntry[] {
  const parsed = pendingSchema.safeParse(item);
  if (!parsed.success) throw new StoreError(`malformed pending moves of ${id}: ${parsed.error.message}`);
  return pendingOf(id, parsed.data);
}

/**
 * Ledgers are stored by seat index (`"0"`, `"1"`…): short map keys, and a write names one seat's
 * path. The port speaks of players, so they are mapped through the seating order.
 */
function ledgersBySeat(bySeat: Record<string, MoveLedger>, players: readonly string[]): StoredMatch['ledgers'] {
  // fromEntries defines own properties: a user id such as `__proto__` stays a plain key.
  return Object.fromEntries(
    Object.entries(bySeat).flatMap(([seat, ledger]) => {
      const player = players[Number(seat)];
      return player === undefined ? [] : [[player, ledger] as const];
    }),
  );
}
