import { StoreError } from '../ports/errors.js';
import type { MatchUpdate, MoveLogEntry, RefusalChange, StoredMatch } from '../ports/game-store.js';
import { encodeDocument } from './document-keys.js';
import { marshall } from './dynamo-support.js';
import { deadlineBound, MATCH_ATTRIBUTES, matchItem, storedValue } from './game-item.js';
import { attributeValueBytes, MAX_ITEM_BYTES, MAX_NESTING_DEPTH, measureItem, utf8Bytes } from './item-size.js';
import { phaseChange } from './match-phase.js';
import { packEntry } from './packed-moves.js';
import { GAMES } from './tables.js';
import { buildAttributeUpdate, jsonEqual } from './update-expression.js';

/**
 * One accepted change of a match as UpdateItem parameters: the seed's "UpdateItem, not PutItem, with
 * an expression built from the changed parts only". Pure, so it can be read and tested on its own.
 */

/** DynamoDB bills a write one unit per started kilobyte of the larger of the item before and after. */
export const WRITE_UNIT_BYTES = 1024;
const writeUnits = (bytes: number) => Math.ceil(bytes / WRITE_UNIT_BYTES);

/**
 * At most this many moves wait in the match item, whatever their size: a bound on what one page and
 * one read of the item carry, far above what fits in a write unit's slack with real ids.
 */
export const MAX_PENDING_MOVES = 64;

/** One change as a write: the UpdateItem parameters, and the log page to put first, if any. */
export interface MatchWrite {
  readonly request: ReturnType<typeof updateParameters>;
  /** The pending moves to put into the move log as one page before the match lets go of them. */
  readonly page?: readonly MoveLogEntry[];
}

/**
 * The write for one change, or undefined when nothing changed (no write at all). State is diffed
 * path by path; the other fields are small and written whole when they change. An item DynamoDB
 * would refuse is refused here first, with a StoreError naming the match. `pending` are the moves
 * the item read holds that are not in the log table yet (game-item.ts `matchRecordFrom`). Every
 * write also answers the item's recent connections (recent-connections.ts).
 */
export function updateRequest(
  previous: StoredMatch,
  change: MatchUpdate,
  pending: readonly MoveLogEntry[],
  /** Bytes the item holds that no match write sets (its recent connections), counted toward its units. */
  untouchedBytes = 0,
  /** The item's bound on its earliest deadline, as read (game-item.ts `deadlineBound`). */
  sweepAfter?: number,
): MatchWrite | undefined {
  const before = previous.match;
  const { next, settled, now } = change;
  // Each state is encoded once; the diff, the size check and the request all use these copies.
  const nextState = encodeDocument(next.state);
  const fragment = buildAttributeUpdate(encodeDocument(before.state), nextState, GAMES.state, { prefix: 's' });
  const changedFields = MATCH_ATTRIBUTES.filter(([field]) => !jsonEqual(before[field], next[field]));
  if (fragment.mode === 'none' && changedFields.length === 0 && !settled) return undefined;
  const ledgers = settled ? { ...previous.ledgers, [settled.player]: settled.ledger } : previous.ledgers;
  // Measured as stored, by seat (game-item.ts): keyed by user id, each ledger would count ~45 bytes
  // too many, and the pending moves would leave a tenth of the write unit unused.
  const ledgersBySeat = Object.fromEntries(
    Object.entries(ledgers).map(([player, ledger]) => [String(next.players.indexOf(player)), ledger]),
  );
  const base = { ...matchItem(previous.id, next, now, nextState), [GAMES.ledgers]: ledgersBySeat };
  const baseBytes = measureItem(base).bytes + untouchedBytes;
  const log = settled?.entry ? nextPending(baseBytes, pending, settled.entry, next.players) : { pending };
  const storedPending = log.pending.map((entry) => packEntry(entry, next.players));
  assertFits(previous.id, { ...base, [GAMES.pending]: storedPending });
  const request = updateParameters(previous, change, {
    fragment,
    changedFields,
    pending: settled?.entry && storedPending,
    deadline: deadlineBound(previous.id, next, sweepAfter),
  });
  return log.page ? { request, page: log.page } : { request };
}

/**
 * Where a settlement's new move goes: onto the pending list, or, when appending would take the
 * match's write into another write unit (or past MAX_PENDING_MOVES), into a fresh list after the
 * pending ones are put into the log as one page. So the match write costs what it would with one
 * pending move, and a page carries as many moves as the item's slack below its unit boundary holds.
 */
export function nextPending(
  baseBytes: number,
  pending: readonly MoveLogEntry[],
  entry: MoveLogEntry,
  players: readonly string[],
): { readonly pending: readonly MoveLogEntry[]; readonly page?: readonly MoveLogEntry[] } {
  const appended = [...pending, entry];
  if (pending.length === 0) return { pending: appended };
  const withAppended = baseBytes + pendingBytes(appended, players);
  const withFlushed = baseBytes + pendingBytes([entry], players);
  if (appended.length <= MAX_PENDING_MOVES && writeUnits(withAppended) <= writeUnits(withFlushed)) {
    return { pending: appended };
  }
  return { pending: [entry], page: pending };
}

/** The bytes the Pending attribute adds to the item. */
export const pendingBytes = (entries: readonly MoveLogEntry[], players: readonly string[]): number =>
  utf8Bytes(GAMES.pending) + attributeValueBytes(entries.map((entry) => packEntry(entry, players)));

