import { StoreError } from '../ports/errors.js';
import type { MatchUpdate, StoredMatch } from '../ports/game-store.js';
import { encodeDocument } from './document-keys.js';
import { marshall } from './dynamo-support.js';
import { MATCH_ATTRIBUTES, matchItem, storedLogEntry } from './game-item.js';
import { MAX_ITEM_BYTES, MAX_NESTING_DEPTH, measureItem } from './item-size.js';
import { FINISHED_MATCH_TTL_SECONDS, GAMES } from './tables.js';
import { buildAttributeUpdate, jsonEqual } from './update-expression.js';

/**
 * One accepted change of a match as UpdateItem parameters: the seed's "UpdateItem, not PutItem, with
 * an expression built from the changed parts only". Pure, so it can be read and tested on its own.
 */

/**
 * The UpdateItem parameters for one change, or undefined when nothing changed (no write at all).
 * State is diffed path by path; the other fields are small and written whole when they change. An
 * item DynamoDB would refuse is refused here first, with a StoreError naming the match.
 */
export function updateRequest(previous: StoredMatch, change: MatchUpdate) {
  const before = previous.match;
  const { next, settled, now } = change;
  // Each state is encoded once; the diff, the size check and the request all use these copies.
  const nextState = encodeDocument(next.state);
  const fragment = buildAttributeUpdate(encodeDocument(before.state), nextState, GAMES.state, { prefix: 's' });
  const changedFields = MATCH_ATTRIBUTES.filter(([field]) => !jsonEqual(before[field], next[field]));
  if (fragment.mode === 'none' && changedFields.length === 0 && !settled) return undefined;
  const ledgers = settled ? { ...previous.ledgers, [settled.player]: settled.ledger } : previous.ledgers;
  assertFits(previous.id, {
    ...matchItem(previous.id, next, now, nextState),
    [GAMES.ledgers]: ledgers,
    [GAMES.lastMove]: settled?.entry ?? previous.lastMove,
  });

  const names: Record<string, string> = { '#version': GAMES.version, '#updatedAt': GAMES.updatedAt };
  const values: Record<string, unknown> = { ':expected': before.version, ':updatedAt': now };
  const set = ['#updatedAt = :updatedAt'];
  const remove: string[] = [];
  const assign = (attribute: string, value: unknown, expression?: string) => {
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
    set.push(`#${attribute} = ${expression ?? `:${attribute}`}`);
  };

  for (const [field, attribute] of changedFields) assign(attribute, next[field]);
  if (fragment.mode !== 'none') {
    Object.assign(names, fragment.names);
    Object.assign(values, fragment.values);
    set.push(...fragment.set);
    remove.push(...fragment.remove);
  }
  if (next.status === 'finished' && before.status !== 'finished') {
    assign(GAMES.expiresAt, Math.floor(now / 1000) + FINISHED_MATCH_TTL_SECONDS);
  }
  if (settled) {
    const seat = next.players.indexOf(settled.player);
    if (seat < 0) throw new StoreError(`match ${previous.id}: ${settled.player} holds no seat, so has no ledger`);
    names['#ledgers'] = GAMES.ledgers;
    names['#seat'] = String(seat);
    values[':ledger'] = settled.ledger;
    set.push('#ledgers.#seat = :ledger');
    if (settled.entry) assign(GAMES.lastMove, storedLogEntry(settled.entry));
  }
  const clauses = [`SET ${set.join(', ')}`, ...(remove.length > 0 ? [`REMOVE ${remove.join(', ')}`] : [])];
  return {
    UpdateExpression: clauses.join(' '),
    ConditionExpression: '#version = :expected',
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
