import { botOf, replaceLeaver } from '../bots/index.js';
import { accept, LEAVE_MOVE, leaveWaitingMatch, playLeave, reject } from '../engine/index.js';
import type { MoveLogEntry } from '../ports/index.js';
import { isLeaveEntry, leaveMoveId, type MatchSummary, type QueuedLeave } from '../protocol/index.js';
import { continueBots } from './bot-turns.js';
import type { HandlerDeps } from './deps.js';
import { changeMatch, type LobbyDeps, type LobbyResult, summarize } from './lobby.js';
import { withRetries } from './retry.js';
import type { SettleDeps } from './settle-and-announce.js';
import { isLatestStep, type SteppedBy, settleStep } from './settle-step.js';

export type LeaveDeps = LobbyDeps & SettleDeps & Pick<HandlerDeps, 'ordering' | 'queue'>;

/** What `POST /api/matches/{id}/leave` answers: the match, and whether the leave still waits in the queue. */
export interface LeaveAnswer {
  readonly match: MatchSummary;
  /** `fifo` mode: the leave is queued in the match's order; the new state reaches the match's sockets. */
  readonly queued: boolean;
}

/**
 * A player leaves a match. A waiting match frees their seat (and, left empty, is cancelled); a running
 * one takes a step in the match's own order, like a timeout: queued in `fifo` mode, settled here in
 * `direct` mode. Leaving twice, or leaving a finished match, changes nothing and answers the match.
 */
export async function leaveMatch(deps: LeaveDeps, id: string, userId: string): Promise<LobbyResult<LeaveAnswer>> {
  const stored = await deps.matches.get(id);
  if (stored === undefined) return reject('unknown_game', `there is no match "${id}"`);
  const { match } = stored;
  if (!match.players.includes(userId)) return reject('not_a_player', 'you are not seated in this match');
  const answer = (summary: MatchSummary, queued = false) => accept({ match: summary, queued });

  const gone = match.left.includes(userId) || botOf(match, userId) !== undefined;
  if (match.status === 'finished' || gone) return answer(summarize(stored, deps.clock.now()));
  if (match.status === 'waiting') {
    const left = await changeMatch(deps, id, (_game, current) => leaveWaitingMatch(current, userId));
    return left.ok ? answer(left.value) : left;
  }
  if (deps.ordering === 'fifo') {
    const { queue } = deps;
    if (queue === undefined) throw new Error('ordering mode fifo needs a move queue for leaves');
    const message: QueuedLeave = { system: 'leave', gameSessionId: id, userId, requestedAt: deps.clock.now() };
    await withRetries(() => queue.send(message));
    return answer(summarize(stored, deps.clock.now()), true);
  }
  if ((await settleLeave(deps, { gameSessionId: id, userId }, 'direct')) === 'conflict') {
    throw new Error(`match ${id} kept changing under ${userId}'s leave`);
  }
  const after = (await deps.matches.get(id)) ?? stored;
  return answer(summarize(after, deps.clock.now()));
}

/**
 * Settles a leave (settle-step.ts): the player is out of the match from this step on, logged with
 * `$leave`; or, when the match's creator chose a bot for leavers (and the game allows it), that bot
 * plays their seat from now on, which is no step of the game (nothing is logged, the rules see
 * nothing). A leave that no longer applies (the match ended, they already left) changes nothing.
 */
export async function settleLeave(
  deps: SettleDeps,
  leave: Pick<QueuedLeave, 'gameSessionId' | 'userId'>,
  by: SteppedBy,
): Promise<'done' | 'conflict'> {
  const step = { matchId: leave.gameSessionId, label: 'leave' } as const;
  const settled = await settleStep(
    deps,
    step,
    (game, stored, now) => {
      const replaced = replaceLeaver(stored.match, leave.userId);
      if (replaced !== undefined) return { kind: 'apply', next: replaced };
      const played = playLeave(game, stored.match, { player: leave.userId, at: now });
      if (!played.ok) {
        const thisLeave = (entry: MoveLogEntry) => isLeaveEntry(entry) && entry.player === leave.userId;
        return isLatestStep(stored, thisLeave) ? { kind: 'finish' } : { kind: 'skip', reason: played.error.code };
      }
      const { next } = played.value;
      const entry: MoveLogEntry = {
        version: next.version,
        player: leave.userId,
        seq: 0,
        moveId: leaveMoveId(stored.match.turn),
        move: LEAVE_MOVE,
        args: null,
        at: now,
      };
      return { kind: 'apply', next, entry };
    },
    by,
  );
  if (settled.kind === 'conflict') return 'conflict';
  if (settled.kind !== 'unknown') await continueBots(deps, settled.written);
  return 'done';
}
