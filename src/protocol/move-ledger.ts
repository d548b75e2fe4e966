import * as z from 'zod';
import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/**
 * The move id contract, in the one sentence the README, this module and the SDK (src/client) all say
 * word for word (test/protocol/move-id-contract.test.ts checks both the wording and the behaviour).
 */
export const MOVE_ID_CONTRACT =
  'Each of your moves is applied at most once for the life of the match: the server settles each `seq` of yours once, and answers a frame that repeats the id of one of your last 8 settled moves with that move\u2019s first outcome, whatever its `seq` (an id older than that is forgotten: never reuse one).';

/**
 * # Exactly-once, for the life of a match
 *
 * Each of your moves is applied at most once for the life of the match: the server settles each
 * `seq` of yours once, and answers a frame that repeats the id of one of your last 8 settled moves
 * with that move’s first outcome, whatever its `seq` (an id older than that is forgotten: never
 * reuse one).
 *
 * Every move frame carries the client's `id` and `seq`: the sender's own move number in this match,
 * 1 for their first move and one more for each next one. The server settles each `seq` of each
 * player once, forever: it is applied (acknowledged with the version it produced) or refused (with
 * a code), and that outcome never changes. For the sender's last `MOVE_WINDOW` settled moves the
 * server also holds each outcome under a digest of the move's id, so a frame that repeats one of
 * those ids, with any `seq` and any args, gets that original outcome back and applies nothing. A
 * frame whose `seq` is older than that window gets `already_settled`; a frame that skips ahead of
 * the next expected `seq`, or claims a recent `seq` under another id, gets `out_of_sequence` (with
 * the `seq` expected next) and changes nothing. The `sync` reply tells the sender their last settled
 * `seq` and their recent outcomes. A client that keeps at most `MOVE_WINDOW` moves unconfirmed (the
 * SDK does) therefore always learns the real outcome of every move it sent, however often it resends
 * and however long after. Frames refused before they are numbered (`bad_frame`, `frame_too_large`,
 * `unknown_connection`, `rate_limited`, a move from someone without a seat, a move to a match that is
 * over or has not started, or from a player who left it: protocol UNNUMBERED_CODES) settle nothing:
 * the next frame takes the same `seq`. A client must not send a move to a match that has not started
 * (the SDK does not): such a frame is refused unnumbered, and a copy of it still on its way once the
 * match starts could apply. A numbered refusal is recorded in the sender's ledger without a new
 * version of the match (GameStore `settleRefusal`), so a player who is not to move can never make the
 * mover's write lose a race, and a copy of a refused frame can never apply later. One caveat of delivery,
 * not of the contract: SQS FIFO drops a frame with the same id and seq as one sent in the last five
 * minutes before the server sees it, so such an exact resend may get no answer of its own; the
 * first copy's answer went to the connection that sent it, and `sync` always tells the outcome.
 *
 * This module is the one place that rule lives: what the ledger of one player holds, how a frame is
 * judged against it, and how an outcome is recorded. It is pure and shared by every wiring.
 */

/** How many of a player's latest outcomes a match remembers, and so how many moves a client may have unconfirmed. */
export const MOVE_WINDOW = 8;

/** What settling one move produced: the version it made, or the code it was refused with. */
export type MoveOutcome = { readonly version: number } | { readonly code: ErrorCode };

/**
 * One player's ledger, as stores keep it: small and fixed in size whatever the match's length.
 * `recent` holds the outcomes of seqs `settled - recent.length + 1 … settled`, oldest first, each
 * encoded as `<digest of the move id><version>` or `<digest>!<code>` to keep the match item small.
 */
export interface MoveLedger {
  readonly settled: number;
  readonly recent: readonly string[];
}

export const EMPTY_LEDGER: MoveLedger = { settled: 0, recent: [] };

export const moveLedgerSchema = z.object({
  settled: z.number().int().nonnegative(),
  recent: z.array(z.string()).max(MOVE_WINDOW),
});

