import { describe, expect, it } from 'vitest';
import { type AnyGame, createMatch, type Match, playMove, playTimeout, seatPlayer } from '../../src/engine/index.js';
import { simultaneous } from './clock-games.js';
import { accepted, rejected } from './helpers.js';

const T0 = 1_700_000_000_000;

function started(game: AnyGame, players = ['ann', 'bob']): Match {
  let match = accepted(createMatch(game, { seed: 's', seats: players.length }));
  for (const player of players) match = accepted(seatPlayer(game, match, player, T0));
  return match;
}

const at = (game: AnyGame, match: Match, player: string, move: string, time: number) =>
  accepted(playMove(game, match, { player, move, args: {}, at: time })).next;

describe('clocks when several players may act at once', () => {
  const bank = { bankMs: 10_000, incrementMs: 1_000 };

  it('runs a clock for each active player, and charges a bank only for its owner’s own time', () => {
    const game = simultaneous(bank);
    const match = started(game);
    expect(match.activePlayers).toEqual(['ann', 'bob']);
    expect(match.clock?.running).toEqual([
      { seat: 0, since: T0, deadline: T0 + 10_000 },
      { seat: 1, since: T0, deadline: T0 + 10_000 },
    ]);
    const annMoved = at(game, match, 'ann', 'tick', T0 + 3_000);
    // Ann paid her 3 s and earned her increment; Bob's clock runs on untouched.
    expect(annMoved.clock?.banks).toEqual([8_000, 10_000]);
    expect(annMoved.clock?.running).toEqual([{ seat: 1, since: T0, deadline: T0 + 10_000 }]);
    expect(annMoved.activePlayers).toEqual(['bob']);
  });

  it('times out the player who ran out, names them, and leaves the other’s bank alone', () => {
    const game = simultaneous(bank, { lose: true });
    const match = started(game, ['ann', 'bob', 'cid']);
    const annMoved = at(game, match, 'ann', 'tick', T0 + 3_000);
    const cidMoved = at(game, annMoved, 'cid', 'tick', T0 + 4_000);
    expect(playTimeout(game, cidMoved, { at: T0 + 9_999 })).toEqual({ ok: false, skip: 'not_due' });
    const played = playTimeout(game, cidMoved, { at: T0 + 10_500 });
    if (!played.ok) throw new Error(played.skip);
    expect(played.value.player).toBe('bob');
    expect(played.value.outcome).toEqual({ kind: 'lost' });
    const next = played.value.next;
    expect(next.left).toEqual(['bob']);
    expect(next.clock?.banks).toEqual([8_000, 0, 7_000]);
    // The round is over without bob: ann and cid start the next one with fresh clocks.
    expect(next.activePlayers).toEqual(['ann', 'cid']);
    expect(next.clock?.running.map((turn) => turn.seat)).toEqual([0, 2]);
    // The same timer firing again finds nobody overdue.
    expect(playTimeout(game, next, { at: T0 + 10_600 })).toEqual({ ok: false, skip: 'not_due' });
  });

  it('a move by someone whose clock does not run neither charges nor resets anyone’s clock', () => {
    const game = simultaneous(bank);
    const annMoved = at(game, started(game), 'ann', 'tick', T0 + 3_000);
    const noted = at(game, annMoved, 'ann', 'note', T0 + 5_000);
    expect(noted.clock?.banks).toEqual(annMoved.clock?.banks);
    expect(noted.clock?.running).toEqual(annMoved.clock?.running);
  });

  it('refuses a move made after the mover’s own deadline, whatever the others’ clocks say', () => {
    const game = simultaneous({ turnMs: 5_000 });
    const annMoved = at(game, started(game), 'ann', 'tick', T0 + 1_000);
    expect(rejected(playMove(game, annMoved, { player: 'bob', move: 'tick', args: {}, at: T0 + 5_000 })).code).toBe(
      'time_up',
    );
  });
});
