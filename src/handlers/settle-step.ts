import { type AnyGame, type Match, stepHash } from '../engine/index.js';
import type { MoveLogEntry, StoredMatch } from '../ports/index.js';
import type { MoveLedger, StateMessage } from '../protocol/index.js';
import { afterWrite } from './after-write.js';
import { armAhead } from './arm-turn-timer.js';
import { describeError } from './log-fields.js';
import { gameOf } from './messages.js';
import { DIRECT_WRITE_RETRY, MAX_WRITE_ATTEMPTS, TRANSIENT_RETRY, withRetries } from './retry.js';
import type { SettleDeps } from './settle-and-announce.js';
import { ledgerOf } from './settle-move.js';
import { stepDigest } from './step-digest.js';

/**
 * Steps of a match that are no player's frame (a timeout, a player leaving, a bot's move) are settled the same way:
 * read the match, let the engine decide, arm the deadline the step starts, write on the version read
 * with the step's log entry (retrying a lost race), then afterWrite (tell everyone, disarm the
 * replaced timer, nudge the players who are away). Only the decision differs, so it is the one thing
 * each kind of step supplies.
 */

/** What the engine made of the step for the match as read. */
export type StepDecision =
  | {
      readonly kind: 'apply';
      readonly next: Match;
      /**
       * The log entry; none for a change that is no step of the game (a bot taking over a leaver's seat).
       * Its player's ledger is written unchanged unless `ledger` says otherwise (a bot's move is one of its seat's).
       */
      readonly entry?: MoveLogEntry;
      readonly ledger?: MoveLedger;
      /** What the state message that announces it carries besides the new state. */
      readonly announce?: Pick<StateMessage, 'timeout'>;
    }
  /**
   * This very step is the match's latest write (a redelivery, a timer fired twice, a settlement that
   * lost its write's answer): finish its work, which the settlement that wrote it may not have.
   */
  | { readonly kind: 'finish'; readonly announce?: Pick<StateMessage, 'timeout'> }
  /** Nothing to write; `afterwards` runs after (a timer fired early is armed again). */
  | { readonly kind: 'skip'; readonly reason: string; readonly afterwards?: (stored: StoredMatch) => Promise<void> };

export type Decide = (game: AnyGame, stored: StoredMatch, now: number) => StepDecision;

/** Where a step is settled: by the fifo consumer in the match's FIFO group, or directly. */
export type SteppedBy = 'queue' | 'direct';

/**
 * What settling a step came to: 'applied' with the written match, 'skipped' (with the match as read)
 * when the engine said there was nothing to do, or this step's work was finished again, 'unknown' for
 * a match that does not exist, 'conflict' when the match kept changing for every attempt (the caller
 * decides what that means: the consumer fails its record).
 */
export type SteppedOutcome =
  | { readonly kind: 'applied'; readonly written: StoredMatch }
  | { readonly kind: 'skipped'; readonly written: StoredMatch }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'conflict' };

export type StepLabel = 'timeout' | 'leave' | 'bot';

/**
 * Settles one step (see SteppedOutcome).
 */
export async function settleStep(
  deps: SettleDeps,
  step: { readonly matchId: string; readonly label: StepLabel },
  decide: Decide,
  by: SteppedBy,
): Promise<SteppedOutcome> {
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
): Promise<SteppedOutcome> {
  const stored = await deps.matches.get(step.matchId);
  if (stored === undefined) {
    deps.logger.warn(`${step.label}.unknown_match`, { matchId: step.matchId });
    return { kind: 'unknown' };
  }
  const now = deps.clock.now();
  const decision = decide(gameOf(deps.games, stored.match), stored, now);
  const endpoint = deps.webSocketEndpoint;
  if (decision.kind === 'finish') {
    deps.logger.info(`${step.label}.finishing_settled`, { matchId: stored.id, version: stored.match.version });
    await afterWrite(deps, { written: stored, endpoint, ...announcing(decision.announce), by: step.label });
    return { kind: 'skipped', written: stored };
  }
  if (decision.kind === 'skip') {
    deps.logger.info(`${step.label}.skipped`, { matchId: stored.id, reason: decision.reason });
    await decision.afterwards?.(stored);
    return { kind: 'skipped', written: stored };
  }
  const { next } = decision;
  // Every logged step keeps the fingerprint of the match it produced: what a replay checks it against.
  const entry = decision.entry && { ...decision.entry, hash: stepHash(next, stepDigest) };
  const ledger = entry && (decision.ledger ?? ledgerOf(stored, entry.player));
  const settled = entry && ledger && { player: entry.player, ledger, entry };
  await armAhead(deps, stored.id, stored.match, next);
  if ((await deps.matches.update(stored, { next, now, ...(settled && { settled }) })) === 'conflict') {
    return { kind: 'conflict' };
  }
  deps.logger.info(`${step.label}.applied`, { matchId: stored.id, player: entry?.player, move: entry?.move });

  const written: StoredMatch = {
    ...stored,
    match: next,
    ...(settled && { lastMove: settled.entry, ledgers: { ...stored.ledgers, [settled.player]: settled.ledger } }),
    updatedAt: now,
  };
  await afterWrite(deps, {
    written,
    previous: stored.match,
    endpoint,
    ...announcing(decision.announce),
    by: step.label,
  });
  return { kind: 'applied', written };
}

const announcing = (announce: Pick<StateMessage, 'timeout'> | undefined) => (announce ? { announce } : {});

/**
 * Is the match's latest write the step `moveId` names (by `player`)? Then a settlement of that step
 * that finds nothing left to do finishes its work instead (`finish`).
 */
export const isLatestStep = (stored: StoredMatch, moveId: (entry: MoveLogEntry) => boolean): boolean =>
  stored.lastMove !== undefined && stored.lastMove.version === stored.match.version && moveId(stored.lastMove);
