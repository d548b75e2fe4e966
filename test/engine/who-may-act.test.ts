import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type TicTacToeState, ticTacToe } from '../../games/tic-tac-toe.js';
import {
  applyMove,
  createMatch,
  defineGame,
  invalid,
  leaveWaitingMatch,
  type Match,
  movesFor,
  playLeave,
  playMove,
  seatPlayer,
} from '../../src/engine/index.js';
import { accepted, play, rejected, request, runningMatch } from './helpers.js';

const board = (match: Match) => (match.state as TicTacToeState).board;

describe('moves out of turn (tic-tac-toe: resign and draw offers)', () => {
  it('lets the player who is not to move resign, which ends the match for the other', () => {
    const match = runningMatch(ticTacToe, ['ann', 'bob']);
    expect(match.activePlayers).toEqual(['ann']);
    const resigned = accepted(applyMove(ticTacToe, match, request('bob', 'resign', {})));
    expect(resigned).toMatchObject({ status: 'finished', result: { winners: ['ann'] }, activePlayers: [] });
  });

  it('keeps the turn where it is after a draw offer, and only the other player may accept', () => {
    const match = play(ticTacToe, runningMatch(ticTacToe, ['ann', 'bob']), [['ann', 'place', { cell: 0 }]]);
    const offered = accepted(applyMove(ticTacToe, match, request('ann', 'offerDraw', {})));
    expect(offered).toMatchObject({ currentPlayer: 'bob', activePlayers: ['bob'], turn: match.turn + 1 });
    expect(rejected(applyMove(ticTacToe, offered, request('ann', 'acceptDraw', {}))).code).toBe('not_your_turn');
    expect(movesFor(ticTacToe, offered, 'bob')).toEqual(['place', 'resign', 'offerDraw', 'acceptDraw']);
    expect(movesFor(ticTacToe, offered, 'ann')).toEqual(['resign', 'offerDraw']);
    const drawn = accepted(applyMove(ticTacToe, offered, request('bob', 'acceptDraw', {})));
    expect(drawn).toMatchObject({ status: 'finished', result: { draw: true } });
  });

  it('lets a mark placed answer a draw offer with a no', () => {
    const match = runningMatch(ticTacToe, ['ann', 'bob']);
    const offered = accepted(applyMove(ticTacToe, match, request('bob', 'offerDraw', {})));
    const declined = accepted(applyMove(ticTacToe, offered, request('ann', 'place', { cell: 4 })));
    expect(movesFor(ticTacToe, declined, 'ann')).not.toContain('acceptDraw');
    expect(board(declined)[4]).toBe('X');
  });

  it('still refuses a turn move from the player who is not to move', () => {
    const match = runningMatch(ticTacToe, ['ann', 'bob']);
    expect(rejected(applyMove(ticTacToe, match, request('bob', 'place', { cell: 0 }))).code).toBe('not_your_turn');
    expect(movesFor(ticTacToe, match, 'carol')).toEqual([]);
    expect(movesFor(ticTacToe, match, null)).toEqual([]);
  });
});

/** Three players each add to their own tally; rounds where everyone acts at once, then one who leads. */
const tally = defineGame({
  name: 'tally',
  players: { min: 1, max: 4 },
  setup: ({ players }) => ({
    counts: Object.fromEntries(players.map((player) => [player, 0])) as Record<string, number>,
  }),
  moves: {
    add: {
      args: z.object({ n: z.number().int().min(1).max(3) }),
      apply: (state, { n }, ctx) => ({
        counts: { ...state.counts, [ctx.player]: (state.counts[ctx.player] ?? 0) + n },
      }),
    },
    // Two steps of one turn: the clock and the turn stay with the mover until `done`.
    draw: { args: z.object({}), endsTurn: false, apply: (state) => state },
    done: { args: z.object({}), apply: (state) => state },
    // Only a player with a count of at least 5 may boast.
    boast: {
      args: z.object({}),
      who: (state, ctx) => (state.counts[ctx.player] ?? 0) >= 5,
      apply: (state) => state,
    },
    cheat: { args: z.object({}), apply: () => invalid('no cheating') },
  },
  turn: {
    first: (_state, ctx) => ctx.players[ctx.random.int(ctx.players.length)] as string,
  },
  endIf: (state) => (Object.values(state.counts).some((count) => count >= 9) ? { draw: true } : undefined),
});

