import { eachDue, type Sweep } from './sweep.js';

/**
 * Finished matches are deleted `finishedMs` after they ended, with their move log and seat items
 * (RetentionStore `purge`): nothing a match leaves is kept forever by accident. Off when finished
 * matches are kept forever.
 */
export const purgeFinished: Sweep = {
  name: 'purge-finished',
  async run(deps, run) {
    const { finishedMs } = deps.retentionPolicy;
    if (finishedMs === null) return { looked: 0, changed: 0 };
    return eachDue(deps, run, 'finished', run.now - finishedMs, async (stored) => {
      if (stored.match.status === 'finished' && stored.updatedAt <= run.now - finishedMs) {
        await deps.retention.purge(stored);
        return true;
      }
      await deps.retention.remember(stored, stored.updatedAt);
      return false;
    });
  },
};
