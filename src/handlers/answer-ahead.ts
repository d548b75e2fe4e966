import type { QueuedMove } from '../protocol/index.js';
import type { Outbox } from './delivery.js';
import { gameOf } from './messages.js';
import { type SettleDeps, settleWithoutWrite, submissionOf } from './settle-and-announce.js';
import { settleMove } from './settle-move.js';

/**
 * The `fifo` mode's `move` route, before it queues a frame: a frame that cannot change the match has
 * no need of a place in the match's order, so it is settled here and never queued: a player who is
 * not to move cannot push the mover's move back in the queue, however many frames they send. What is
 * settled here: a repeat (its outcome is recorded for good; a repeat of the move that made the
 * match's current version also finishes that move's work, which a consumer that died after the write
 * may not have done, and which SQS would otherwise bring back only after the queue's visibility
 * timeout), a frame that can never apply (the match is over, the sender left or holds no seat), and
 * a refusal of the sender's next move (not their turn, an illegal move), recorded in their ledger on
 * the version read. Everything else is queued: a move the rules accept (the consumer applies it in
 * the match's order, judging it again there), a frame out of sequence (an earlier frame of the sender
 * may still be in the queue), and a refusal whose record moved on since the read.
 *
 * Costs the route one strongly consistent read of the match per frame (a GetItem of at most a few
 * KB); answers 'queue' when the frame must go to the queue, 'done' when it was settled here.
 */
export async function answerAhead(deps: SettleDeps, outbox: Outbox, move: QueuedMove): Promise<'done' | 'queue'> {
  const stored = await deps.matches.get(move.gameSessionId);
  // An unknown match is the consumer's to answer, as it always was.
  if (stored === undefined) return 'queue';
  const settlement = settleMove(
    gameOf(deps.games, stored.match),
    stored,
    submissionOf(move),
    deps.clock.now(),
    deps.logger,
  );
  if (settlement.kind === 'apply') return 'queue';
  if (settlement.message.type === 'error' && settlement.message.code === 'out_of_sequence') return 'queue';
  return (await settleWithoutWrite(deps, outbox, move, 'move', stored, settlement)) === 'done' ? 'done' : 'queue';
}
