import { createHash } from 'node:crypto';
import { type AnyGame, accept, createMatch, type Match, reject, seatPlayer } from '../engine/index.js';
import type { PoolQueue, StoredMatch } from '../ports/index.js';
import { QUICK_MATCH_QUEUE_LIMIT, type QuickMatchAnswer, type QuickMatchRequest } from '../protocol/index.js';
import { armAhead } from './arm-turn-timer.js';
import { announceChange, type LobbyDeps, type LobbyResult, summarize } from './lobby.js';
import { DIRECT_WRITE_RETRY, withRetries } from './retry.js';

/**
 * Quick match (`POST /api/matchmaking`), with conditional writes only and no transaction.
 *
 * The design. Requests that could share a table (one game, seat count and time control) form a
 * pool. A pool is a queue: a player's first write appends them to it (MatchPools.enqueue, one atomic
 * write that conflicts with nobody: DynamoDB's `list_append` with a condition only on this player not
 * being queued yet), and answers the queue with their place. Places `g × seats … (g + 1) × seats − 1`
 * make table `g`, a match whose id is derived from the pool, its epoch and `g`. So every player knows
 * their table from that one write, and the players of one table are fixed by the queue, not by who
 * gets to a match first. Then the player "materializes" their table: creates its match with every
 * player the queue lists for it so far, or seats the ones missing, with the games store's own
 * version-conditioned write (only the few players of one table ever race there); a full table starts
 * itself, and the engine's `seatPlayer` can never seat more than its seats.
 *
 * Crashes. A player is committed by the append alone: if their request dies before they are seated,
 * the next player of their table seats them, and whoever comes next to the pool also materializes
 * the table at the queue's front before its own (a table whose last player's request died), then
 * trims started tables off the front (conditioned on the front it read). A table is therefore never
 * left short of a player the queue holds: no two players of a pool wait in two tables, except for the
 * matcher's step, one request, after a crash. Repeating any step changes nothing.
 *
 * Cost: per player one pool write, one match read and one match write (plus one of each for the
 * front table); contention only among the players of one table; trims lost to another trimmer cost
 * one failed write. Limit: a pool's queue holds QUICK_MATCH_QUEUE_LIMIT players at once; a request
 * that finds it full heals and trims the front first (the front may be tables of dead requests,
 * which nobody else would ever visit), and is refused with `match_full` only if still full. Matches
 * made by hand in the lobby are never quick-match tables. Not done: matching by rating with a
 * widening band.
 *
 * Leaving. A table is marked (`quickMatch`), and a leave before it starts cancels it for all its
 * players (engine `leaveWaitingMatch`): its seats are the queue's, so a freed seat would be filled
 * with the leaver again. The others' next requests find it ended without them and queue again.
 */
export async function quickMatch(
  deps: LobbyDeps,
  request: QuickMatchRequest,
  userId: string,
): Promise<LobbyResult<QuickMatchAnswer>> {
  const { pools } = deps;
  if (pools === undefined) return reject('unknown_action', 'this server offers no quick match');
  const game = deps.games.get(request.game);
  if (game === undefined) return reject('bad_args', `this server has no game "${request.game}"`);
  // The engine checks seats and the time control, and resolves the game's default: the pool's key.
  const template = createMatch(game, { seed: '', seats: request.seats, timeControl: request.timeControl });
  if (!template.ok) return template;
  const pool = poolOf(template.value);
  const seats = template.value.seats;

  for (let attempt = 1; attempt <= MAX_TABLE_ATTEMPTS; attempt++) {
    let entry = await pools.enqueue(pool, userId, QUICK_MATCH_QUEUE_LIMIT, deps.clock.now());
    if (!entry.queued) {
      // Full: the front may be tables whose players' requests died. Heal and trim it, then ask once more.
      await healFront(deps, game, template.value, pool, entry.queue);
      entry = await pools.enqueue(pool, userId, QUICK_MATCH_QUEUE_LIMIT, deps.clock.now());
      if (!entry.queued) return reject('match_full', 'too many players are waiting for this kind of match: ask again');
    }
    const { queue } = entry;
    const table = Math.floor((queue.base + queue.players.indexOf(userId)) / seats);
    // The front table first: it may lack a player whose request died after joining the queue.
    const front =
      Math.floor(queue.base / seats) < table ? await healFront(deps, game, template.value, pool, queue) : undefined;
    const mine = await materialize(deps, game, template.value, tableOf(pool, queue, table, seats));
    const started = mine.match.status !== 'waiting';
    if (front === undefined && started) await pools.trim(pool, queue.base, seats, deps.clock.now());
    if (mine.match.players.includes(userId)) {
      deps.logger.info('matchmaking.seated', { matchId: mine.id, game: game.name, table, started });
      return accept({ match: summarize(mine, deps.clock.now()), started });
    }
    // The table started or ended without this player (someone started it early, or everyone else
    // left it): once it is trimmed off the front, the player is queued again, for a new table.
    deps.logger.warn('matchmaking.table_gone', { matchId: mine.id, attempt });
  }
  return reject('game_not_running', 'your quick-match table started without you: ask again');
}

