import { isQueuedBotTurn, isQueuedLeave, isQueuedTimeout, type QueueMessage } from '../protocol/index.js';

/**
 * The FIFO queue between the `move` route and the queue consumer: ordered per game
 * (MessageGroupId = GameSessionId) and deduplicated per user and client move id.
 */
export interface MoveQueue {
  /** A player's move, or a timeout (a system message the server alone builds). */
  send(message: QueueMessage): Promise<void>;
}

/** SQS FIFO deduplication ids allow 128 characters of [A-Za-z0-9!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~]. */
export function deduplicationId(message: QueueMessage): string {
  // A timeout's starts with `t:` and a leave's with `l:`, which no match id does, so they never
  // collide with a move's (which starts with the match id). The seq is part of a move's: a client may
  // renumber an unsettled move and resend it (move-ledger.ts), and that resend must reach the
  // consumer, which answers a repeat from the ledger anyway. A player leaves once: a repeated leave
  // may be dropped. A bot's turn (`b:`) is asked for once per turn of its match.
  const raw = isQueuedTimeout(message)
    ? `t:${message.gameSessionId}:${message.turn}:${message.firedAt}`
    : isQueuedLeave(message)
      ? `l:${message.gameSessionId}:${message.userId}`
      : isQueuedBotTurn(message)
        ? `b:${message.gameSessionId}:${message.turn}`
        : `${message.gameSessionId}:${message.userId}:${message.seq}:${message.moveId}`;
  return raw.length <= 128 && /^[\x21-\x7e]+$/.test(raw) ? raw : `h:${fnv1a64(raw)}`;
}

/** A stable hash for ids too long or too odd to use directly; collisions need ~2^32 ids per 5 minutes. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
