import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { applyMove, defineGame, type GameContext, invalid, type Match, viewFor } from '../../src/engine/index.js';
import { accepted, play, rejected, request, runningMatch } from './helpers.js';

interface Counter {
  readonly total: number;
  readonly log: readonly string[];
}

/** A tiny game that exercises the engine's defaults: round robin, the whole state as the view, no end. */
const counter = defineGame({
  name: 'counter',
  players: { min: 1, max: 3 },
  setup: (): Counter => ({ total: 0, log: [] }),
  moves: {
    add: {
      args: z.object({ by: z.number().int().positive() }),
      apply: (state, { by }, ctx) =>
        by > 10 ? invalid('at most 10 at a time') : { total: state.total + by, log: [...state.log, ctx.currentPlayer] },
    },
    scribble: {
      args: z.object({}),
      apply(state) {
        (state.log as string[]).push('scribbled');
        return state;
      },
    },
  },
});

describe('applyMove with the engine’s defaults', () => {
  it('passes the turn round robin by seat and wraps around', () => {
    const match = play(counter, runningMatch(counter, ['a', 'b', 'c']), [
      ['a', 'add', { by: 1 }],
      ['b', 'add', { by: 2 }],
      ['c', 'add', { by: 3 }],
    ]);
    expect(match.currentPlayer).toBe('a');
    expect(match.state).toEqual({ total: 6, log: ['a', 'b', 'c'] });
    expect(match.status).toBe('running');
  });

  it('lets a one-player game keep the turn', () => {
    const match = play(counter, runningMatch(counter, ['solo']), [['solo', 'add', { by: 1 }]]);
    expect(match.currentPlayer).toBe('solo');
  });

  it('shows everyone the whole state when the game declares no playerView', () => {
    const match = runningMatch(counter, ['a', 'b']);
    expect(viewFor(counter, match, 'b')).toBe(match.state);
    expect(viewFor(counter, match, null)).toBe(match.state);
  });

  it('shows nothing before the match has a state', () => {
    const waiting: Match = { ...runningMatch(counter, ['a']), status: 'waiting', state: null };
    expect(viewFor(counter, waiting, 'a')).toBeNull();
  });

  it('returns the rule’s own reason as invalid_move, and a readable bad_args', () => {
    const match = runningMatch(counter, ['a']);
    expect(rejected(applyMove(counter, match, request('a', 'add', { by: 11 })))).toEqual({
      code: 'invalid_move',
      message: 'at most 10 at a time',
    });
    expect(rejected(applyMove(counter, match, request('a', 'add', { by: -1 }))).message).toMatch(/^by: /);
  });

  it('makes a rule that mutates its state fail loudly instead of corrupting the match', () => {
    const match = runningMatch(counter, ['a']);
    const before = structuredClone(match);
    expect(() => applyMove(counter, match, request('a', 'scribble', {}))).toThrow(TypeError);
    expect(match).toEqual(before);
  });

  it('does not freeze or otherwise touch a state it was handed (for instance one just read from a store)', () => {
    const stored: Match = JSON.parse(JSON.stringify(runningMatch(counter, ['a'])));
    const next = accepted(applyMove(counter, stored, request('a', 'add', { by: 2 })));
    expect(Object.isFrozen(stored.state)).toBe(false);
    expect(Object.isFrozen(next.state)).toBe(true);
    expect(() => applyMove(counter, stored, request('a', 'scribble', {}))).toThrow(TypeError);
    expect(stored.state).toEqual({ total: 0, log: [] });
  });
});

