import { announceEnded, endAbandoned, mayBeUntold } from './abandoned.js';
import { eachDue, type Sweep } from './sweep.js';

/**
 * Waiting matches nobody filled within `waitingMs` of their creation end as abandoned, their
 * players told. One found ended already is remembered as ended (and, if a sweep ended it minutes ago
 * and died before remembering it, announced again).
 */
export const abandonWaiting: Sweep = {
  name: 'abandon-waiting',
  run: (deps, run) =>
    eachDue(deps, run, 'waiting', run.now - deps.retentionPolicy.waitingMs, async (stored) => {
      if (stored.match.status === 'waiting') return endAbandoned(deps, stored, run.now);
      // Ended by a sweep that died before remembering it, or cancelled (everyone left: told then).
      if (mayBeUntold(stored, run.now)) await announceEnded(deps, stored);
      else if (stored.match.status === 'finished' && deps.retentionPolicy.finishedMs === null) {
        await deps.retention.forget(stored);
      } else await deps.retention.remember(stored, stored.updatedAt);
      return false;
    }),
};
