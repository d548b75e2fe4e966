import type { Match } from '../engine/index.js';
import type { PlayerNotice } from '../ports/index.js';

/**
 * Who must hear about a change of a match, decided from the record before and after it and the users
 * who had a live connection when it was announced. A player is away when seated without one; a
 * connected player has just been sent the new state and needs no nudge. Pure: the handler calls it
 * after the acks and the fan-out went out, and hands the result to the Notifier.
 *
 * - `your_turn`: the turn passed to an away player (or the match started on their turn);
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
    return unique(next.players)
      .filter(away)
      .map((userId) => ({ kind: 'match_finished', userId, ...about }));
  }
  const player = next.currentPlayer;
  if (next.status !== 'running' || player === null || !away(player)) return [];
  const turnPassed = previous.status !== 'running' || previous.currentPlayer !== player;
  if (!turnPassed) return [];
  const deadline = turnDeadline(next);
  return [{ kind: 'your_turn', userId: player, ...about, ...(deadline === undefined ? {} : { deadline }) }];
}

/**
 * The `clock_low` notice a turn's warning timer (arm-turn-timer.ts) may send: to the player to move,
 * only while the match is still running at that turn and its time has not yet run out. Whether that
 * player is away is the caller's question (it takes a look at the connections). Pure.
 */
export function clockLowNotice(matchId: string, match: Match, turn: number, now: number): PlayerNotice | undefined {
  const deadline = turnDeadline(match);
  const player = match.currentPlayer;
  if (match.status !== 'running' || match.turn !== turn || player === null) return undefined;
  if (deadline === undefined || deadline <= now) return undefined;
  return { kind: 'clock_low', userId: player, matchId, game: match.game, version: match.version, deadline };
}

/** The current turn's deadline (epoch milliseconds) when the match has a clock that runs now. */
export const turnDeadline = (match: Match): number | undefined => match.clock?.deadline ?? undefined;

const unique = (players: readonly string[]) => [...new Set(players)];
