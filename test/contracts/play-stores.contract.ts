import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Match } from '../../src/engine/index.js';
import type { GameStore, MatchPools, RatingChange, RatingStore } from '../../src/ports/index.js';
import { eventually } from './eventually.js';

export interface PlayStores {
  readonly matches: GameStore;
  readonly ratings: RatingStore;
  readonly pools: MatchPools;
}

/**
 * What every RatingStore and MatchPools promises, whatever it stores in: a match is rated at most
 * once (sequential, concurrent, after its match is gone), a stale rating is never overwritten, the
 * leaderboard pages; a pool queues each player once, in one order, and trims only from the front read.
 */
export function describePlayStoresContract(
  name: string,
  makeStores: () => Promise<PlayStores> | PlayStores,
  /** `ratings: false` for an engine without TransactWriteItems (dynalite): only the pools are checked there. */
  options: { readonly ratings?: boolean } = {},
): void {
  const rated = options.ratings === false ? it.skip : it;
  describe(`RatingStore and MatchPools contract: ${name}`, () => {
    rated('rates a match once, however often and however concurrently it is recorded', async () => {
      const { matches, ratings } = await makeStores();
      const game = `game-${randomUUID()}`;
      const id = await finishedMatch(matches, game);
      const changes = [change('alice', 0, 27.6), change('bob', 0, 22.4)];
      expect(await ratings.isRated(id)).toBe(false);
      const outcomes = await Promise.all(Array.from({ length: 6 }, () => ratings.record(id, game, changes, 5_000)));
      expect(outcomes.filter((outcome) => outcome === 'written')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'already_rated')).toHaveLength(5);
      // Recorded again later with other numbers (a redelivered finish computed afresh): nothing moves.
      expect(await ratings.record(id, game, [change('alice', 1, 30), change('bob', 1, 20)], 6_000)).toBe(
        'already_rated',
      );
      expect(await ratings.isRated(id)).toBe(true);
      const stored = await ratings.ratings(game, ['alice', 'bob', 'carol']);
      expect([...stored.keys()].sort()).toEqual(['alice', 'bob']);
      expect(stored.get('alice')).toEqual({
        userId: 'alice',
        game,
        mu: 27.6,
        sigma: 8,
        rating: 27.6 - 24,
        matches: 1,
        version: 1,
        last: { matchId: id, change: 1.5 },
      });
    });

    rated(
      'writes nothing of a match when one rating moved since it was read, and rates it on a fresh read',
      async () => {
        const { matches, ratings } = await makeStores();
        const game = `game-${randomUUID()}`;
        const first = await finishedMatch(matches, game);
        const second = await finishedMatch(matches, game);
        expect(await ratings.record(first, game, [change('alice', 0, 26), change('bob', 0, 24)], 1)).toBe('written');
        // Computed from before the first match was rated: bob's version moved to 1.
        expect(await ratings.record(second, game, [change('carol', 0, 26), change('bob', 0, 23)], 2)).toBe('conflict');
        expect(await ratings.isRated(second)).toBe(false);
        expect((await ratings.ratings(game, ['carol'])).size).toBe(0);
        expect(await ratings.record(second, game, [change('carol', 0, 26), change('bob', 1, 23)], 3)).toBe('written');
        expect((await ratings.ratings(game, ['bob'])).get('bob')).toMatchObject({ mu: 23, version: 2, matches: 2 });
      },
    );

    rated('rates no match that does not exist', async () => {
      const { ratings } = await makeStores();
      const game = `game-${randomUUID()}`;
      expect(await ratings.record(randomUUID(), game, [change('alice', 0, 30)], 1)).toBe('already_rated');
      expect((await ratings.ratings(game, ['alice'])).size).toBe(0);
    });

    rated("pages a game's leaderboard, highest rating first, and lists a player's ratings across games", async () => {
      const { matches, ratings } = await makeStores();
      const game = `game-${randomUUID()}`;
      const other = `game-${randomUUID()}`;
      const players = ['p1', 'p2', 'p3', 'p4', 'p5'].map((name) => `${name}-${randomUUID()}`);
      for (const [index, player] of players.entries()) {
        const id = await finishedMatch(matches, game);
        expect(await ratings.record(id, game, [change(player, 0, 20 + index)], 1)).toBe('written');
      }
      const otherMatch = await finishedMatch(matches, other);
      expect(await ratings.record(otherMatch, other, [change(players[0] as string, 0, 40)], 1)).toBe('written');

      const expected = [...players].reverse();
      await eventually(async () => {
        const seen: string[] = [];
        let after: { rating: number; userId: string } | undefined;
        for (let page = 0; page < 4; page++) {
          const rows = await ratings.leaderboard(game, { limit: 2, ...(after ? { after } : {}) });
          seen.push(...rows.map((row) => row.userId));
          const last = rows.at(-1);
          if (rows.length < 2 || last === undefined) break;
          after = { rating: last.rating, userId: last.userId };
        }
        expect(seen).toEqual(expected);
      });
      const mine = await ratings.playerRatings(players[0] as string);
      expect(mine.map(({ game: played, mu }) => [played, mu]).sort()).toEqual(
        [
          [game, 20],
          [other, 40],
        ].sort(),
      );
    });

    it("queues each player once, in order, answers each one's place, and trims only from the front it read", async () => {
      const { pools } = await makeStores();
      const pool = `pool-${randomUUID()}`;
      const names = ['a', 'b', 'c', 'd', 'e', 'f'];
      const answers = (await Promise.all(names.map((name) => pools.enqueue(pool, name, 100, 1)))).map((answer) => {
        expect(answer.queued).toBe(true);
        return answer.queue;
      });
      const last = answers.find((answer) => answer.players.length === names.length);
      if (last === undefined) throw new Error('no answer holds every player');
      expect([...last.players].sort()).toEqual(names);
      expect(last.base).toBe(0);
      // Each answer is the queue right after that player's append: it ends with them.
      for (const [index, answer] of answers.entries()) {
        expect(answer.players.at(-1)).toBe(names[index]);
        expect(answer.epoch).toBe(last.epoch);
      }
      // Asking again changes nothing.
      expect(await pools.enqueue(pool, 'c', 100, 2)).toEqual({ queue: last, queued: true });
      expect(await pools.trim(pool, 2, 2, 3)).toBe('conflict');
      expect(await pools.trim(pool, 0, 2, 3)).toBe('written');
      expect(await pools.trim(pool, 0, 2, 3)).toBe('conflict');
      const after = await pools.enqueue(pool, 'g', 100, 4);
      expect(after.queue).toEqual({ epoch: last.epoch, base: 2, players: [...last.players.slice(2), 'g'] });
      // A trimmed player asking again is queued again, at the end.
      const again = await pools.enqueue(pool, last.players[0] as string, 100, 5);
      expect(again.queue.players.at(-1)).toBe(last.players[0]);
    });

    it('refuses a player past the limit and writes nothing', async () => {
      const { pools } = await makeStores();
      const pool = `pool-${randomUUID()}`;
      await pools.enqueue(pool, 'a', 2, 1);
      const two = await pools.enqueue(pool, 'b', 2, 1);
      expect(await pools.enqueue(pool, 'c', 2, 1)).toEqual({ queue: two.queue, queued: false });
      expect(await pools.enqueue(pool, 'a', 2, 1)).toEqual(two);
    });
  });
}

/** A new rating: sigma 8 throughout, so `rating` is `mu - 24`; the change is 1.5 whatever it is. */
const change = (userId: string, previousVersion: number, mu: number): RatingChange => ({
  userId,
  mu,
  sigma: 8,
  rating: mu - 24,
  matches: previousVersion + 1,
  previousVersion,
  change: 1.5,
});

async function finishedMatch(matches: GameStore, game: string): Promise<string> {
  const id = randomUUID();
  const match: Match = {
    game,
    status: 'finished',
    seats: 2,
    players: ['alice', 'bob'],
    state: {},
    currentPlayer: null,
    activePlayers: [],
    left: [],
    turn: 3,
    version: 5,
    result: { winners: ['alice'] },
    seed: 'seed',
    randomState: 0,
  };
  expect(await matches.create(id, match, 1_000)).toBe('written');
  return id;
}
