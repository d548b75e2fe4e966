import * as z from 'zod';
import { StoreError } from '../ports/errors.js';
import type { MoveLogEntry } from '../ports/game-store.js';
import { decodeDocument, encodeDocument } from './document-keys.js';
import { MOVE_LOG } from './tables.js';

/**
 * Logged moves as the games table's Pending list and the move-log table's pages store them: packed
 * (a list of fields, the player as their seat), with their args' map keys escaped (document-keys.ts),
 * and read back validated (a malformed item is a StoreError).
 */

export const decodedEntry = (entry: MoveLogEntry): MoveLogEntry => ({
  ...entry,
  args: decodeDocument(entry.args ?? null),
});

/**
 * A logged move as the match's Pending list and a log page store it: a list of its fields, the
 * player as their seat. Half the bytes of a map with the same fields (no attribute names, no
 * 46-character user id), and bytes are what decide how many moves share a write unit.
 */
export const packedEntrySchema = z.tuple([
  z.number(), // version
  z.number().int().nonnegative(), // seat
  z.number(), // seq
  z.string(), // moveId
  z.string(), // move
  z.unknown(), // args, map keys escaped (document-keys.ts)
  z.number(), // at
  z.string().optional(), // hash: the fingerprint of the match the step produced (absent in older pages)
]);

type PackedEntry = z.infer<typeof packedEntrySchema>;

export function packEntry(entry: MoveLogEntry, players: readonly string[]): PackedEntry {
  const seat = players.indexOf(entry.player);
  if (seat < 0) throw new StoreError(`move ${entry.moveId}: ${entry.player} holds no seat, so it cannot be logged`);
  const args = encodeDocument(entry.args ?? null);
  const { version, seq, moveId, move, at, hash } = entry;
  return hash === undefined
    ? [version, seat, seq, moveId, move, args, at]
    : [version, seat, seq, moveId, move, args, at, hash];
}

export function unpackEntries(id: string, packed: readonly PackedEntry[], players: readonly string[]): MoveLogEntry[] {
  return packed.map(([version, seat, seq, moveId, move, args, at, hash]) => {
    const player = players[seat];
    if (player === undefined) throw new StoreError(`logged move ${moveId} of ${id} names seat ${seat}, which is empty`);
    return { version, player, seq, moveId, move, args: decodeDocument(args ?? null), at, ...(hash && { hash }) };
  });
}

/**
 * A page of the move-log table: several consecutive moves in one item, keyed by the version of its
 * LAST move, with the seating they name. Keyed by the last, not the first: a page is a snapshot of
 * the match's pending moves, and two snapshots with the same last move are the same snapshot (the
 * pending list only ever grows until it is flushed), so a page is never overwritten with other
 * content, and a reader finds every page holding a version above `after` with one `Version > :after`.
 */
export const moveLogPageItem = (
  id: string,
  entries: readonly MoveLogEntry[],
  players: readonly string[],
): Record<string, unknown> => {
  const last = entries.at(-1);
  if (last === undefined) throw new StoreError(`match ${id}: a move-log page needs at least one move`);
  return {
    [MOVE_LOG.gameSessionId]: id,
    [MOVE_LOG.version]: last.version,
    [MOVE_LOG.players]: players,
    [MOVE_LOG.moves]: entries.map((entry) => packEntry(entry, players)),
  };
};

/** A page item as written by moveLogPageItem. */
const pageItemSchema = z.object({
  [MOVE_LOG.players]: z.array(z.string()),
  [MOVE_LOG.moves]: z.array(packedEntrySchema).min(1),
});

/** Before pages, each move was its own item (still read, so a log written then stays whole). */
const singleMoveItemSchema = z.object({
  [MOVE_LOG.version]: z.number(),
  [MOVE_LOG.player]: z.string(),
  [MOVE_LOG.seq]: z.number(),
  [MOVE_LOG.moveId]: z.string(),
  [MOVE_LOG.move]: z.string(),
  [MOVE_LOG.args]: z.unknown(),
  [MOVE_LOG.at]: z.number(),
});

/** The moves one item of the move-log table holds, oldest first: a page, or a single move written before pages. */
export function moveLogEntriesFrom(id: string, item: Record<string, unknown>): MoveLogEntry[] {
  const page = pageItemSchema.safeParse(item);
  if (page.success) return unpackEntries(id, page.data.Moves, page.data.Players);
  const single = singleMoveItemSchema.safeParse(item);
  if (!single.success) throw new StoreError(`malformed move-log item of ${id}: ${single.error.message}`);
  const row = single.data;
  return [
    decodedEntry({
      version: row.Version,
      player: row.Player,
      seq: row.Seq,
      moveId: row.MoveId,
      move: row.Move,
      args: row.Args ?? null,
      at: row.At,
    }),
  ];
}