describe('who starts, who moves next, and turns of several moves', () => {
  it('lets the rules choose who starts, the same way for the same seed', () => {
    const starters = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const match = runningMatch(tally, ['ann', 'bob', 'cid'], `seed-${seed}`);
      expect(runningMatch(tally, ['ann', 'bob', 'cid'], `seed-${seed}`).currentPlayer).toBe(match.currentPlayer);
      expect(match.activePlayers).toEqual([match.currentPlayer]);
      starters.add(match.currentPlayer as string);
    }
    expect(starters.size).toBeGreaterThan(1);
  });

  it('keeps the turn with a player whose move does not end it, then passes it round the table', () => {
    const match = runningMatch(tally, ['ann', 'bob', 'cid'], 'seed-0');
    const first = match.currentPlayer as string;
    const drawn = accepted(applyMove(tally, match, request(first, 'draw', {})));
    expect(drawn.currentPlayer).toBe(first);
    const done = accepted(applyMove(tally, drawn, request(first, 'done', {})));
    expect(done.currentPlayer).toBe(match.players[(match.players.indexOf(first) + 1) % 3]);
  });

  it('asks a move’s own predicate who may make it, and refuses the rest with not_your_turn', () => {
    const match = runningMatch(tally, ['ann'], 'seed-0');
    expect(rejected(playMove(tally, match, request('ann', 'boast', {}))).code).toBe('not_your_turn');
    const rich = play(tally, match, [
      ['ann', 'add', { n: 3 }],
      ['ann', 'add', { n: 3 }],
    ]);
    expect(movesFor(tally, rich, 'ann')).toContain('boast');
    accepted(playMove(tally, rich, request('ann', 'boast', {})));
  });
});

describe('leaving', () => {
  it('frees a waiting match’s seat, and cancels a match its last player left', () => {
    let match = accepted(createMatch(tally, { seed: 's', seats: 3 }));
    match = accepted(seatPlayer(tally, match, 'ann'));
    match = accepted(seatPlayer(tally, match, 'bob'));
    const freed = accepted(leaveWaitingMatch(match, 'ann'));
    expect(freed).toMatchObject({ status: 'waiting', players: ['bob'], version: match.version + 1 });
    const cancelled = accepted(leaveWaitingMatch(freed, 'bob'));
    expect(cancelled).toMatchObject({ status: 'finished', players: [], result: { abandoned: true } });
    expect(rejected(leaveWaitingMatch(freed, 'ann')).code).toBe('not_a_player');
  });

  it('cancels a quick-match table for everyone when anyone leaves it before the start', () => {
    let table: Match = { ...accepted(createMatch(tally, { seed: 's', seats: 3 })), quickMatch: true };
    table = accepted(seatPlayer(tally, table, 'ann'));
    table = accepted(seatPlayer(tally, table, 'bob'));
    const left = accepted(leaveWaitingMatch(table, 'ann'));
    expect(left).toMatchObject({ status: 'finished', players: ['bob'], result: { abandoned: true } });
    expect(rejected(seatPlayer(tally, left, 'ann')).code).toBe('game_not_running');
  });

  it('takes a player out of a running match: the turn moves on, they cannot move again, the rest play on', () => {
    const match = runningMatch(tally, ['ann', 'bob', 'cid'], 'seed-0');
    const leaver = match.currentPlayer as string;
    const after = accepted(playLeave(tally, match, { player: leaver, at: 0 })).next;
    expect(after).toMatchObject({ status: 'running', left: [leaver], turn: match.turn + 1 });
    expect(after.currentPlayer).not.toBe(leaver);
    expect(rejected(playMove(tally, after, request(leaver, 'add', { n: 1 }))).code).toBe('player_left');
    expect(rejected(playLeave(tally, after, { player: leaver, at: 0 })).code).toBe('player_left');
    expect(movesFor(tally, after, leaver)).toEqual([]);
  });

  it('ends the match when one player is left standing, who wins; a leaver never wins', () => {
    const match = runningMatch(tally, ['ann', 'bob', 'cid'], 'seed-0');
    const once = accepted(playLeave(tally, match, { player: 'ann', at: 0 })).next;
    const twice = accepted(playLeave(tally, once, { player: 'cid', at: 0 })).next;
    expect(twice).toMatchObject({ status: 'finished', result: { winners: ['bob'] }, left: ['ann', 'cid'] });
    expect(rejected(playLeave(tally, twice, { player: 'bob', at: 0 })).code).toBe('game_not_running');
  });
});
