import * as z from 'zod';
import type { Match } from '../engine/index.js';
import { StoreError } from '../ports/errors.js';
import type { MoveLogEntry, StoredMatch } from '../ports/game-store.js';
import { matchClockSchema } from '../protocol/clock.js';
import { gameResultSchema, matchStatusSchema } from '../protocol/lobby.js';
import { type MoveLedger, moveLedgerSchema } from '../protocol/move-ledger.js';
import { moveLogEntrySchema } from '../protocol/move-log.js';
import { decodeDocument, encodeDocument } from './document-keys.js';
import { GAMES, MOVE_LOG } from './tables.js';

/**
 * How a stored match maps to a games-table item, and back (validated: a malformed item is a
 * StoreError). State and move arguments are stored with their map keys escaped (document-keys.ts).
 */

/** A move log entry as the match item's LastMove holds it: args with their map keys escaped. */
export const storedLogEntry = (entry: MoveLogEntry): MoveLogEntry => ({ ...entry, args: encodeDocument(entry.args) });

/** A move log entry as its own item of the move-log table. */
export const moveLogItem = (id: string, entry: MoveLogEntry): Record<string, unknown> => ({
  [MOVE_LOG.gameSessionId]: id,
  [MOVE_LOG.version]: entry.version,
  [MOVE_LOG.player]: entry.player,
  [MOVE_LOG.seq]: entry.seq,
  [MOVE_LOG.moveId]: entry.moveId,
  [MOVE_LOG.move]: entry.move,
  [MOVE_LOG.args]: encodeDocument(entry.args ?? null),
  [MOVE_LOG.at]: entry.at,
});

const moveLogItemSchema = z.object({
  [MOVE_LOG.version]: z.number(),
  [MOVE_LOG.player]: z.string(),
  [MOVE_LOG.seq]: z.number(),
  [MOVE_LOG.moveId]: z.string(),
  [MOVE_LOG.move]: z.string(),
  [MOVE_LOG.args]: z.unknown(),
  [MOVE_LOG.at]: z.number(),
});

export function moveLogEntryFrom(id: string, item: Record<string, unknown>): MoveLogEntry {
  const parsed = moveLogItemSchema.safeParse(item);
  if (!parsed.success) throw new StoreError(`malformed move-log item of ${id}: ${parsed.error.message}`);
  const row = parsed.data;
  return {
    version: row.Version,
    player: row.Player,
    seq: row.Seq,
    moveId: row.MoveId,
    move: row.Move,
    args: decodeDocument(row.Args ?? null),
    at: row.At,
  };
}

/** The match's fields that are top-level attributes, besides State which is diffed path by path. */
export const MATCH_ATTRIBUTES = [
  ['game', GAMES.game],
  ['status', GAMES.status],
  ['seats', GAMES.seats],
  ['players', GAMES.players],
  ['currentPlayer', GAMES.currentPlayer],
  ['turn', GAMES.turn],
  ['version', GAMES.version],
  ['result', GAMES.result],
  ['seed', GAMES.seed],
  ['randomState', GAMES.randomState],
  ['clock', GAMES.clock],
] as const satisfies readonly (readonly [Exclude<keyof Match, 'state'>, string])[];

/** Every attribute a match read needs. */
export const MATCH_READ_ATTRIBUTES = [
  GAMES.gameSessionId,
  GAMES.state,
  GAMES.ledgers,
  GAMES.lastMove,
  GAMES.createdAt,
  GAMES.updatedAt,
  ...MATCH_ATTRIBUTES.map(([, attribute]) => attribute),
];

/** A new match's item; `encodedState` when the caller has encoded the state already. */
export function matchItem(
  id: string,
  match: Match,
  now: number,
  encodedState: unknown = encodeDocument(match.state),
): Record<string, unknown> {
  const item: Record<string, unknown> = {
    [GAMES.gameSessionId]: id,
    [GAMES.state]: encodedState,
    [GAMES.ledgers]: {},
    [GAMES.createdAt]: now,
    [GAMES.updatedAt]: now,
  };
  for (const [field, attribute] of MATCH_ATTRIBUTES) item[attribute] = match[field];
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
  [GAMES.turn]: z.number(),
  [GAMES.version]: z.number(),
  [GAMES.result]: gameResultSchema.nullable(),
  [GAMES.seed]: z.string(),
  [GAMES.randomState]: z.number(),
  [GAMES.clock]: matchClockSchema.optional(),
  [GAMES.ledgers]: z.record(z.string(), moveLedgerSchema).default({}),
  [GAMES.lastMove]: moveLogEntrySchema.optional(),
  [GAMES.createdAt]: z.number(),
  [GAMES.updatedAt]: z.number(),
});

export function storedMatchFrom(item: Record<string, unknown>): StoredMatch {
  const parsed = itemSchema.safeParse(item);
  if (!parsed.success) {
    throw new StoreError(`malformed games item ${String(item[GAMES.gameSessionId])}: ${parsed.error.message}`);
  }
  const row = parsed.data;
  const match: Match = {
    game: row.Game,
    status: row.Status,
    seats: row.Seats,
    players: row.Players,
    state: decodeDocument(row.State ?? null),
    currentPlayer: row.CurrentPlayer,
    turn: row.Turn,
    version: row.Version,
    result: row.Result,
    seed: row.Seed,
    randomState: row.RandomState,
    ...(row.Clock && { clock: row.Clock }),
  };
  return {
    id: row.GameSessionId,
    match,
    ledgers: ledgersBySeat(row.Ledgers, row.Players),
    ...(row.LastMove ? { lastMove: decodedEntry(row.LastMove) } : {}),
    createdAt: row.CreatedAt,
    updatedAt: row.UpdatedAt,
  };
}

const decodedEntry = (entry: MoveLogEntry): MoveLogEntry => ({ ...entry, args: decodeDocument(entry.args ?? null) });

/** The newest applied move a games item holds, read on its own (the log reader needs only it). */
export function lastMoveFrom(id: string, item: Record<string, unknown>): MoveLogEntry | undefined {
  if (item[GAMES.lastMove] === undefined) return undefined;
  const parsed = moveLogEntrySchema.safeParse(item[GAMES.lastMove]);
  if (!parsed.success) throw new StoreError(`malformed LastMove of ${id}: ${parsed.error.message}`);
  return decodedEntry(parsed.data);
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
