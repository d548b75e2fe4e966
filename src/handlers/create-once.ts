import { createHash } from 'node:crypto';
import { accept, type Match, type Result, reject } from '../engine/index.js';
import type { GameStore, StoredMatch } from '../ports/index.js';
import { type ErrorCode, IDEMPOTENCY_KEY_HEADER } from '../protocol/index.js';
import { MAX_WRITE_ATTEMPTS } from './retry.js';

/**
 * Where a new match is written: under a fresh random id, or, for a create that carries an
 * `Idempotency-Key` (protocol/lobby.ts), under the one id that key names for its creator. That id is
 * the whole mechanism: the store's create refuses an id that is taken (a conditional put on DynamoDB,
 * the primary key on SQLite), so a repeat finds the first request's match instead of making another,
 * and nothing else (no table of keys, no second write) is needed on any store. 128 bits of SHA-256
 * over creator and key: another user's same key names another match, and nobody can aim at an id.
 */
export const keyedMatchId = (creator: string, key: string): string =>
  createHash('sha256').update(`${creator}\u0000${key}`).digest('base64url').slice(0, 22);

/** The match as written by this request, or as an earlier request with the same key wrote it. */
export interface Placed {
  readonly stored: StoredMatch;
  readonly repeat: boolean;
}

export async function placeMatch(
  deps: { readonly matches: GameStore; readonly newId: () => string },
  match: Match,
  now: number,
  options: {
    readonly keyed?: { readonly creator: string; readonly key: string };
    /** An unlisted match's invite code (protocol/play.ts). */
    readonly invite?: string;
    /** Work that must precede the write of a match under `id` (arming its first turn's timer). */
    readonly beforeCreate?: (id: string) => Promise<void>;
  } = {},
): Promise<Result<Placed, ErrorCode>> {
  const { keyed, invite, beforeCreate } = options;
  const create = async (id: string) => {
    await beforeCreate?.(id);
    return deps.matches.create(id, match, now, unlisted);
  };
  const unlisted = invite === undefined ? {} : { invite };
  const fresh = (id: string): Placed => ({
    stored: { id, match, ledgers: {}, createdAt: now, updatedAt: now, ...unlisted },
    repeat: false,
  });
  if (keyed === undefined) {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const id = deps.newId();
      // Ids are random: a clash is astronomically rare, and a fresh id settles it.
      if ((await create(id)) === 'written') return accept(fresh(id));
    }
    throw new Error('could not find a free match id');
  }
  const id = keyedMatchId(keyed.creator, keyed.key);
  if ((await create(id)) === 'written') return accept(fresh(id));
  const earlier = await deps.matches.get(id);
  // Refused because the id is taken, yet gone on the read: only a purge in between does that.
  if (earlier === undefined) throw new Error(`match ${id} refused a create, then could not be read`);
  if (earlier.match.game !== match.game) {
    return reject('bad_args', `${IDEMPOTENCY_KEY_HEADER}: already used to create a match of another game`);
  }
  return accept({ stored: earlier, repeat: true });
}
