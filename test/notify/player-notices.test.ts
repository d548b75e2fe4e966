import { describe, expect, it } from 'vitest';
import type { Match } from '../../src/engine/index.js';
import { clockLowAt } from '../../src/handlers/arm-turn-timer.js';
import { clockLowNotices, playerNotices } from '../../src/handlers/player-notices.js';

const base: Match = {
  game: 'tic-tac-toe',
  status: 'running',
  seats: 2,
  players: ['alice', 'bob'],
  state: {},
  currentPlayer: 'alice',
  activePlayers: ['alice'],
  left: [],
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
      at({ currentPlayer: 'bob', activePlayers: ['bob'], version: 4 }),
      ['alice'],
      [{ kind: 'your_turn', userId: 'bob', version: 4 }],
    ],
    [
      'the turn passes to bob, connected',
      base,
      at({ currentPlayer: 'bob', activePlayers: ['bob'], version: 4 }),
      ['alice', 'bob'],
      [],
    ],
    ['alice moves again (her turn still)', base, at({ turn: 2, version: 4 }), [], []],
    [
      'the match starts on alice, away',
      at({ status: 'waiting', currentPlayer: null, activePlayers: [], turn: 0 }),
      at({ version: 4 }),
      ['bob'],
      [{ kind: 'your_turn', userId: 'alice', version: 4 }],
    ],
    [
      'the match ends: every away player',
      base,
      at({ status: 'finished', currentPlayer: null, activePlayers: [], result: { winners: ['alice'] }, version: 4 }),
      ['alice'],
      [{ kind: 'match_finished', userId: 'bob', version: 4 }],
    ],
    ['a finished match changes again', at({ status: 'finished' }), at({ status: 'finished', version: 4 }), [], []],
    ['a refusal (nothing moved on)', base, at({ version: 4 }), [], []],
    [
      'a round where both act at once: each away player who could not act before',
      at({ activePlayers: ['alice'] }),
      at({ activePlayers: ['alice', 'bob'], version: 4 }),
      [],
      [{ kind: 'your_turn', userId: 'bob', version: 4 }],
    ],
    [
      'the match ends: not those who left',
      at({ players: ['alice', 'bob', 'carol'], left: ['carol'] }),
      at({
        players: ['alice', 'bob', 'carol'],
        left: ['carol'],
        status: 'finished',
        activePlayers: [],
        result: { winners: ['alice'] },
        version: 4,
      }),
      [],
      [
        { kind: 'match_finished', userId: 'alice', version: 4 },
        { kind: 'match_finished', userId: 'bob', version: 4 },
      ],
    ],
  ])('%s', (_case, previous, next, connected, expected) => {
    expect(playerNotices('m1', previous, next, new Set(connected))).toEqual(
      expected.map((notice) => ({ ...notice, ...about })),
    );
  });

  it('carries the deadline when the record has one', () => {
    const clock = {
      control: { turnMs: 30_000 },
      startedAt: 1_699_999_000_000,
      running: [{ seat: 1, since: 1_699_999_970_000, deadline: 1_700_000_000_000 }],
      turnStartedAt: 1_699_999_970_000,
      deadline: 1_700_000_000_000,
      banks: null,
    };
    const next = at({ currentPlayer: 'bob', activePlayers: ['bob'], version: 4, clock });
    expect(playerNotices('m1', base, next, new Set())).toEqual([
      { kind: 'your_turn', userId: 'bob', version: 4, deadline: 1_700_000_000_000, ...about },
    ]);
  });
});

describe('clock_low: the warning before a turn runs out', () => {
  const timed = at({
    currentPlayer: 'bob',
    activePlayers: ['bob'],
    clock: {
      control: { turnMs: 60_000 },
      startedAt: 0,
      running: [{ seat: 1, since: 1_000, deadline: 61_000 }],
      turnStartedAt: 1_000,
      deadline: 61_000,
      banks: null,
    },
  });
  const bobLow = { kind: 'clock_low', userId: 'bob', version: 3, deadline: 61_000, ...about };

  it('goes to each player whose clock runs, once their warning time has come, with time left', () => {
    expect(clockLowNotices('m1', timed, 49_000)).toEqual([bobLow]);
    const both = at({
      activePlayers: ['alice', 'bob'],
      clock: {
        control: { turnMs: 60_000 },
        startedAt: 0,
        running: [
          { seat: 0, since: 30_000, deadline: 90_000 },
          { seat: 1, since: 1_000, deadline: 61_000 },
        ],
        turnStartedAt: 1_000,
        deadline: 61_000,
        banks: null,
      },
    });
    expect(clockLowNotices('m1', both, 49_000)).toEqual([bobLow]);
    expect(clockLowNotices('m1', both, 80_000).map((notice) => notice.userId)).toEqual(['alice']);
  });

  it.each([
    ['the warning time has not come', timed, 40_000],
    ['the time has run out', timed, 61_000],
    ['the match finished', { ...timed, status: 'finished' as const, currentPlayer: null }, 49_000],
    ['no clock', base, 49_000],
  ])('is not sent when %s', (_case, match, now) => {
    expect(clockLowNotices('m1', match, now)).toEqual([]);
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