/** One remembered outcome as the `sync` reply shows it: readable, not packed. */
export const settledMoveSchema = z.object({
  seq: z.number().int().positive(),
  /** `moveIdDigest(id)` of the move that settled this seq: compare it with your own ids. */
  digest: z.string(),
  version: z.number().optional(),
  code: z.enum(ERROR_CODES).optional(),
});
export type SettledMove = z.infer<typeof settledMoveSchema>;

/** The ledger on the wire: `seq` of the recipient's last settled move, and the recent outcomes. */
export const ledgerReplySchema = z.object({
  settled: z.number().int().nonnegative(),
  recent: z.array(settledMoveSchema),
});
export type LedgerReply = z.infer<typeof ledgerReplySchema>;

const DIGEST_LENGTH = 8;
const DIGEST_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * 48 bits of a move id (cyrb53, a public-domain non-cryptographic hash), as 8 URL-safe characters.
 * Only one player's last few ids are ever compared, so a collision needs two ids of the same player
 * within MOVE_WINDOW moves to share 48 bits: about 1 in 10^13 for random ids. Sync and plain: the
 * browser SDK computes it too.
 */
export function moveIdDigest(id: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < id.length; index++) {
    const code = id.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  // 24 bits from each half: 48 bits, 6 per character.
  let bits = ((h2 >>> 0) & 0xffffff) * 0x1000000 + ((h1 >>> 0) & 0xffffff);
  let digest = '';
  for (let index = 0; index < DIGEST_LENGTH; index++) {
    digest += DIGEST_ALPHABET[bits % 64];
    bits = Math.floor(bits / 64);
  }
  return digest;
}

const encodeOutcome = (digest: string, outcome: MoveOutcome): string =>
  'version' in outcome ? `${digest}${outcome.version}` : `${digest}!${outcome.code}`;

function decodeOutcome(entry: string): { digest: string; outcome: MoveOutcome } {
  const digest = entry.slice(0, DIGEST_LENGTH);
  const rest = entry.slice(DIGEST_LENGTH);
  if (!rest.startsWith('!')) return { digest, outcome: { version: Number(rest) } };
  const code = rest.slice(1);
  return {
    digest,
    outcome: { code: (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'internal' },
  };
}

/** How the server answers a numbered frame, judged only against the sender's ledger. */
export type SequenceVerdict =
  /** The next seq: apply the rules, then record the outcome. */
  | { readonly kind: 'next' }
  /** This id settled recently: answer its original outcome, apply nothing. */
  | { readonly kind: 'repeat'; readonly seq: number; readonly outcome: MoveOutcome }
  /** Older than the window: settled long ago, its outcome is no longer held. */
  | { readonly kind: 'already_settled' }
  /** A gap before it, or its seq is held by another id: nothing applies; send `expected` next. */
  | { readonly kind: 'out_of_sequence'; readonly expected: number };

export function judgeFrame(ledger: MoveLedger, id: string, seq: number): SequenceVerdict {
  const digest = moveIdDigest(id);
  const firstRemembered = ledger.settled - ledger.recent.length + 1;
  for (const [offset, entry] of ledger.recent.entries()) {
    if (entry.startsWith(digest)) return { kind: 'repeat', seq: firstRemembered + offset, ...decodeOutcome(entry) };
  }
  if (seq === ledger.settled + 1) return { kind: 'next' };
  if (seq < firstRemembered) return { kind: 'already_settled' };
  return { kind: 'out_of_sequence', expected: ledger.settled + 1 };
}

/** The ledger after settling the next seq: the window slides, so its size never grows. */
export function recordOutcome(ledger: MoveLedger, id: string, outcome: MoveOutcome): MoveLedger {
  const recent = [...ledger.recent, encodeOutcome(moveIdDigest(id), outcome)].slice(-MOVE_WINDOW);
  return { settled: ledger.settled + 1, recent };
}

/** The ledger as the `sync` reply shows it to its owner. */
export function ledgerReply(ledger: MoveLedger): LedgerReply {
  const firstRemembered = ledger.settled - ledger.recent.length + 1;
  return {
    settled: ledger.settled,
    recent: ledger.recent.map((entry, offset) => {
      const { digest, outcome } = decodeOutcome(entry);
      return { seq: firstRemembered + offset, digest, ...outcome };
    }),
  };
}
