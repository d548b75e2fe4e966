import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The play table: what "Play now" keeps besides matches. One table, two item kinds, keyed by a
 * string pair (PK, SK):
 * - a player's rating in a game: PK `player#<userId>`, SK `rating#<game>`; with Board (the game)
 *   and Score (the rating) for the sparse Leaderboard index;
 * - a quick-match pool: PK `pool#<pool>`, SK `pool`, its queue of players (Queue, Base, Epoch).
 * Ratings of one player are one Query (GET /api/me); a game's leaderboard is one Query of the
 * index, highest Score first. The index's hash key is the game, so one game's rating writes share
 * one index partition (about 1,000 writes a second: 500 two-player matches rated a second per
 * game); a game bigger than that would shard Board by a suffix and merge pages.
 * Whether a match has been rated is an attribute of the match item itself (GAMES.ratedAt), so that
 * record expires exactly with its match.
 */
export const PLAY = {
  pk: 'PK',
  sk: 'SK',
  board: 'Board',
  score: 'Score',
  userId: 'UserId',
  mu: 'Mu',
  sigma: 'Sigma',
  matches: 'Matches',
  version: 'Version',
  lastMatch: 'LastMatch',
  lastChange: 'LastChange',
  /** A pool's queue: the user ids of the players who asked, oldest first, from position Base on. */
  queue: 'Queue',
  base: 'Base',
  epoch: 'Epoch',
  updatedAt: 'UpdatedAt',
  leaderboardIndex: 'Leaderboard',
} as const;

export const ratingKey = (userId: string, game: string) => ({
  [PLAY.pk]: `player#${userId}`,
  [PLAY.sk]: `rating#${game}`,
});

export const poolKey = (pool: string) => ({ [PLAY.pk]: `pool#${pool}`, [PLAY.sk]: 'pool' });

export function playTable(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: PLAY.pk, AttributeType: 'S' },
      { AttributeName: PLAY.sk, AttributeType: 'S' },
      { AttributeName: PLAY.board, AttributeType: 'S' },
      { AttributeName: PLAY.score, AttributeType: 'N' },
    ],
    KeySchema: [
      { AttributeName: PLAY.pk, KeyType: 'HASH' },
      { AttributeName: PLAY.sk, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: PLAY.leaderboardIndex,
        KeySchema: [
          { AttributeName: PLAY.board, KeyType: 'HASH' },
          { AttributeName: PLAY.score, KeyType: 'RANGE' },
        ],
        // A page of the leaderboard is read from the index alone: every attribute a rating shows.
        Projection: { ProjectionType: 'ALL' },
      },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  };
}