function updateParameters(
  previous: StoredMatch,
  change: MatchUpdate,
  parts: {
    readonly fragment: ReturnType<typeof buildAttributeUpdate>;
    readonly changedFields: (typeof MATCH_ATTRIBUTES)[number][];
    /** The whole new pending list (packed), when this change applied a move. */
    readonly pending: readonly unknown[] | undefined;
    readonly deadline: ReturnType<typeof deadlineBound>;
  },
) {
  const before = previous.match;
  const { next, settled, now } = change;
  const { fragment, changedFields } = parts;
  const names: Record<string, string> = { '#version': GAMES.version, '#updatedAt': GAMES.updatedAt };
  const values: Record<string, unknown> = { ':expected': before.version, ':updatedAt': now };
  const set = ['#updatedAt = :updatedAt'];
  const remove: string[] = [];
  const assign = (attribute: string, value: unknown, expression?: string) => {
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
    set.push(`#${attribute} = ${expression ?? `:${attribute}`}`);
  };

  for (const [field, attribute] of changedFields) assign(attribute, storedValue(next, field));
  if (fragment.mode !== 'none') {
    Object.assign(names, fragment.names);
    Object.assign(values, fragment.values);
    set.push(...fragment.set);
    remove.push(...fragment.remove);
  }
  // The lobby's and the sweeps' view of the match: only lifecycle writes change it (match-phase.ts).
  // A finished match gets no TTL: the retention sweeps delete it with its log and seats.
  const phase = phaseChange(before, next, {
    createdAt: previous.createdAt,
    now,
    unlisted: previous.invite !== undefined,
  });
  for (const [attribute, value] of Object.entries(phase.set)) assign(attribute, value);
  for (const attribute of phase.remove) {
    names[`#${attribute}`] = attribute;
    remove.push(`#${attribute}`);
  }
  if (settled) {
    const seat = next.players.indexOf(settled.player);
    if (seat < 0) throw new StoreError(`match ${previous.id}: ${settled.player} holds no seat, so has no ledger`);
    names['#ledgers'] = GAMES.ledgers;
    names['#seat'] = String(seat);
    values[':ledger'] = settled.ledger;
    set.push('#ledgers.#seat = :ledger');
  }
  if (parts.deadline === 'remove') {
    names['#sweepAfter'] = GAMES.sweepAfter;
    remove.push('#sweepAfter');
  } else if (parts.deadline !== undefined) {
    assign(GAMES.sweepAfter, parts.deadline.sweepAfter);
    assign(GAMES.dueShard, parts.deadline.dueShard);
  }
  if (parts.pending) {
    assign(GAMES.pending, parts.pending);
    // An item from before Pending kept its newest move here; Pending holds it now.
    names['#lastMove'] = GAMES.lastMove;
    remove.push('#lastMove');
  }
  // A no-op that makes the write answer the match's recent connections as of this very write, which
  // the fan-out after it needs (recent-connections.ts); UPDATED_NEW answers only what the SET names.
  names['#recent'] = GAMES.recent;
  values[':noRecent'] = {};
  set.push('#recent = if_not_exists(#recent, :noRecent)');
  const clauses = [`SET ${set.join(', ')}`, ...(remove.length > 0 ? [`REMOVE ${remove.join(', ')}`] : [])];
  return {
    UpdateExpression: clauses.join(' '),
    ConditionExpression: '#version = :expected',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: marshall(values),
    ReturnValues: 'UPDATED_NEW' as const,
  };
}

/**
 * A refusal's write (GameStore `settleRefusal`): the sender's ledger by seat, nothing else, on the
 * version read and on the sender's ledger as read (its `settled`, or its absence).
 */
export function refusalRequest(previous: StoredMatch, refusal: RefusalChange) {
  const seat = previous.match.players.indexOf(refusal.player);
  if (seat < 0) throw new StoreError(`match ${previous.id}: ${refusal.player} holds no seat, so has no ledger`);
  const before = Object.hasOwn(previous.ledgers, refusal.player) ? previous.ledgers[refusal.player] : undefined;
  const names: Record<string, string> = { '#version': GAMES.version, '#ledgers': GAMES.ledgers, '#seat': String(seat) };
  const values: Record<string, unknown> = { ':expected': previous.match.version, ':ledger': refusal.ledger };
  let ledgerAsRead = 'attribute_not_exists(#ledgers.#seat)';
  if (before !== undefined) {
    names['#settled'] = 'settled';
    values[':settled'] = before.settled;
    ledgerAsRead = '#ledgers.#seat.#settled = :settled';
  }
  return {
    UpdateExpression: 'SET #ledgers.#seat = :ledger',
    ConditionExpression: `#version = :expected AND ${ledgerAsRead}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: marshall(values),
  };
}

/**
 * Refuses an item DynamoDB would refuse, before sending it, with a message that says which match
 * and why (DynamoDB's own ValidationException names neither).
 */
export function assertFits(id: string, item: Record<string, unknown>): void {
  const { bytes, depth } = measureItem(item);
  if (bytes > MAX_ITEM_BYTES) throw new StoreError(`match ${id} is ${bytes} bytes, over DynamoDB's 400 KB item limit`);
  // The item itself is one level: its attributes may nest one level less than the limit.
  if (depth > MAX_NESTING_DEPTH) {
    throw new StoreError(`match ${id} nests deeper than DynamoDB's ${MAX_NESTING_DEPTH} levels`);
  }
}
