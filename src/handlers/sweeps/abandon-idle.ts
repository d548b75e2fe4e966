import { announceEnded, endAbandoned, mayBeUntold } from './abandoned.js';
import { eachDue, type Sweep } from './sweep.js';

/**
 * Running matches nobody changed for `idleMs` end as abandoned, their players told.
 *
 * A move does not tell the retention store that a match is active (that would cost every move a
 * write), so a running match is looked at again every `lookMs`, the shorter of `idleMs` and
 * `finishedMs`: one still played is remembered as due again when it could next be idle (at most one
 * write per match per `lookMs`, not per move); one a move finished is remembered as ended, so it is
 * deleted `finishedMs` after its end (at most `lookMs` late), or forgotten when kept forever.
 */
export const abandonIdle: Sweep = {
  name: 'abandon-idle',
  run(deps, run) {
    const { idleMs, finishedMs } = deps.retentionPolicy;
    const lookMs = Math.min(idleMs, finishedMs ?? idleMs);
    return eachDue(deps, run, 'running', run.now - lookMs, async (stored) => {
      if (stored.match.status === 'running') {
        if (stored.updatedAt <= run.now - idleMs) return endAbandoned(deps, stored, run.now);
        await deps.retention.remember(stored, Math.min(stored.updatedAt + idleMs - lookMs, run.now));
        return false;
      }
      // Ended by a move (told then), or abandoned by a sweep that died before remembering it.
      if (mayBeUntold(stored, run.now)) await announceEnded(deps, stored);
      else if (finishedMs === null) await deps.retention.forget(stored);
      else await deps.retention.remember(stored, stored.updatedAt);
      return false;
    });
  },
};
