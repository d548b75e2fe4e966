import { type AnyGame, type Match, type PlayerId, playMove, stepHash } from '../engine/index.js';
import type { Logger, MatchUpdate, StoredMatch } from '../ports/index.js';
import {
  EMPTY_LEDGER,
  type ErrorMessage,
  judgeFrame,
  type MoveLedger,
  type MoveOutcome,
  recordOutcome,
  type ServerMessage,
} from '../protocol/index.js';
import { describeError } from './log-fields.js';
import { ackMessage, errorMessage } from './messages.js';

/** A numbered move from a verified player, however it reached the handler (queue record or frame). */
export interface MoveSubmission {
  readonly player: PlayerId;
  readonly moveId: string;
  readonly seq: number;
  readonly move: string;
  readonly args: unknown;
}

/**
 * What to do with one submission, decided from the match as read: either only answer the sender
 * (a repeat, a frame out of sequence, someone without a seat: nothing to write), or write the
 * settlement and then tell the sender (refused) or everyone (applied).
 */
export type Settlement =
  | { readonly kind: 'answer'; readonly message: ServerMessage }
  | { readonly kind: 'refuse'; readonly update: MatchUpdate; readonly message: ErrorMessage }
  | { readonly kind: 'apply'; readonly update: MatchUpdate; readonly written: StoredMatch; readonly ack: Ack };

export interface Ack {
  readonly id: string;
  readonly seq: number;
  readonly version: number;
}

/**
 * The one place a move is settled, for every ordering of moves: judge the frame against the
 * sender's ledger (protocol/move-ledger.ts), run the rules only for the next seq, and record the
 * outcome, applied or refused, in the same versioned write as the match. Pure but for the logger.
 */
export function settleMove(
  game: AnyGame,
  stored: StoredMatch,
  submission: MoveSubmission,
  now: number,
  logger: Logger,
): Settlement {
  const { player, moveId, seq } = submission;
  // Only seated players have a ledger; anyone else is refused without numbering anything.
  if (!stored.match.players.includes(player)) {
    return { kind: 'answer', message: errorMessage('not_a_player', undefined, moveId) };
  }
  const ledger = ledgerOf(stored, player);
  const verdict = judgeFrame(ledger, moveId, seq);
  switch (verdict.kind) {
    case 'repeat':
      return { kind: 'answer', message: outcomeMessage(moveId, verdict.seq, verdict.outcome) };
    case 'already_settled':
      return { kind: 'answer', message: errorMessage('already_settled', undefined, moveId) };
    case 'out_of_sequence':
      return {
        kind: 'answer',
        message: {
          ...errorMessage('out_of_sequence', `move ${seq} is out of sequence: send move ${verdict.expected}`, moveId),
          expected: verdict.expected,
        },
      };
    case 'next':
      break;
  }

  const result = applyRules(game, stored, submission, now, logger);
  if (!result.ok) {
    // A refusal is settled too (so a resend gets the same answer), which changes the record: +1 version.
    const next: Match = { ...stored.match, version: stored.match.version + 1 };
    const settledLedger = recordOutcome(ledger, moveId, { code: result.error.code });
    return {
      kind: 'refuse',
      update: { next, now, settled: { player, ledger: settledLedger } },
      message: errorMessage(result.error.code, result.error.message, moveId),
    };
  }

  const { next, args } = result.value;
  const settledLedger = recordOutcome(ledger, moveId, { version: next.version });
  // The log keeps what the rules saw (the schema's output), never the raw frame's args.
  const entry = {
    version: next.version,
    player,
    seq,
    moveId,
    move: submission.move,
    args: args ?? null,
    at: now,
    // What a replay checks this step against (README "Replay").
    hash: stepHash(next),
  };
  return {
    kind: 'apply',
    update: { next, now, settled: { player, ledger: settledLedger, entry } },
    written: {
      ...stored,
      match: next,
      ledgers: { ...stored.ledgers, [player]: settledLedger },
      lastMove: entry,
      updatedAt: now,
    },
    ack: { id: moveId, seq, version: next.version },
  };
}

/**
 * A player's ledger, or the empty one. Own properties only: a user id may be any string, and one
 * named `constructor` or `__proto__` must not find what every object inherits.
 */
export const ledgerOf = (stored: Pick<StoredMatch, 'ledgers'>, player: PlayerId): MoveLedger =>
  Object.hasOwn(stored.ledgers, player) ? (stored.ledgers[player] ?? EMPTY_LEDGER) : EMPTY_LEDGER;

/** The answer a repeated id gets: exactly what its first settlement said. */
export function outcomeMessage(moveId: string, seq: number, outcome: MoveOutcome): ServerMessage {
  return 'version' in outcome
    ? ackMessage(moveId, seq, outcome.version)
    : errorMessage(outcome.code, undefined, moveId);
}

/**
 * A rule that throws is a bug in the game, and it throws again on every retry: failing the move
 * would only hold up the match until the dead-letter queue takes it. So the move is refused with
 * `internal` (and settled, so a resend does not run the rule again), and the log keeps the details
 * for the game's author.
 */
function applyRules(game: AnyGame, stored: StoredMatch, submission: MoveSubmission, at: number, logger: Logger) {
  try {
    const { player, move, args } = submission;
    return playMove(game, stored.match, { player, move, args, at });
  } catch (error) {
    logger.error('move.rules_threw', { matchId: stored.id, moveId: submission.moveId, error: describeError(error) });
    return { ok: false, error: { code: 'internal', message: 'the game’s rules failed on this move' } } as const;
  }
}
