import * as z from 'zod';
import { matchBotsFor, seatBots } from '../bots/index.js';
import {
  accept,
  createMatch,
  type Match,
  type Result,
  reject,
  seatPlayer,
  startMatch,
  viewFor,
} from '../engine/index.js';
import type {
  ListedMatch,
  ListMatchesQuery,
  ListPosition,
  MoveLogPage,
  MoveLogQuery,
  StoredMatch,
} from '../ports/index.js';
import {
  type CreatedMatch,
  type CreateMatchRequest,
  DEFAULT_MATCH_PAGE,
  type ErrorCode,
  type MatchPage,
  type MatchSummary,
  type matchListQuerySchema,
  type PlayerMatch,
} from '../protocol/index.js';
import { afterWrite } from './after-write.js';
import { armAhead } from './arm-turn-timer.js';
import { continueBots } from './bot-turns.js';
import { broadcastState } from './broadcast.js';
import { placeMatch } from './create-once.js';
import { outboxFor } from './delivery.js';
import type { HandlerDeps } from './deps.js';
import { inviteOpens, newInviteCode } from './invite.js';
import { describeError } from './log-fields.js';
import { clockOf, gameOf, logEntryFor, whoPlays, wireResult } from './messages.js';
import { deadlineOf } from './player-notices.js';
import { MAX_WRITE_ATTEMPTS } from './retry.js';

/**
 * The lobby's operations, behind the HTTP API: what games exist, which matches, create, join, start.
 * Each answers a value (a summary, or a typed rejection); http.ts maps them to HTTP.
 */
export type LobbyDeps = Pick<
  HandlerDeps,
  | 'games'
  | 'matches'
  | 'connections'
  | 'fanout'
  | 'clock'
  | 'logger'
  | 'notifier'
  | 'newId'
  | 'webSocketEndpoint'
  | 'allowClientSeeds'
  | 'scheduler'
  | 'ordering'
  | 'queue'
  | 'ratings'
  | 'pools'
>;

export type LobbyResult<T> = Result<T, ErrorCode>;

/** What the lobby shows of a match (protocol/lobby.ts): everything public, never the state or the seed. */
export const summarize = ({ id, match, createdAt, updatedAt, invite }: ListedMatch, now?: number): MatchSummary => ({
  id,
  game: match.game,
  status: match.status,
  seats: match.seats,
  ...whoPlays(match),
  turn: match.turn,
  version: match.version,
  result: wireResult(match.result),
  ...(match.clock && { clock: clockOf(match, now) }),
  ...(invite === undefined ? {} : { unlisted: true as const }),
  createdAt,
  updatedAt,
});

/**
 * A page of the lobby. One more match than asked for is read, to know whether a next page exists
 * without a second read; the cursor is the page's last match (when and which), base64url JSON:
 * opaque to clients, checked on the way back in like any other input.
 */
