import { announceEnded, endAbandoned } from './abandoned.js';
import { eachDue, type Sweep } from './sweep.js';

/**
 * Waiting matches nobody filled within `waitingMs` of their creation end as abandoned, their
 * players told. One found ended already (by an earlier sweep that died before remembering it, or
 * cancelled) gets its announcement again and is remembered as ended.
 */
export const abandonWaiting: Sweep = {
  name: 'abandon-waiting',
  run: (deps, run) =>
    eachDue(deps, run, 'waiting', run.now - deps.retentionPolicy.waitingMs, async (stored) => {
      if (stored.match.status === 'waiting') return endAbandoned(deps, stored, run.now);
      if (stored.match.status === 'finished') await announceEnded(deps, stored);
      else await deps.retention.remember(stored, stored.updatedAt);
      return false;
    }),
};
