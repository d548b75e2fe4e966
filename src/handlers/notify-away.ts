import type { Match } from '../engine/index.js';
import type { HandlerDeps } from './deps.js';
import { describeError } from './log-fields.js';
import { playerNotices } from './player-notices.js';

export type NotifyDeps = Pick<HandlerDeps, 'notifier' | 'logger'>;

/**
 * Last, after every ack and state went out: players who are away hear of a change of the match
 * (player-notices.ts decides who and what). Every writer that can pass a turn or end a match calls
 * this one helper: a settled move, a settled timeout, a lobby change that starts a match. The
 * Notifier never throws; the guard keeps it that way, so a notice can never fail what was written.
 */
export async function notifyAway(
  deps: NotifyDeps,
  matchId: string,
  previous: Match,
  next: Match,
  connected: ReadonlySet<string>,
): Promise<void> {
  if (deps.notifier === undefined) return;
  const notices = playerNotices(matchId, previous, next, connected);
  if (notices.length === 0) return;
  try {
    await deps.notifier.notify(notices);
  } catch (error) {
    deps.logger.error('notify.failed', { matchId, error: describeError(error) });
  }
}
