import { describe, expect, it } from 'vitest';
import { ticTacToe } from '../../games/tic-tac-toe.js';
import {
  createMatch,
  type Match,
  playMove,
  playTimeout,
  replay,
  seatPlayer,
  startMatch,
} from '../../src/engine/index.js';
import { suddenDeath, timedCounter } from './clock-games.js';
import { accepted, rejected } from './helpers.js';

const T0 = 1_700_000_000_000;

function started(
  game: ReturnType<typeof timedCounter>,
  timeControl?: Parameters<typeof createMatch>[1]['timeControl'],
) {
  let match: Match = accepted(createMatch(game, { seed: 's', seats: 2, ...(timeControl ? { timeControl } : {}) }));
  for (const player of ['ann', 'bob']) match = accepted(seatPlayer(game, match, player, T0));
  return match;
}

describe('time controls at match creation', () => {
  it('gives a match the game default, or the creator’s pick within the bounds', () => {
    expect(started(timedCounter()).clock?.control).toEqual({ turnMs: 1_000 });
    expect(started(timedCounter(), { bankMs: 60_000, delayMs: 2_000 }).clock?.control).toEqual({
      bankMs: 60_000,
      delayMs: 2_000,
    });
  });

  it.each([
    [{ turnMs: 0 }, 'turnMs must be at least 1'],
    [{ turnMs: 120_000 }, 'timed-counter allows turnMs from 1 to 60000'],
    [{ turnMs: 1.5 }, 'turnMs must be a whole number'],
    [{ incrementMs: 100 }, 'a time control needs turnMs or bankMs'],
    [{ turnMs: 1000, incrementMs: 100 }, 'incrementMs and delayMs need a bank'],
    [{ bankMs: 1000, incrementMs: 1, delayMs: 1 }, 'an increment or a delay, not both'],
  ])('refuses %j with bad_args', (timeControl, message) => {
    const error = rejected(createMatch(timedCounter(), { seed: 's', seats: 2, timeControl }));
    expect(error.code).toBe('bad_args');
    expect(error.message).toContain(message);
  });

  it('refuses a pick of a field the game does not let matches choose, and any pick for an untimed game', () => {
    const game = suddenDeath();
    const fixed = { ...game, clock: game.clock && { ...game.clock, allow: {} } };
    expect(rejected(createMatch(fixed, { seed: 's', timeControl: { bankMs: 10 } })).message).toContain(
      'does not let a match choose bankMs',
    );
    const untimed = { ...ticTacToe, clock: undefined };
    expect(rejected(createMatch(untimed, { seed: 's', timeControl: { turnMs: 10 } })).message).toContain(
      'has no clock',
    );
  });

  it('starts the clock when the match starts', () => {
    const game = timedCounter();
    const match = started(game);
    expect(match.clock).toMatchObject({ startedAt: T0, turnStartedAt: T0, deadline: T0 + 1_000, banks: null });
    const waiting = accepted(seatPlayer(game, accepted(createMatch(game, { seed: 's', seats: 3 })), 'ann', T0));
    expect(waiting.clock?.deadline).toBeNull();
    // Without a time (a rules test that ignores clocks) the match starts at 0 and time stands still.
    expect(accepted(startMatch(game, accepted(seatPlayer(game, waiting, 'bob')))).clock?.deadline).toBe(1_000);
  });
});

describe('moves against the clock', () => {
  it('charges the mover’s bank beyond the delay, adds the increment, and leaves other banks alone', () => {
    const game = timedCounter();
    const match = started(game, { bankMs: 10_000, incrementMs: 1_000 });
    expect(match.clock).toMatchObject({ banks: [10_000, 10_000], deadline: T0 + 10_000 });
    const next = accepted(playMove(game, match, { player: 'ann', move: 'add', args: { n: 1 }, at: T0 + 4_000 })).next;
    expect(next.clock).toMatchObject({ banks: [7_000, 10_000], turnStartedAt: T0 + 4_000, deadline: T0 + 14_000 });

    const delayed = started(game, { bankMs: 10_000, delayMs: 3_000 });
    const after = accepted(playMove(game, delayed, { player: 'ann', move: 'add', args: { n: 1 }, at: T0 + 4_000 }));
    expect(after.next.clock).toMatchObject({ banks: [9_000, 10_000], deadline: T0 + 4_000 + 3_000 + 10_000 });
  });

  it('refuses a move at or after the deadline with time_up, and accepts one just before it', () => {
    const game = timedCounter();
    const match = started(game);
    const late = { player: 'ann', move: 'add', args: { n: 1 }, at: T0 + 1_000 };
    expect(rejected(playMove(game, match, late)).code).toBe('time_up');
    expect(playMove(game, match, { ...late, at: T0 + 999 }).ok).toBe(true);
  });

  it('takes a move without a time as made when its turn started: no clock runs out', () => {
    const game = timedCounter();
    const next = accepted(playMove(game, started(game), { player: 'ann', move: 'add', args: { n: 1 } })).next;
    expect(next.clock).toMatchObject({ turnStartedAt: T0, deadline: T0 + 1_000 });
  });
});

