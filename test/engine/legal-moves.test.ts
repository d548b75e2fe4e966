import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ticTacToe } from '../../games/tic-tac-toe.js';
import {
  applyMove,
  defineGame,
  invalid,
  type LegalMove,
  legalMoves,
  MAX_LEGAL_MOVES,
  MAX_LEGAL_MOVES_BYTES,
  type Match,
} from '../../src/engine/index.js';
import { schemaCandidates } from '../../src/engine/schema-candidates.js';
import { play, runningMatch } from './helpers.js';
import { acceptedMoves, positions, universes } from './positions.js';

const keys = (moves: readonly LegalMove[]): string[] => moves.map((move) => JSON.stringify(move)).sort();

describe.each(universes)('the legal moves of $game.name', (universe) => {
  it('are exactly the moves the rules accept, for every seated player, in 1,000 random positions', () => {
    let running = 0;
    fc.assert(
      fc.property(positions(universe), (match: Match) => {
        if (match.status === 'running') running++;
        for (const player of match.players) {
          const listed = legalMoves(universe.game, match, player);
          expect(listed.open).toEqual([]);
          // Every listed move is accepted...
          for (const legal of listed.moves) {
            expect(applyMove(universe.game, match, { player, ...legal }).ok, JSON.stringify(legal)).toBe(true);
          }
          // ...and every accepted move is listed, once.
          expect(keys(listed.moves)).toEqual(keys(acceptedMoves(universe, match, player)));
        }
        expect(legalMoves(universe.game, match, null).moves).toEqual([]);
        expect(legalMoves(universe.game, match, 'somebody-else').moves).toEqual([]);
      }),
      { numRuns: 1000 },
    );
    // The positions are mostly games under way, not only finished ones.
    expect(running).toBeGreaterThan(300);
  });
});

describe('legal moves derived from move schemas', () => {
  it('lists what a bounded schema accepts: literals, enums, booleans, nulls, integer ranges, optional keys, unions', () => {
    const listed = (schema: z.ZodType) => schemaCandidates(schema, MAX_LEGAL_MOVES);
    expect(listed(z.object({ cell: z.number().int().min(0).max(2) }))).toEqual([{ cell: 0 }, { cell: 1 }, { cell: 2 }]);
    expect(listed(z.object({}).strict())).toEqual([{}]);
    expect(listed(z.object({ on: z.boolean(), kind: z.literal('x') }))).toEqual([
      { on: false, kind: 'x' },
      { on: true, kind: 'x' },
    ]);
    expect(listed(z.object({ n: z.int().gt(0).lt(7).multipleOf(3) }))).toEqual([{ n: 3 }, { n: 6 }]);
    expect(listed(z.object({ side: z.enum(['left', 'right']).optional() }))).toEqual([
      {},
      { side: 'left' },
      { side: 'right' },
    ]);
    expect(listed(z.object({ to: z.union([z.literal(1), z.null()]) }))).toEqual([{ to: 1 }, { to: null }]);
  });

  it('says an unbounded schema is unbounded: free strings and numbers, arrays, integers without bounds or past the limit', () => {
    const listed = (schema: z.ZodType) => schemaCandidates(schema, MAX_LEGAL_MOVES);
    expect(listed(z.object({ text: z.string() }))).toBeUndefined();
    expect(listed(z.object({ x: z.number().min(0).max(1) }))).toBeUndefined();
    expect(listed(z.object({ cells: z.array(z.int().min(0).max(1)) }))).toBeUndefined();
    expect(listed(z.object({ n: z.int().min(1) }))).toBeUndefined();
    expect(listed(z.object({ n: z.int().min(0).max(MAX_LEGAL_MOVES) }))).toBeUndefined();
    expect(listed(z.object({ n: z.int().min(1).max(MAX_LEGAL_MOVES) }))).toHaveLength(MAX_LEGAL_MOVES);
    // A product past the limit, though each part is small.
    expect(listed(z.object({ a: z.int().min(0).max(15), b: z.int().min(0).max(16) }))).toBeUndefined();
  });

  /** A one-player game whose moves take numbers in ranges of the given sizes; all of them legal. */
  const ranges = (sizes: Record<string, number>) =>
    defineGame({
      name: 'ranges',
      players: { min: 1, max: 1 },
      setup: () => ({}),
      moves: Object.fromEntries(
        Object.entries(sizes).map(([name, size]) => [
          name,
          { args: z.object({ n: z.int().min(1).max(size) }), apply: () => ({}) },
        ]),
      ),
    });

  it(`lists at most ${MAX_LEGAL_MOVES} moves: a move whose args would pass the limit is open, whole`, () => {
    const game = ranges({ small: 200, large: 100, tiny: 56 });
    const listed = legalMoves(game, runningMatch(game, ['ann']), 'ann');
    expect(listed.moves).toHaveLength(MAX_LEGAL_MOVES);
    expect(new Set(listed.moves.map(({ move }) => move))).toEqual(new Set(['small', 'tiny']));
    expect(listed.open).toEqual(['large']);
    const wide = ranges({ wide: MAX_LEGAL_MOVES + 1 });
    expect(legalMoves(wide, runningMatch(wide, ['ann']), 'ann')).toEqual({ moves: [], open: ['wide'] });
  });

  it('keeps only what the rules accept, and lists nothing for a rule that throws', () => {
    const game = defineGame({
      name: 'picky',
      players: { min: 1, max: 1 },
      setup: () => ({}),
      moves: {
        pick: {
          args: z.object({ n: z.int().min(0).max(5) }),
          apply: (state, { n }) => (n % 2 === 0 ? state : invalid('odd')),
        },
        explode: {
          args: z.object({}),
          apply: () => {
            throw new Error('a bug in the rules');
          },
        },
      },
    });
    const listed = legalMoves(game, runningMatch(game, ['ann']), 'ann');
    expect(listed).toEqual({ moves: [0, 2, 4].map((n) => ({ move: 'pick', args: { n } })), open: [] });
  });

  it('runs a rule that draws as settling would: from the match source, its methods taken off it alone', () => {
    const game = defineGame({
      name: 'dicey',
      players: { min: 1, max: 1 },
      setup: () => ({}),
      moves: {
        // A rule that keeps a method of the source by itself: it must work as it does when settling.
        guess: {
          args: z.object({ face: z.int().min(1).max(6) }),
          apply: (state, { face }, ctx) => {
            const { die } = ctx.random;
            return die(6) === face ? state : invalid('wrong');
          },
        },
      },
    });
    const match = runningMatch(game, ['ann']);
    const listed = legalMoves(game, match, 'ann');
    expect(listed.moves).toHaveLength(1);
    const [only] = listed.moves;
    expect(play(game, match, [['ann', 'guess', only?.args]]).version).toBe(match.version + 1);
  });

  it('lists what the README shows for Bob, to move in tic-tac-toe after Ann took the centre', () => {
    const match = play(ticTacToe, runningMatch(ticTacToe, ['ann', 'bob']), [['ann', 'place', { cell: 4 }]]);
    expect(legalMoves(ticTacToe, match, 'bob')).toEqual({
      moves: [
        ...[0, 1, 2, 3, 5, 6, 7, 8].map((cell) => ({ move: 'place', args: { cell } })),
        { move: 'resign', args: {} },
        { move: 'offerDraw', args: {} },
      ],
      open: [],
    });
  });

  it('never lists for a player who may not make a move now (who), and lists out-of-turn moves for who may', () => {
    const match = runningMatch(ticTacToe, ['ann', 'bob']);
    expect(legalMoves(ticTacToe, match, 'bob').moves).toEqual([
      { move: 'resign', args: {} },
      { move: 'offerDraw', args: {} },
    ]);
    const offered = play(ticTacToe, match, [['ann', 'offerDraw', {}]]);
    expect(legalMoves(ticTacToe, offered, 'bob').moves).toContainEqual({ move: 'acceptDraw', args: {} });
    expect(legalMoves(ticTacToe, offered, 'ann').moves).not.toContainEqual({ move: 'offerDraw', args: {} });
  });
});

