import type { StoredMatch } from '../ports/index.js';
import type { HandlerDeps } from './deps.js';
import { describeError } from './log-fields.js';
import { withRetries } from './retry.js';

export type ArmDeps = Pick<HandlerDeps, 'scheduler' | 'logger' | 'clock'>;

/** How long before a deadline a `clock_low` warning goes out: a fifth of the turn's time, within these. */
export const CLOCK_LOW_LEAD = { fraction: 1 / 5, minMs: 5_000, maxMs: 5 * 60_000 } as const;

/**
 * When to warn the player to move that their time runs low: `CLOCK_LOW_LEAD` before the deadline,
 * the turn's time counted from its start (for a chess clock, the bank left). A turn shorter than
 * twice its lead gets no warning (the `your_turn` notice named the deadline moments ago), nor does
 * one whose warning time has passed (a timer armed again late in its turn). Pure.
 */
export function clockLowAt(turnStartedAt: number, deadline: number, now: number): number | undefined {
  const turnMs = deadline - turnStartedAt;
  const { fraction, minMs, maxMs } = CLOCK_LOW_LEAD;
  const lead = Math.min(maxMs, Math.max(minMs, Math.round(turnMs * fraction)));
  const warnAt = deadline - lead;
  return turnMs >= 2 * lead && warnAt > now ? warnAt : undefined;
}

/**
 * Keeps a timed match's one timer in step with what was just written: armed for the turn that now
 * runs (matchId, turn, deadline), cancelled once the match is over. Called after every write that
 * starts a turn. Best effort, never throws: the write stands whatever happens here, and a timer
 * that fails to arm is armed again when a late move meets `time_up` (settle-and-announce.ts). An
 * untimed match, or a turn without a limit, arms nothing. A turn long enough carries a `warnAt`
 * (clockLowAt): a scheduler that supports it fires a `clock_low` warning there first.
 */
export async function armTurnTimer(deps: ArmDeps, written: Pick<StoredMatch, 'id' | 'match'>): Promise<void> {
  const { id, match } = written;
  if (match.clock === undefined) return;
  const { scheduler } = deps;
  if (scheduler === undefined) {
    deps.logger.warn('timer.no_scheduler', { matchId: id, turn: match.turn });
    return;
  }
  const { deadline, turnStartedAt } = match.clock;
  try {
    if (match.status === 'running' && deadline !== null) {
      // The warning rides on the deadline's own timer: no second timer to arm or cancel per move.
      const warnAt = turnStartedAt === null ? undefined : clockLowAt(turnStartedAt, deadline, deps.clock.now());
      const timer = { matchId: id, turn: match.turn, dueAt: deadline, ...(warnAt === undefined ? {} : { warnAt }) };
      await withRetries(() => scheduler.schedule(timer));
    } else if (match.status === 'finished') {
      await withRetries(() => scheduler.cancel(id));
    }
  } catch (error) {
    deps.logger.error('timer.arm_failed', { matchId: id, turn: match.turn, error: describeError(error) });
  }
}
