import { rating as newRating, ordinal, rate } from 'openskill';
import * as z from 'zod';
import type { GameResult, PlayerId } from '../engine/index.js';
import { accept, reject } from '../engine/index.js';
import type { LeaderboardPosition, RatingChange, StoredMatch, StoredRating } from '../ports/index.js';
import {
  DEFAULT_LEADERBOARD_PAGE,
  type LeaderboardPage,
  type leaderboardQuerySchema,
  type PlayerRating,
} from '../protocol/index.js';
import type { HandlerDeps } from './deps.js';
import type { LobbyResult } from './lobby.js';
import { describeError } from './log-fields.js';
import { DIRECT_WRITE_RETRY, withRetries } from './retry.js';

export type RatingDeps = Pick<HandlerDeps, 'ratings' | 'logger' | 'clock'>;

/**
 * Rates a finished match: every seated player's rating in its game moves once, by Weng-Lin
 * (OpenSkill, which ranks any number of players, so a four-player Liar's Dice counts as well as a
 * duel). Exactly once per match however often and however concurrently this runs: the store
 * records the match as rated in the same write as the new ratings (RatingStore.record), so a
 * redelivered, retried or raced settlement, or a run after a crash between the match write and this
 * one, finds it rated and changes nothing. A player's concurrent second match makes the write fail
 * on that player's version; it is read and computed again.
 *
 * Call it from anywhere that sees a finished match, as often as you like: after the write that
 * finished it (settle-and-announce.ts, turn-timeout.ts, a leave). Never throws: a failure is
 * logged, the match stays unrated, and the next call rates it. A draw counts as one (every player
 * shares the first place); a match that ended without a real result (`{ abandoned: true }`), with
 * fewer than two players, or with a seat a bot played, changes nothing.
 */
export async function rateFinishedMatch(deps: RatingDeps, stored: Pick<StoredMatch, 'id' | 'match'>): Promise<void> {
  const { ratings } = deps;
  const { match } = stored;
  if (ratings === undefined || match.status !== 'finished' || match.result === null) return;
  // A bot's seat has no rating to move, and a win against the random bot is no measure of anyone.
  if (Object.keys(match.bots?.seats ?? {}).length > 0) return;
  const ranks = placesOf(match.result, match.players);
  if (ranks === undefined) return;
  try {
    const outcome = await withRetries(
      async () => {
        const current = await ratings.ratings(match.game, match.players);
        const changes = rerate(match.players, ranks, current);
        return ratings.record(stored.id, match.game, changes, deps.clock.now());
      },
      { policy: { ...DIRECT_WRITE_RETRY, maxAttempts: 16 }, retryIf: (result) => result === 'conflict' },
    );
    deps.logger.info('ratings.recorded', { matchId: stored.id, outcome });
  } catch (error) {
    deps.logger.error('ratings.failed', { matchId: stored.id, error: describeError(error) });
  }
}

/**
 * Each player's place (1 = first): the winners share the first, everyone else the second; a draw
 * puts everyone first. Undefined for a result that rates nobody (an abandoned match) or a table
 * of fewer than two.
 */
export function placesOf(result: GameResult, players: readonly PlayerId[]): readonly number[] | undefined {
  if (players.length < 2) return undefined;
  if ('draw' in result && result.draw === true) return players.map(() => 1);
  if (!('winners' in result)) return undefined;
  const winners = new Set(result.winners);
  return players.map((player) => (winners.has(player) ? 1 : 2));
}

/** New ratings from the current ones (a player never rated starts at OpenSkill's default). */
export function rerate(
  players: readonly PlayerId[],
  places: readonly number[],
  current: ReadonlyMap<string, StoredRating>,
): RatingChange[] {
  const before = players.map((player) => {
    const stored = current.get(player);
    return stored ? newRating({ mu: stored.mu, sigma: stored.sigma }) : newRating();
  });
  const after = rate(
    before.map((one) => [one]),
    { rank: [...places] },
  );
  return players.map((userId, index) => {
    const next = after[index]?.[0] ?? (before[index] as (typeof before)[number]);
    const stored = current.get(userId);
    const rating = ordinal(next);
    return {
      userId,
      mu: next.mu,
      sigma: next.sigma,
      rating,
      matches: (stored?.matches ?? 0) + 1,
      previousVersion: stored?.version ?? 0,
      change: rating - (stored?.rating ?? ordinal(before[index] as (typeof before)[number])),
    };
  });
}

/** What the wire shows of a stored rating: everything but the store's version. */
export const ratingView = ({ version: _version, ...shown }: StoredRating): PlayerRating => shown;

/** `GET /api/me`'s ratings: the caller's in every game they have played a rated match of. */
export async function myRatings(deps: Pick<HandlerDeps, 'ratings'>, userId: string): Promise<PlayerRating[]> {
  return deps.ratings === undefined ? [] : (await deps.ratings.playerRatings(userId)).map(ratingView);
}

/**
 * A page of a game's leaderboard. As the lobby does, one more row than asked for is read to know
 * whether a next page exists; the cursor is the page's last row (rating, user id) as base64url JSON,
 * opaque to clients and checked on the way back in.
 */
export async function leaderboard(
  deps: Pick<HandlerDeps, 'ratings' | 'games'>,
  query: z.infer<typeof leaderboardQuerySchema>,
): Promise<LobbyResult<LeaderboardPage>> {
  if (!deps.games.has(query.game)) return reject('bad_args', `this server has no game "${query.game}"`);
  if (deps.ratings === undefined) return accept({ ratings: [], next: null });
  const after = query.cursor === undefined ? undefined : positionFrom(query.cursor);
  if (after === null) return reject('bad_args', 'cursor: not a cursor this API handed out');
  const limit = query.limit ?? DEFAULT_LEADERBOARD_PAGE;
  const found = await deps.ratings.leaderboard(query.game, { limit: limit + 1, ...(after ? { after } : {}) });
  const page = found.slice(0, limit);
  const last = page.at(-1);
  const next = found.length > limit && last ? cursorOf({ rating: last.rating, userId: last.userId }) : null;
  return accept({ ratings: page.map(ratingView), next });
}

const positionSchema = z.tuple([z.number(), z.string().min(1).max(256)]);

const cursorOf = ({ rating, userId }: LeaderboardPosition): string =>
  Buffer.from(JSON.stringify([rating, userId])).toString('base64url');

function positionFrom(cursor: string): LeaderboardPosition | null {
  try {
    const parsed = positionSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? { rating: parsed.data[0], userId: parsed.data[1] } : null;
  } catch {
    return null;
  }
}
