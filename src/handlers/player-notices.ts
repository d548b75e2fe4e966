import { type Match, runningTurnOf } from '../engine/index.js';
import type { PlayerNotice } from '../ports/index.js';
import { clockLowAt } from './arm-turn-timer.js';

/**
 * Who must hear about a change of a match, decided from the record before and after it and the users
 * who had a live connection when it was announced. A player is away when seated without one; a
 * connected player has just been sent the new state and needs no nudge. Pure: the handler calls it
 * after the acks and the fan-out went out, and hands the result to the Notifier.
 *
 * - `your_turn`: an away player may now act who could not before (the turn passed to them, the match
 *   started on their turn, or a round where everyone acts at once began);
 * - `match_finished`: the match ended, to every away player.
 *
 * (`clock_low` is not a change of the match: its timer decides it, see `clockLowNotice`.)
 */
export function playerNotices(
  matchId: string,
  previous: Match,
  next: Match,
  connected: ReadonlySet<string>,
): PlayerNotice[] {
  const away = (userId: string) => !connected.has(userId);
  const about = { matchId, game: next.game, version: next.version };

  if (next.status === 'finished') {
    if (previous.status === 'finished') return [];
    // Who left chose to: they hear nothing more of the match.
    return unique(next.players)
      .filter((userId) => away(userId) && !next.left.includes(userId))
      .map((userId) => ({ kind: 'match_finished', userId, ...about }));
  }
  if (next.status !== 'running') return [];
  const wasActive = (userId: string) => previous.status === 'running' && previous.activePlayers.includes(userId);
  return next.activePlayers
    .filter((userId) => away(userId) && !wasActive(userId))
    .map((userId) => {
      const deadline = deadlineOf(next, userId);
      return { kind: 'your_turn', userId, ...about, ...(deadline === undefined ? {} : { deadline }) };
    });
}

/**
 * The `clock_low` notices a warning timer (arm-turn-timer.ts) may send: to each player whose clock
 * runs, whose warning time (clockLowAt) has come and whose time has not yet run out. Whether they
 * are away is the caller's question (it takes a look at the connections). Pure.
 */
export function clockLowNotices(matchId: string, match: Match, now: number): PlayerNotice[] {
  if (match.status !== 'running' || match.clock === undefined) return [];
  return match.clock.running.flatMap(({ seat, since, deadline }) => {
    const userId = match.players[seat];
    if (userId === undefined || deadline === null || deadline <= now) return [];
    const warnAt = clockLowAt(since, deadline, since);
    if (warnAt === undefined || warnAt > now) return [];
    return [{ kind: 'clock_low', userId, matchId, game: match.game, version: match.version, deadline }];
  });
}

/** When `player`'s own time runs out (epoch milliseconds), while their clock runs. */
export function deadlineOf(match: Match, player: string): number | undefined {
  const turn = runningTurnOf(match.clock, match.players.indexOf(player));
  return turn?.deadline ?? undefined;
}

const unique = (players: readonly string[]) => [...new Set(players)];