export async function listMatches(
  deps: LobbyDeps,
  query: z.infer<typeof matchListQuerySchema>,
): Promise<LobbyResult<MatchPage>> {
  const after = query.cursor === undefined ? undefined : positionFrom(query.cursor);
  if (after === null) return reject('bad_args', 'cursor: not a cursor this API handed out');
  const limit = query.limit ?? DEFAULT_MATCH_PAGE;
  const request: ListMatchesQuery = {
    limit: limit + 1,
    ...(query.game ? { game: query.game } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(after ? { after } : {}),
  };
  const found = await deps.matches.list(request);
  const page = found.slice(0, limit);
  const last = page.at(-1);
  const next = found.length > limit && last ? cursorOf({ createdAt: last.createdAt, id: last.id }) : null;
  // No clock `now` in a listing: the same matches give the same page, which is what lets an unchanged
  // lobby answer 304 (http.ts). A deadline is absolute (epoch ms); a match's own messages carry `now`.
  return accept({ matches: page.map((stored) => summarize(stored)), next });
}

const positionSchema = z.tuple([z.number().int(), z.string().min(1).max(128)]);

const cursorOf = ({ createdAt, id }: ListPosition): string =>
  Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');

function positionFrom(cursor: string): ListPosition | null {
  try {
    const parsed = positionSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? { createdAt: parsed.data[0], id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}

/**
 * The caller's matches for an inbox across games: theirs to play first, soonest deadline first, then
 * the running, waiting and finished ones, each most recently changed first. Summaries only: a
 * player's own view comes with `sync` on the match's socket.
 */
export async function myMatches(
  deps: Pick<LobbyDeps, 'matches' | 'ratings'>,
  userId: string,
  query: { readonly limit?: number },
): Promise<PlayerMatch[]> {
  const [seated, ratings] = await Promise.all([
    deps.matches.listByPlayer(userId, query),
    deps.ratings?.playerRatings(userId) ?? [],
  ]);
  const ratingIn = new Map(ratings.map(({ game, rating }) => [game, rating]));
  const mine = seated.map((stored): PlayerMatch => {
    const deadline = deadlineOf(stored.match, userId);
    const yourTurn = stored.match.status === 'running' && stored.match.activePlayers.includes(userId);
    const rating = ratingIn.get(stored.match.game);
    return {
      ...summarize(stored),
      yourTurn,
      ...(deadline === undefined ? {} : { deadline }),
      ...(rating === undefined ? {} : { rating }),
      ...(stored.invite === undefined ? {} : { invite: stored.invite }),
    };
  });
  return mine.sort(
    (a, b) =>
      inboxRank(a) - inboxRank(b) ||
      (a.yourTurn ? (a.deadline ?? Number.MAX_SAFE_INTEGER) - (b.deadline ?? Number.MAX_SAFE_INTEGER) : 0) ||
      b.updatedAt - a.updatedAt,
  );
}

const inboxRank = (match: PlayerMatch): number =>
  match.yourTurn ? 0 : { running: 1, waiting: 2, finished: 3 }[match.status];

/** A match with the spectator's view: what anyone may see, seated or not. */
export async function showMatch(
  deps: LobbyDeps,
  id: string,
): Promise<LobbyResult<{ match: MatchSummary; view: unknown }>> {
  const stored = await deps.matches.get(id);
  if (stored === undefined) return reject('unknown_game', `there is no match "${id}"`);
  return accept({
    match: summarize(stored, deps.clock.now()),
    view: viewFor(gameOf(deps.games, stored.match), stored.match, null),
  });
}

/**
 * A page of the match's log, oldest first (`after` a version, at most MAX_LOG_PAGE entries), as
 * `viewer` may see it: their own steps whole, the others' args only where the rules show them
 * (README "Log visibility"). Anyone signed out sees what a spectator does.
 */
export async function matchLog(
  deps: LobbyDeps,
  id: string,
  query: MoveLogQuery,
  viewer: string | null,
): Promise<LobbyResult<MoveLogPage>> {
  const [page, stored] = await Promise.all([deps.matches.moveLog(id, query), deps.matches.get(id)]);
  if (page === undefined || stored === undefined) return reject('unknown_game', `there is no match "${id}"`);
  const game = gameOf(deps.games, stored.match);
  return accept({ ...page, moves: page.moves.map((entry) => logEntryFor(game, stored.match, entry, viewer)) });
}

/**
 * Creates a match; with `join`, the creator takes the first seat in the same write (one request where
 * create + join took two, and no moment when the creator's own match could be filled without them).
 */
export async function openMatch(
  deps: LobbyDeps,
  request: CreateMatchRequest,
  creator: string,
  /** The request's `Idempotency-Key`: a repeat answers the match the first made (create-once.ts). */
  idempotencyKey?: string,
): Promise<LobbyResult<CreatedMatch>> {
  const game = deps.games.get(request.game);
  if (game === undefined) return reject('bad_args', `this server has no game "${request.game}"`);
  if (request.seed !== undefined && !deps.allowClientSeeds) {
    return reject('forbidden', 'this server chooses match seeds itself');
  }
  const created = createMatch(game, {
    seed: request.seed ?? deps.newId(),
    seats: request.seats,
    timeControl: request.timeControl,
  });
  if (!created.ok) return created;
  const bots = matchBotsFor(game, request, created.value);
  if (!bots.ok) return bots;
  const now = deps.clock.now();
  const withBots = bots.value === undefined ? created.value : { ...created.value, bots: bots.value };
  // The creator's seat first (the first seat), then each bot's, in the order asked.
  const joined = request.join ? seatPlayer(game, withBots, creator, now) : accept(withBots);
  const opened = joined.ok ? seatBots(game, joined.value, request.bots ?? [], now) : joined;
  if (!opened.ok) return opened;

  const invite = request.unlisted ? newInviteCode() : undefined;
  const placed = await placeMatch(deps, opened.value, now, {
    ...(idempotencyKey ? { keyed: { creator, key: idempotencyKey } } : {}),
    ...(invite === undefined ? {} : { invite }),
    // A table its creator and bots filled has started: its first turn's timer is armed before it is
    // stored (a repeat arms it again, harmlessly: arming is idempotent).
    beforeCreate: (id) => armAhead(deps, id, created.value, opened.value),
  });
  if (!placed.ok) return placed;
  const { stored, repeat } = placed.value;
  deps.logger.info(repeat ? 'match.create_repeated' : 'match.created', { matchId: stored.id, game: game.name });
  // A bot that moves first does (a repeat too: the first request may have died before its bot moved).
  if (stored.match.status === 'running') await continueBots(deps, stored);
  return accept({ match: summarize(stored, now), ...(stored.invite === undefined ? {} : { invite: stored.invite }) });
}

/**
 * Seats the caller; joining twice changes nothing, and a full table starts the match. An unlisted
 * match seats only a caller with its invite code (`bad_invite` otherwise, and nothing changes).
 */
export const joinMatch = (
  deps: LobbyDeps,
  id: string,
  userId: string,
  invite?: string,
): Promise<LobbyResult<MatchSummary>> =>
  changeMatch(deps, id, (game, match, now, stored) =>
    match.players.includes(userId) || inviteOpens(stored, invite)
      ? seatPlayer(game, match, userId, now)
      : reject('bad_invite', 'this match is private: it needs its invite code'),
  );

/** Starts the match with the players seated so far; only a seated player may. */
export const beginMatch = (deps: LobbyDeps, id: string, userId: string): Promise<LobbyResult<MatchSummary>> =>
  changeMatch(deps, id, (game, match, now) =>
    match.players.includes(userId)
      ? startMatch(game, match, now)
      : reject('not_a_player', 'only a seated player may start'),
  );

/**
 * Read, change with an engine lifecycle helper, write on the version read; on a lost race (a move or
 * another join landed in between) read again and retry. A change that starts a timed match arms its
 * first turn's timer before the write; `now` starts that turn's clock. What the write owes its players
 * (the new state to each connection, `your_turn` to whoever is away) is afterWrite's. A change that
 * changes nothing writes nothing, but while no step has been played since the lobby last wrote the
 * match, it does that work again: the request that wrote may have died before it (the caller retries
 * a join or a start whose answer it never got), and waiting players must still see the match begin.
 */
export async function changeMatch(
  deps: LobbyDeps,
  id: string,
  change: (game: ReturnType<typeof gameOf>, match: Match, now: number, stored: StoredMatch) => Result<Match, ErrorCode>,
): Promise<LobbyResult<MatchSummary>> {
  for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
    const stored = await deps.matches.get(id);
    if (stored === undefined) return reject('unknown_game', `there is no match "${id}"`);
    const game = gameOf(deps.games, stored.match);
    const now = deps.clock.now();
    const changed = change(game, stored.match, now, stored);
    if (!changed.ok) return changed;
    if (changed.value.version === stored.match.version) {
      if (stored.lastMove === undefined) {
        await afterWrite(deps, { written: stored, endpoint: deps.webSocketEndpoint, by: 'lobby' });
      }
      return accept(summarize(stored));
    }

    await armAhead(deps, id, stored.match, changed.value);
    if ((await deps.matches.update(stored, { next: changed.value, now })) === 'written') {
      const written: StoredMatch = { ...stored, match: changed.value, updatedAt: now };
      await announceChange(deps, stored, written);
      return accept(summarize(written, now));
    }
    deps.logger.warn('lobby.version_conflict', { matchId: id, attempt });
  }
  throw new Error(`match ${id} kept changing`);
}

/**
 * After a lobby write (a join, a start): afterWrite, which pushes the new state, disarms nothing (the
 * first turn's timer was armed before the write) and tells whoever is away; a join that fills the
 * table starts the match, and its first player may have created it and left. Quick match
 * (matchmaking.ts) seats players through this too.
 */
export async function announceChange(deps: LobbyDeps, stored: StoredMatch, written: StoredMatch): Promise<void> {
  await afterWrite(deps, { written, previous: stored.match, endpoint: deps.webSocketEndpoint, by: 'lobby' });
  // A bot may move first.
  if (stored.match.status !== 'running' && written.match.status === 'running') await continueBots(deps, written);
}

/**
 * Waiting players are connected already: push them the new state (each their own view), so they see
 * the game start. Best effort: the change is stored, and a client that misses this push syncs.
 */
export async function pushState(
  deps: Pick<LobbyDeps, 'webSocketEndpoint' | 'fanout' | 'connections' | 'logger' | 'clock' | 'games'>,
  written: StoredMatch,
): Promise<ReadonlySet<string>> {
  if (deps.webSocketEndpoint === undefined) return new Set();
  try {
    const outbox = outboxFor(deps, deps.webSocketEndpoint);
    return await broadcastState({ ...outbox, clock: deps.clock }, gameOf(deps.games, written.match), written);
  } catch (error) {
    deps.logger.error('lobby.push_failed', { matchId: written.id, error: describeError(error) });
    return new Set();
  }
}