/** How often a request queues again after its table started or ended without it. */
const MAX_TABLE_ATTEMPTS = 3;

/**
 * Materializes the table at the queue's front and, once it has started, trims it off (another
 * player's trim of the same front may have won: then this one changes nothing).
 */
async function healFront(deps: LobbyDeps, game: AnyGame, template: Match, pool: string, queue: PoolQueue) {
  const front = await materialize(
    deps,
    game,
    template,
    tableOf(pool, queue, Math.floor(queue.base / template.seats), template.seats),
  );
  if (front.match.status !== 'waiting') await deps.pools?.trim(pool, queue.base, template.seats, deps.clock.now());
  return front;
}

const tableOf = (pool: string, queue: PoolQueue, index: number, seats: number): Table => ({
  index,
  id: tableId(pool, queue.epoch, index),
  players: playersAt(queue, index, seats),
});

interface Table {
  readonly index: number;
  readonly id: string;
  /** The players the queue lists for it, in order (all of them, or those queued so far). */
  readonly players: readonly string[];
}

/**
 * Makes the table's match hold every player listed for it: creates it with them, or seats those
 * missing on the version read, reading again after a lost race. Answers the match as written or found.
 */
function materialize(deps: LobbyDeps, game: AnyGame, template: Match, table: Table): Promise<StoredMatch> {
  return withRetries(
    async (): Promise<StoredMatch | 'conflict'> => {
      const now = deps.clock.now();
      const stored = await deps.matches.get(table.id);
      const next = seatAll(
        game,
        stored?.match ?? { ...template, seed: deps.newId(), quickMatch: true },
        table.players,
        now,
      );
      if (stored === undefined) {
        // A full table starts as it is created: its first turn's timer is armed before the write.
        await armAhead(deps, table.id, template, next);
        if ((await deps.matches.create(table.id, next, now)) === 'conflict') return 'conflict';
        return { id: table.id, match: next, ledgers: {}, createdAt: now, updatedAt: now };
      }
      if (next === stored.match) return stored;
      await armAhead(deps, table.id, stored.match, next);
      if ((await deps.matches.update(stored, { next, now })) === 'conflict') return 'conflict';
      const written: StoredMatch = { ...stored, match: next, updatedAt: now };
      await announceChange(deps, stored, written);
      return written;
    },
    { policy: DIRECT_WRITE_RETRY, retryIf: (result) => result === 'conflict' },
  ).then((result) => {
    if (result === 'conflict') throw new Error(`quick-match table ${table.id} kept changing`);
    return result;
  });
}

/** Seats each player in order; one the table cannot take (it started early) is left out. */
function seatAll(game: AnyGame, match: Match, players: readonly string[], now: number): Match {
  let next = match;
  for (const player of players) {
    const seated = seatPlayer(game, next, player, now);
    if (seated.ok) next = seated.value;
  }
  return next;
}

/** The players the queue holds for table `index`. */
const playersAt = (queue: PoolQueue, index: number, seats: number): readonly string[] =>
  queue.players.slice(Math.max(0, index * seats - queue.base), Math.max(0, (index + 1) * seats - queue.base));

/** A table's match id: every player of the table derives the same one, and no other pool or epoch can. */
export const tableId = (pool: string, epoch: string, index: number): string =>
  `qm${createHash('sha256').update(`${pool}\n${epoch}`).digest('base64url').slice(0, 12)}-${index}`;

/**
 * The pool a request belongs to: game, seats, and the time control the engine resolved (the
 * game's default when none was asked for), its fields in one order. Two requests share a pool
 * exactly when they could share a table.
 */
export function poolOf(template: Match): string {
  const control = template.clock?.control;
  const fields = control ? Object.entries(control).sort(([a], [b]) => (a < b ? -1 : 1)) : [];
  return `${template.game}/${template.seats}/${fields.map(([key, value]) => `${key}=${value}`).join(',') || 'untimed'}`;
}