describe('applyMove guards states against rules that mutate them', () => {
  /** A rule that freezes its result itself, but not the list inside; and one that then pushes to it. */
  const sloppy = defineGame({
    name: 'sloppy',
    players: { min: 1, max: 1 },
    setup: () => ({ list: [] as number[] }),
    moves: {
      append: { args: z.number(), apply: (state, n) => Object.freeze({ list: [...state.list, n] }) },
      push: {
        args: z.number(),
        apply(state, n) {
          state.list.push(n);
          return state;
        },
      },
    },
  });

  it('freezes the whole returned state, even under an object the rule froze itself', () => {
    const game = sloppy;
    const appended = play(game, runningMatch(game, ['a']), [['a', 'append', 1]]);
    expect(() => applyMove(game, appended, request('a', 'push', 2))).toThrow(TypeError);
    expect(appended.state).toEqual({ list: [1] });
  });

  it('copies a state that is frozen only on top before a rule sees it', () => {
    const game = sloppy;
    const list = [1];
    const handed: Match = { ...runningMatch(game, ['a']), state: Object.freeze({ list }) };
    expect(() => applyMove(game, handed, request('a', 'push', 2))).toThrow(TypeError);
    expect(list).toEqual([1]);
    expect(Object.isFrozen(list)).toBe(false);
  });
});

describe('applyMove with a custom turn order and end', () => {
  const next = (_state: { moves: number }, ctx: GameContext) => (ctx.turn % 2 === 1 ? ctx.currentPlayer : 'b');
  const twice = defineGame({
    name: 'twice',
    players: { min: 2, max: 2 },
    setup: () => ({ moves: 0 }),
    moves: { go: { args: z.null(), apply: (state) => ({ moves: state.moves + 1 }) } },
    turn: { next },
    endIf: (state, ctx) => (state.moves === 3 ? { winners: [ctx.currentPlayer] } : undefined),
  });

  it('asks turn.next who moves next, and ends through endIf with the mover as context', () => {
    const game = twice;
    const start = runningMatch(game, ['a', 'b']);
    const afterOne = play(game, start, [['a', 'go', null]]);
    expect(afterOne.currentPlayer).toBe('a');
    const afterTwo = play(game, afterOne, [['a', 'go', null]]);
    expect(afterTwo.currentPlayer).toBe('b');
    const end = play(game, afterTwo, [['b', 'go', null]]);
    expect(end).toMatchObject({ status: 'finished', result: { winners: ['b'] }, currentPlayer: null, turn: 4 });
  });

  it('treats a turn.next that names an unseated player as a bug in the game, and throws', () => {
    const rogue = defineGame({
      name: 'rogue',
      players: { min: 1, max: 1 },
      setup: () => ({}),
      moves: { go: { args: z.unknown(), apply: (state) => state } },
      turn: { next: () => 'nobody' },
    });
    expect(() => applyMove(rogue, runningMatch(rogue, ['a']), request('a', 'go', 1))).toThrow(/nobody/);
  });
});

describe('defineGame', () => {
  const base = {
    name: 'ok',
    players: { min: 1, max: 2 },
    setup: () => ({}),
    moves: { go: { args: z.unknown(), apply: (state: object) => state } },
  };

  it.each([
    ['a name with capitals', { name: 'Chess' }],
    ['a name with spaces', { name: 'my game' }],
    ['an empty name', { name: '' }],
    ['no players', { players: { min: 0, max: 2 } }],
    ['max below min', { players: { min: 3, max: 2 } }],
    ['fractional players', { players: { min: 1.5, max: 2 } }],
    ['no moves', { moves: {} }],
  ])('throws a GameDefinitionError for %s', (_name, override) => {
    expect(() => defineGame({ ...base, ...(override as Partial<typeof base>) })).toThrow(
      expect.objectContaining({ name: 'GameDefinitionError' }),
    );
  });

  it('returns a new object and leaves the author’s definition untouched', () => {
    const definition = structuredClone({ name: base.name, players: base.players });
    const game = defineGame(base);
    expect(game).not.toBe(base);
    expect({ name: base.name, players: base.players }).toEqual(definition);
    expect(Object.keys(base)).toEqual(['name', 'players', 'setup', 'moves']);
  });
});
