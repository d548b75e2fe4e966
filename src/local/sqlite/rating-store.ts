import type { LeaderboardQuery, RatingChange, RatingOutcome, RatingStore, StoredRating } from '../../ports/index.js';
import { StoreError } from '../../ports/index.js';
import { guard, type SqliteDatabase } from './database.js';
import { groupCommitFor } from './group-commit.js';
import { ensurePlayTables } from './play-tables.js';

interface RatingRow {
  user_id: string;
  game: string;
  mu: number;
  sigma: number;
  rating: number;
  matches: number;
  version: number;
  last_match: string | null;
  last_change: number | null;
}

const COLUMNS = 'user_id, game, mu, sigma, rating, matches, version, last_match, last_change';

/** Thrown inside the commit to roll back every change of a match when one player's rating moved. */
class RatingMoved extends Error {
  override name = 'RatingMoved';
}

/**
 * RatingStore on SQLite. `record` is one write of the group commit (its own savepoint): the row in
 * rated_matches (which goes with its match, ON DELETE CASCADE) and every player's row conditioned on
 * the version read commit together, or a throw rolls all of them back.
 */
export function sqliteRatingStore(db: SqliteDatabase): RatingStore {
  ensurePlayTables(db);
  const statements = {
    one: db.prepare<[string, string], RatingRow>(`SELECT ${COLUMNS} FROM ratings WHERE game = ? AND user_id = ?`),
    ofPlayer: db.prepare<[string], RatingRow>(`SELECT ${COLUMNS} FROM ratings WHERE user_id = ? ORDER BY game`),
    board: db.prepare<[string, number], RatingRow>(
      `SELECT ${COLUMNS} FROM ratings WHERE game = ? ORDER BY rating DESC, user_id LIMIT ?`,
    ),
    boardAfter: db.prepare<{ game: string; rating: number; userId: string; limit: number }, RatingRow>(
      `SELECT ${COLUMNS} FROM ratings WHERE game = @game
         AND (rating < @rating OR (rating = @rating AND user_id > @userId))
       ORDER BY rating DESC, user_id LIMIT @limit`,
    ),
    matchExists: db.prepare<[string], { id: string }>('SELECT id FROM matches WHERE id = ?'),
    isRated: db.prepare<[string], { match_id: string }>('SELECT match_id FROM rated_matches WHERE match_id = ?'),
    markRated: db.prepare('INSERT INTO rated_matches (match_id, rated_at) VALUES (?, ?) ON CONFLICT DO NOTHING'),
    insert: db.prepare(
      `INSERT INTO ratings (user_id, game, mu, sigma, rating, matches, version, last_match, last_change, updated_at)
       VALUES (@userId, @game, @mu, @sigma, @rating, @matches, 1, @matchId, @change, @now) ON CONFLICT DO NOTHING`,
    ),
    update: db.prepare(
      `UPDATE ratings SET mu = @mu, sigma = @sigma, rating = @rating, matches = @matches, version = version + 1,
         last_match = @matchId, last_change = @change, updated_at = @now
       WHERE game = @game AND user_id = @userId AND version = @previousVersion`,
    ),
  };
  const commits = groupCommitFor(db);

  const writeAll = (matchId: string, game: string, changes: readonly RatingChange[], now: number): RatingOutcome => {
    // A match that is gone (expired) can be rated no more: as if rated, nothing to do.
    if (statements.matchExists.get(matchId) === undefined) return 'already_rated';
    if (statements.markRated.run(matchId, now).changes === 0) return 'already_rated';
    for (const change of changes) {
      const values = { ...change, game, matchId, now };
      const written = change.previousVersion === 0 ? statements.insert.run(values) : statements.update.run(values);
      if (written.changes === 0) throw new RatingMoved(`${change.userId}'s ${game} rating moved`);
    }
    return 'written';
  };

  return {
    async ratings(game, userIds) {
      return guard('ratings', () => {
        const found = new Map<string, StoredRating>();
        for (const userId of new Set(userIds)) {
          const row = statements.one.get(game, userId);
          if (row) found.set(userId, ratingFrom(row));
        }
        return found;
      });
    },
    async record(matchId, game, changes, now) {
      try {
        return await commits.run('rate', () => writeAll(matchId, game, changes, now));
      } catch (error) {
        if (error instanceof StoreError && error.cause instanceof RatingMoved) return 'conflict';
        throw error;
      }
    },
    async isRated(matchId) {
      return guard('isRated', () => statements.isRated.get(matchId) !== undefined);
    },
    async playerRatings(userId) {
      return guard('playerRatings', () => statements.ofPlayer.all(userId).map(ratingFrom));
    },
    async leaderboard(game, query: LeaderboardQuery) {
      return guard('leaderboard', () => {
        const rows = query.after
          ? statements.boardAfter.all({ game, ...query.after, limit: query.limit })
          : statements.board.all(game, query.limit);
        return rows.map(ratingFrom);
      });
    },
  };
}

function ratingFrom(row: RatingRow): StoredRating {
  return {
    userId: row.user_id,
    game: row.game,
    mu: row.mu,
    sigma: row.sigma,
    rating: row.rating,
    matches: row.matches,
    version: row.version,
    ...(row.last_match === null ? {} : { last: { matchId: row.last_match, change: row.last_change ?? 0 } }),
  };
}
