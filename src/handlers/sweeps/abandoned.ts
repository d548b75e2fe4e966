import { finishMatch, type Match } from '../../engine/index.js';
import type { StoredMatch } from '../../ports/index.js';
import { pushState } from '../lobby.js';
import { notifyAway } from '../notify-away.js';
import type { SweeperDeps } from './sweep.js';

/**
 * Ends a match nobody finished as abandoned (engine GameResult `{ abandoned: true }`), then tells its
 * players: each connection gets the final state (its own view), each seated player who is away a
 * `match_finished` notice, through the same fan-out and notifier as a finishing move. Last, the
 * retention store learns it ended: until then the match stays due, so a sweep that dies after the
 * write is finished by the next one (`announceEnded`), which tells the players again; a player may
 * hear of it twice, never not at all. Answers false when the match changed under it (a late move,
 * a join): it is not abandoned after all, and the next run looks again.
 */
export async function endAbandoned(deps: SweeperDeps, stored: StoredMatch, now: number): Promise<boolean> {
  const next = finishMatch(stored.match, { abandoned: true });
  if ((await deps.matches.update(stored, { next, now })) !== 'written') return false;
  const ended: StoredMatch = { ...stored, match: next, updatedAt: now };
  deps.logger.info('match.abandoned', {
    matchId: stored.id,
    game: stored.match.game,
    was: stored.match.status,
    lastChangeAt: stored.updatedAt,
  });
  await announceEnded(deps, ended, stored.match);
  return true;
}

/**
 * Tells the players of a match that ended (state to the connected, `match_finished` to the away),
 * then records it as ended for the retention store: kept until `finishedMs` after its end, or forever.
 * `previous` is the record before it ended when the caller has it; otherwise any unfinished record
 * of it will do, since who is told depends only on the match having ended.
 */
export async function announceEnded(
  deps: SweeperDeps,
  ended: StoredMatch,
  previous: Match = { ...ended.match, status: 'running', result: null },
): Promise<void> {
  const connected = await pushState(deps, ended);
  await notifyAway(deps, ended.id, previous, ended.match, connected);
  if (deps.retentionPolicy.finishedMs === null) await deps.retention.forget(ended);
  else await deps.retention.remember(ended, ended.updatedAt);
}

/**
 * Whether a sweep that finds this finished match still due may owe its players the news: only a match
 * a sweep abandoned a few minutes ago and did not get to remember. A match that ended otherwise (a
 * move, everyone leaving) was announced by whoever ended it, and the sweeps come to it much later.
 */
export const mayBeUntold = (stored: StoredMatch, now: number): boolean =>
  stored.match.result !== null && 'abandoned' in stored.match.result && stored.updatedAt >= now - UNTOLD_WINDOW_MS;

/** A sweep that died after ending a match is followed by the next within a minute or two. */
const UNTOLD_WINDOW_MS = 10 * 60_000;
