import { type AnyGame, type Match, stepHash } from '../engine/index.js';
import type { MoveLogEntry, StoredMatch } from '../ports/index.js';
import type { StateMessage } from '../protocol/index.js';
import { armTurnTimer } from './arm-turn-timer.js';
import { broadcastState } from './broadcast.js';
import { outboxFor } from './delivery.js';
import { describeError } from './log-fields.js';
import { gameOf } from './messages.js';
import { notifyAway } from './notify-away.js';
import { rateFinishedMatch } from './ratings.js';
import { DIRECT_WRITE_RETRY, MAX_WRITE_ATTEMPTS, TRANSIENT_RETRY, withRetries } from './retry.js';
import type { SettleDeps } from './settle-and-announce.js';
import { ledgerOf } from './settle-move.js';

/**
 * Steps of a match that are no player's frame (a timeout, a player leaving) are settled the same way:
 * read the match, let the engine decide, write on the version read with the step's log entry (retrying
 * a lost race), then tell everyone, keep the match's timer in step and nudge the players who are away.
 * Only the decision differs, so it is the one thing each kind of step supplies.
 */

/** What the engine made of the step for the match as read. */
export type StepDecision =
  | {
      readonly kind: 'apply';
      readonly next: Match;
      /** The log entry (its player's ledger is written unchanged: a step is no move of theirs). */
      readonly entry: MoveLogEntry;
      /** What the state message that announces it carries besides the new state. */
      readonly announce?: Pick<StateMessage, 'timeout'>;
    }
  /** Nothing to write; `afterwards` runs after (a timer fired early is armed again). */
  | { readonly kind: 'skip'; readonly reason: string; readonly afterwards?: (stored: StoredMatch) => Promise<void> };

export type Decide = (game: AnyGame, stored: StoredMatch, now: number) => StepDecision;

/** Where a step is settled: by the fifo consumer in the match's FIFO group, or directly. */
export type SteppedBy = 'queue' | 'direct';

/**
 * Settles one step: 'applied' with the written match, 'skipped' when the engine said there was
 * nothing to do, 'unknown' for a match that does not exist, 'conflict' when the match kept changing
 * for every attempt (the caller decides what that means: the consumer fails its record).
 */
export async function settleStep(
  deps: SettleDeps,
  step: { readonly matchId: string; readonly label: 'timeout' | 'leave' },
  decide: Decide,
  by: SteppedBy,
): Promise<
  { readonly kind: 'applied'; readonly written: StoredMatch } | { readonly kind: 'skipped' | 'unknown' | 'conflict' }
> {
  const where = { matchId: step.matchId };
  return withRetries(() => settleOnce(deps, step, decide), {
    // The fifo consumer's only rival writer is the lobby; a direct step's are the players' moves.
    policy: by === 'queue' ? { ...TRANSIENT_RETRY, maxAttempts: MAX_WRITE_ATTEMPTS } : DIRECT_WRITE_RETRY,
    retryIf: (result) => result.kind === 'conflict',
    onRetry: ({ attempt, delayMs, reason }) =>
      reason === 'conflict'
        ? deps.logger.warn(`${step.label}.version_conflict`, { ...where, attempt, delayMs })
        : deps.logger.warn(`${step.label}.transient_failure`, {
            ...where,
            attempt,
            delayMs,
            error: describeError(reason),
          }),
  });
}

async function settleOnce(
  deps: SettleDeps,
  step: { readonly matchId: string; readonly label: string },
  decide: Decide,
): Promise<
  { readonly kind: 'applied'; readonly written: StoredMatch } | { readonly kind: 'skipped' | 'unknown' | 'conflict' }
> {
  const stored = await deps.matches.get(step.matchId);
  if (stored === undefined) {
    deps.logger.warn(`${step.label}.unknown_match`, { matchId: step.matchId });
    return { kind: 'unknown' };
  }
  const now = deps.clock.now();
  const decision = decide(gameOf(deps.games, stored.match), stored, now);
  if (decision.kind === 'skip') {
    deps.logger.info(`${step.label}.skipped`, { matchId: stored.id, reason: decision.reason });
    await decision.afterwards?.(stored);
    return { kind: 'skipped' };
  }
  const { next } = decision;
  // Every logged step keeps the fingerprint of the match it produced: what a replay checks it against.
  const entry = { ...decision.entry, hash: stepHash(next) };
  const settled = { player: entry.player, ledger: ledgerOf(stored, entry.player), entry };
  if ((await deps.matches.update(stored, { next, now, settled })) === 'conflict') return { kind: 'conflict' };
  deps.logger.info(`${step.label}.applied`, { matchId: stored.id, player: entry.player, move: entry.move });

  const written: StoredMatch = { ...stored, match: next, lastMove: entry, updatedAt: now };
  const [connected] = await Promise.all([
    announceStep(deps, written, step.label, decision.announce),
    armTurnTimer(deps, written),
  ]);
  // Nobody sent this step: when the fan-out failed, nobody counts as present (a spare nudge beats a missed turn).
  await notifyAway(deps, stored.id, stored.match, next, connected ?? new Set());
  await rateFinishedMatch(deps, written);
  return { kind: 'applied', written };
}

/**
 * Everyone in the match hears the new state (with what `announce` adds). Best effort, as for a move.
 * Answers who had a live connection; `undefined` when that is unknown (no endpoint, or a failure).
 */
async function announceStep(
  deps: SettleDeps,
  written: StoredMatch,
  label: string,
  announce: Pick<StateMessage, 'timeout'> = {},
): Promise<ReadonlySet<string> | undefined> {
  const endpoint = deps.webSocketEndpoint;
  if (endpoint === undefined) {
    deps.logger.warn(`${label}.no_endpoint`, { matchId: written.id });
    return undefined;
  }
  try {
    const outbox = { ...outboxFor(deps, endpoint), clock: deps.clock };
    return await broadcastState(outbox, gameOf(deps.games, written.match), written, undefined, announce);
  } catch (error) {
    deps.logger.error(`${label}.fanout_failed`, { matchId: written.id, error: describeError(error) });
    return undefined;
  }
}
