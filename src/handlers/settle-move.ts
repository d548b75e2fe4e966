import { type AnyGame, type Match, type PlayerId, playMove, stepHash } from '../engine/index.js';
import type { Logger, MatchUpdate, RefusalChange, StoredMatch } from '../ports/index.js';
import {
  EMPTY_LEDGER,
  type ErrorCode,
  type ErrorMessage,
  judgeFrame,
  type MoveLedger,
  type MoveOutcome,
  recordOutcome,
  type ServerMessage,
} from '../protocol/index.js';
import { describeError } from './log-fields.js';
import { ackMessage, errorMessage } from './messages.js';
import { stepDigest } from './step-digest.js';

/** A numbered move from a verified player, however it reached the handler (queue record or frame). */
export interface MoveSubmission {
  readonly player: PlayerId;
  readonly moveId: string;
  readonly seq: number;
  readonly move: string;
  readonly args: unknown;
}

/**
 * What to do with one submission, decided from the match as read: only answer the sender (a repeat,
 * a frame out of sequence, a frame that no longer can or never could change the match: nothing is
 * written), record a refusal in the sender's ledger (`settleRefusal`: no version bump), or write the
 * applied move and tell everyone.
 */
export type Settlement =
  | {
      readonly kind: 'answer';
      readonly message: ServerMessage;
      /** A repeat of an applied move: the version it produced (its work may be unfinished if it is current). */
      readonly applied?: number;
    }
  | { readonly kind: 'refuse'; readonly refusal: RefusalChange; readonly message: ErrorMessage }
  | { readonly kind: 'apply'; readonly update: MatchUpdate; readonly written: StoredMatch; readonly ack: Ack };

export interface Ack {
  readonly id: string;
  readonly seq: number;
  readonly version: number;
}

/**
 * The one place a move is settled, for every ordering of moves: judge the frame against the
 * sender's ledger (protocol/move-ledger.ts), run the rules only for the next seq, and record the
 * outcome, applied or refused. Pure but for the logger.
 *
 * Why a refusal is recorded, and how. A refused frame's outcome must stay its outcome: a copy of it
 * still on its way (sent on a socket that dropped, then resent) must not apply later, once the match
 * has moved on and the move has become legal. So a numbered refusal is recorded in the sender's own
 * ledger, under its seq and id, as an applied move is. But it changes nothing else: it is written
 * with `settleRefusal`, which bumps no version, so a player who is not to move cannot make the
 * mover's versioned write fail, however many frames they send (README "Exactly once"). Frames that
 * can never apply at all are not numbered and write nothing (`unnumbered`).
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
      return {
        kind: 'answer',
        message: outcomeMessage(moveId, verdict.seq, verdict.outcome),
        ...('version' in verdict.outcome ? { applied: verdict.outcome.version } : {}),
      };
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
  const never = unnumbered(stored.match, player);
  if (never !== undefined) return { kind: 'answer', message: errorMessage(never.code, never.message, moveId) };

  const result = applyRules(game, stored, submission, now, logger);
  if (!result.ok) {
    return {
      kind: 'refuse',
      refusal: { player, ledger: recordOutcome(ledger, moveId, { code: result.error.code }) },
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
    hash: stepHash(next, stepDigest),
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
 * Why no frame of `player` can apply to this match now or ever, if so: it is over, it has not
 * started, or they left it. Such a frame is refused without a number (protocol UNNUMBERED_CODES):
 * nothing is written, a finished match stays at its version however many frames reach it, and a
 * resend is answered the same way. (A match that has not started may start: a client must not send
 * moves before it has (the SDK does not), or a copy of such a move still on its way could apply then.)
 */
function unnumbered(match: Match, player: PlayerId): { code: ErrorCode; message: string } | undefined {
  if (match.status === 'finished') return { code: 'game_not_running', message: 'the game is over' };
  if (match.status !== 'running') return { code: 'game_not_running', message: 'the game has not started' };
  if (match.left.includes(player)) return { code: 'player_left', message: 'you have left this match' };
  return undefined;
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
