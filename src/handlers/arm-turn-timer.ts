import type { StoredMatch } from '../ports/index.js';
import type { HandlerDeps } from './deps.js';
import { describeError } from './log-fields.js';
import { withRetries } from './retry.js';

export type ArmDeps = Pick<HandlerDeps, 'scheduler' | 'logger'>;

/**
 * Keeps a timed match's one timer in step with what was just written: armed for the turn that now
 * runs (matchId, turn, deadline), cancelled once the match is over. Called after every write that
 * starts a turn. Best effort, never throws: the write stands whatever happens here, and a timer
 * that fails to arm is armed again when a late move meets `time_up` (settle-and-announce.ts). An
 * untimed match, or a turn without a limit, arms nothing.
 */
export async function armTurnTimer(deps: ArmDeps, written: Pick<StoredMatch, 'id' | 'match'>): Promise<void> {
  const { id, match } = written;
  if (match.clock === undefined) return;
  const { scheduler } = deps;
  if (scheduler === undefined) {
    deps.logger.warn('timer.no_scheduler', { matchId: id, turn: match.turn });
    return;
  }
  const deadline = match.clock.deadline;
  try {
    if (match.status === 'running' && deadline !== null) {
      await withRetries(() => scheduler.schedule({ matchId: id, turn: match.turn, dueAt: deadline }));
    } else if (match.status === 'finished') {
      await withRetries(() => scheduler.cancel(id));
    }
  } catch (error) {
    deps.logger.error('timer.arm_failed', { matchId: id, turn: match.turn, error: describeError(error) });
  }
}
