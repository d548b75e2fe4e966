import { describe, expect, it } from 'vitest';
import type { Match } from '../../src/engine/index.js';
import { clockLowAt } from '../../src/handlers/arm-turn-timer.js';
import { clockLowNotice, playerNotices } from '../../src/handlers/player-notices.js';

const base: Match = {
  game: 'tic-tac-toe',
  status: 'running',
  seats: 2,
  players: ['alice', 'bob'],
  state: {},
  currentPlayer: 'alice',
  turn: 1,
  version: 3,
  result: null,
  seed: 's',
  randomState: 0,
};
const at = (change: Partial<Match>): Match => ({ ...base, ...change });
const about = { matchId: 'm1', game: 'tic-tac-toe' };

describe('which away players hear of a change', () => {
  it.each([
    [
      'the turn passes to bob, away',
      base,
      at({ currentPlayer: 'bob', version: 4 }),
      ['alice'],
      [{ kind: 'your_turn', userId: 'bob', version: 4 }],
    ],
    ['the turn passes to bob, connected', base, at({ currentPlayer: 'bob', version: 4 }), ['alice', 'bob'], []],
    ['alice moves again (her turn still)', base, at({ turn: 2, version: 4 }), [], []],
    [
      'the match starts on alice, away',
      at({ status: 'waiting', currentPlayer: null, turn: 0 }),
      at({ version: 4 }),
      ['bob'],
      [{ kind: 'your_turn', userId: 'alice', version: 4 }],
    ],
    [
      'the match ends: every away player',
      base,
      at({ status: 'finished', currentPlayer: null, result: { winners: ['alice'] }, version: 4 }),
      ['alice'],
      [{ kind: 'match_finished', userId: 'bob', version: 4 }],
    ],
    ['a finished match changes again', at({ status: 'finished' }), at({ status: 'finished', version: 4 }), [], []],
    ['a refusal (nothing moved on)', base, at({ version: 4 }), [], []],
  ])('%s', (_case, previous, next, connected, expected) => {
    expect(playerNotices('m1', previous, next, new Set(connected))).toEqual(
      expected.map((notice) => ({ ...notice, ...about })),
    );
  });

  it('carries the deadline when the record has one', () => {
    const clock = {
      control: { turnMs: 30_000 },
      startedAt: 1_699_999_000_000,
      turnStartedAt: 1_699_999_970_000,
      deadline: 1_700_000_000_000,
      banks: null,
    };
    const next = at({ currentPlayer: 'bob', version: 4, clock });
    expect(playerNotices('m1', base, next, new Set())).toEqual([
      { kind: 'your_turn', userId: 'bob', version: 4, deadline: 1_700_000_000_000, ...about },
    ]);
  });
});

describe('clock_low: the warning before a turn runs out', () => {
  const timed = at({
    currentPlayer: 'bob',
    clock: { control: { turnMs: 60_000 }, startedAt: 0, turnStartedAt: 1_000, deadline: 61_000, banks: null },
  });

  it('goes to the player to move while the match is at that turn with time left', () => {
    expect(clockLowNotice('m1', timed, 1, 49_000)).toEqual({
      kind: 'clock_low',
      userId: 'bob',
      version: 3,
      deadline: 61_000,
      ...about,
    });
  });

  it.each([
    ['the turn moved on', timed, 2, 49_000],
    ['the time has run out', timed, 1, 61_000],
    ['the match finished', { ...timed, status: 'finished' as const, currentPlayer: null }, 1, 49_000],
    ['no clock', base, 1, 49_000],
  ])('is not sent when %s', (_case, match, turn, now) => {
    expect(clockLowNotice('m1', match, turn, now)).toBeUndefined();
  });
});

describe('when the clock_low warning is due', () => {
  it.each([
    ['a 60 s turn: a fifth before', 0, 60_000, 48_000],
    ['a 10 s turn: the 5 s floor', 0, 10_000, 5_000],
    ['a 9 s turn: too short for a warning', 0, 9_000, undefined],
    ['a 1 h turn: the 5 min ceiling', 0, 3_600_000, 3_300_000],
  ])('%s', (_case, turnStartedAt, deadline, expected) => {
    expect(clockLowAt(turnStartedAt, deadline, turnStartedAt)).toBe(expected);
  });

  it('is none when armed again after its time', () => {
    expect(clockLowAt(0, 60_000, 48_000)).toBeUndefined();
  });
});
