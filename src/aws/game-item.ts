import * as z from 'zod';
import type { Match } from '../engine/index.js';
import { StoreError } from '../ports/errors.js';
import type { MoveLogEntry, StoredMatch } from '../ports/game-store.js';
import { moveLogEntrySchema } from '../protocol/move-log.js';
import { decodeDocument, encodeDocument } from './document-keys.js';
import { GAMES } from './tables.js';

/**
 * How a stored match maps to a games-table item, and back (validated: a malformed item is a
 * StoreError). State and move arguments are stored with their map keys escaped (document-keys.ts).
 */

/** A move log entry as stored. */
export const storedLogEntry = (entry: MoveLogEntry): MoveLogEntry => ({ ...entry, args: encodeDocument(entry.args) });

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
] as const satisfies readonly (readonly [Exclude<keyof Match, 'state'>, string])[];

/** Every attribute a match read needs: all but the move log, which only the inspector reads. */
export const MATCH_READ_ATTRIBUTES = [
  GAMES.gameSessionId,
  GAMES.state,
  GAMES.appliedMoves,
  GAMES.createdAt,
  GAMES.updatedAt,
  ...MATCH_ATTRIBUTES.map(([, attribute]) => attribute),
];

export function matchItem(id: string, match: Match, now: number): Record<string, unknown> {
  const item: Record<string, unknown> = {
    [GAMES.gameSessionId]: id,
    [GAMES.state]: encodeDocument(match.state),
    [GAMES.appliedMoves]: [],
    [GAMES.moves]: [],
    [GAMES.createdAt]: now,
    [GAMES.updatedAt]: now,
  };
  for (const [field, attribute] of MATCH_ATTRIBUTES) item[attribute] = match[field];
  return item;
}

const resultSchema = z.union([z.object({ winners: z.array(z.string()) }), z.object({ draw: z.literal(true) })]);

const itemSchema = z.object({
  [GAMES.gameSessionId]: z.string(),
  [GAMES.game]: z.string(),
  [GAMES.status]: z.enum(['waiting', 'running', 'finished']),
  [GAMES.seats]: z.number(),
  [GAMES.players]: z.array(z.string()),
  [GAMES.state]: z.unknown(),
  [GAMES.currentPlayer]: z.string().nullable(),
  [GAMES.turn]: z.number(),
  [GAMES.version]: z.number(),
  [GAMES.result]: resultSchema.nullable(),
  [GAMES.seed]: z.string(),
  [GAMES.randomState]: z.number(),
  [GAMES.appliedMoves]: z.array(z.string()).default([]),
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
  };
  return {
    id: row.GameSessionId,
    match,
    appliedMoves: row.AppliedMoves,
    createdAt: row.CreatedAt,
    updatedAt: row.UpdatedAt,
  };
}

const moveLogSchema = z.array(moveLogEntrySchema);

export function moveLogFrom(id: string, value: unknown): readonly MoveLogEntry[] {
  const parsed = moveLogSchema.safeParse(value ?? []);
  if (!parsed.success) throw new StoreError(`malformed move log of ${id}: ${parsed.error.message}`);
  return parsed.data.map((entry) => ({ ...entry, args: decodeDocument(entry.args) }));
}