describe('legal moves a game lists itself, or says it cannot', () => {
  const game = (legal: 'unbounded' | ((view: { count: number }) => { move: 'say'; args: { text: string } }[])) =>
    defineGame({
      name: 'talk',
      players: { min: 1, max: 1 },
      setup: () => ({ count: 0 }),
      moves: { say: { args: z.object({ text: z.string().max(3) }), apply: (state) => ({ count: state.count + 1 }) } },
      legalMoves: legal,
    });

  it('reports every move open for a game that says its moves are unbounded', () => {
    const talk = game('unbounded');
    expect(legalMoves(talk, runningMatch(talk, ['ann']), 'ann')).toEqual({ moves: [], open: ['say'] });
  });

  it('lists from the view what the game lists, dropping args its own schema refuses, capped at the limit', () => {
    const few = game((view) => [
      { move: 'say', args: { text: `${view.count}` } },
      { move: 'say', args: { text: 'far too long' } },
    ]);
    expect(legalMoves(few, runningMatch(few, ['ann']), 'ann').moves).toEqual([{ move: 'say', args: { text: '0' } }]);
    const many = game(() =>
      Array.from({ length: MAX_LEGAL_MOVES + 1 }, (_, i) => ({ move: 'say', args: { text: `${i % 999}` } })),
    );
    expect(legalMoves(many, runningMatch(many, ['ann']), 'ann')).toEqual({ moves: [], open: ['say'] });
  });

  it(`lists at most ${MAX_LEGAL_MOVES_BYTES} bytes of legal moves as JSON: past that, the move is open`, () => {
    const words = (length: number) =>
      defineGame({
        name: 'long-words',
        players: { min: 1, max: 1 },
        setup: () => ({}),
        moves: { say: { args: z.object({ text: z.string() }), apply: () => ({}) } },
        legalMoves: () =>
          Array.from({ length: 100 }, (_, i) => ({ move: 'say' as const, args: { text: `${i}`.padEnd(length, '.') } })),
      });
    // 100 entries of `{"move":"say","args":{"text":"…"}},`: 34 bytes around each text.
    const fits = words(Math.floor(MAX_LEGAL_MOVES_BYTES / 100) - 34);
    expect(legalMoves(fits, runningMatch(fits, ['ann']), 'ann').moves).toHaveLength(100);
    const tooLong = words(Math.floor(MAX_LEGAL_MOVES_BYTES / 100) - 33);
    expect(legalMoves(tooLong, runningMatch(tooLong, ['ann']), 'ann')).toEqual({ moves: [], open: ['say'] });
  });
});