describe('timeouts', () => {
  it('plays the rules’ choice for the player whose time ran out, once, and only when due', () => {
    const game = timedCounter();
    const match = started(game);
    expect(playTimeout(game, match, { at: T0 + 999 })).toEqual({ ok: false, skip: 'not_due' });
    const played = playTimeout(game, match, { at: T0 + 1_200 });
    if (!played.ok) throw new Error(played.skip);
    expect(played.value.player).toBe('ann');
    expect(played.value.outcome).toMatchObject({ kind: 'move', move: 'add' });
    expect(played.value.next).toMatchObject({ turn: 2, currentPlayer: 'bob', version: match.version + 1 });
    expect(played.value.next.clock?.deadline).toBe(T0 + 1_200 + 1_000);
    expect(played.value.next.randomState).toBeGreaterThan(match.randomState);
    // The same timer firing again (or late) finds no clock past its deadline: it changes nothing.
    expect(playTimeout(game, played.value.next, { at: T0 + 1_300 })).toEqual({ ok: false, skip: 'not_due' });
  });

  it('without onTimeout, the player who ran out loses: banks end at zero, never below', () => {
    const game = suddenDeath();
    let match: Match = accepted(createMatch(game, { seed: 's', seats: 2 }));
    for (const player of ['ann', 'bob']) match = accepted(seatPlayer(game, match, player, T0));
    const played = playTimeout(game, match, { at: T0 + 60_000 });
    if (!played.ok) throw new Error(played.skip);
    expect(played.value.outcome).toEqual({ kind: 'lost' });
    expect(played.value.next).toMatchObject({ status: 'finished', result: { winners: ['bob'] }, currentPlayer: null });
    expect(played.value.next.clock).toMatchObject({ banks: [0, 5_000], deadline: null, turnStartedAt: null });
    expect(playTimeout(game, played.value.next, { at: T0 + 90_000 })).toEqual({
      ok: false,
      skip: 'not_running',
    });
  });

  it('plays a move the caller chose instead (a bot’s), and a replay told that move plays it again', () => {
    const game = timedCounter();
    const match = started(game);
    const choose = (player: string) => (player === 'ann' ? { move: 'add', args: { n: 3 } } : undefined);
    const played = playTimeout(game, match, { at: T0 + 1_200, choose });
    if (!played.ok) throw new Error(played.skip);
    expect(played.value).toMatchObject({
      player: 'ann',
      chosenByCaller: true,
      outcome: { move: 'add', args: { n: 3 } },
    });
    // The rules drew nothing to choose: the match's random source is where it was.
    expect(played.value.next.randomState).toBe(match.randomState);
    const chosen = { move: 'add', args: { n: 3 } };
    expect(replay(game, match, [{ kind: 'timeout', player: 'ann', at: T0 + 1_200, chosen }])).toEqual(
      played.value.next,
    );
    // A choice the rules refuse falls back to the game's own; a replay that logged it refuses to diverge.
    const refused = playTimeout(game, match, { at: T0 + 1_200, choose: () => ({ move: 'add', args: { n: -1 } }) });
    expect(refused).toMatchObject({ ok: true, value: { chosenByCaller: false, outcome: { kind: 'move' } } });
    const bad = { move: 'add', args: { n: -1 } };
    expect(() => replay(game, match, [{ kind: 'timeout', at: T0 + 1_200, chosen: bad }])).toThrow(/step 1/);
  });

  it('never applies to an untimed match', () => {
    let match: Match = accepted(createMatch(ticTacToe, { seed: 's' }));
    for (const player of ['ann', 'bob']) match = accepted(seatPlayer(ticTacToe, match, player));
    expect(playTimeout(ticTacToe, match, { at: Number.MAX_SAFE_INTEGER })).toEqual({
      ok: false,
      skip: 'not_running',
    });
  });
});
