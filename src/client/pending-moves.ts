import { TurngateError } from './errors.js';
import type { MoveAck } from './types.js';

interface PendingMove {
  readonly frame: string;
  /** Sent on a socket that then dropped: the server may have applied it, refused it, or never seen it. */
  inDoubt: boolean;
  /** Has the frame left on some socket? */
  sent: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  resolve(ack: MoveAck): void;
  reject(error: TurngateError): void;
}

/**
 * Moves waiting for the server's answer, oldest first. A move resent after a drop is "in doubt": SQS
 * FIFO (and the local queue) drop a repeated deduplication id for five minutes, so the resend may
 * never be answered itself. The sync reply's `applied` list settles one that landed; one that never
 * settles (refused while its error was lost with the old socket) is rejected with `move_unconfirmed`
 * after `confirmTimeoutMs`, instead of waiting forever.
 */
export class PendingMoves {
  readonly #moves = new Map<string, PendingMove>();
  readonly #confirmTimeoutMs: number;

  constructor(confirmTimeoutMs: number) {
    this.#confirmTimeoutMs = confirmTimeoutMs;
  }

  get size(): number {
    return this.#moves.size;
  }

  /** Is any resent move still unconfirmed? Then every new state is worth a sync. */
  get anyInDoubt(): boolean {
    for (const move of this.#moves.values()) if (move.inDoubt) return true;
    return false;
  }

  add(id: string, frame: string): Promise<MoveAck> {
    return new Promise<MoveAck>((resolve, reject) => {
      this.#moves.set(id, { frame, inDoubt: false, sent: false, timer: undefined, resolve, reject });
    });
  }

  /** Marks a move as having left on the current socket. */
  sent(id: string): void {
    const move = this.#moves.get(id);
    if (move) move.sent = true;
  }

  /**
   * The frames to send on a fresh socket, oldest first, with the same ids. Moves that had already
   * left become in doubt, and their confirmation clock starts (again).
   */
  resendAll(): string[] {
    for (const [id, move] of this.#moves) {
      if (!move.sent) continue;
      move.inDoubt = true;
      clearTimeout(move.timer);
      move.timer = setTimeout(
        () => this.reject(id, new TurngateError('move_unconfirmed', undefined, { moveId: id })),
        this.#confirmTimeoutMs,
      );
    }
    for (const move of this.#moves.values()) move.sent = true;
    return [...this.#moves.values()].map((move) => move.frame);
  }

  resolve(id: string, ack: MoveAck): void {
    const move = this.#take(id);
    move?.resolve(ack);
  }

  /** Rejects a pending move; `false` when no such move waits (its answer came already). */
  reject(id: string, error: TurngateError): boolean {
    const move = this.#take(id);
    move?.reject(error);
    return move !== undefined;
  }

  rejectAll(error: TurngateError): void {
    for (const id of [...this.#moves.keys()]) {
      this.reject(id, new TurngateError(error.code, error.message, { moveId: id }));
    }
  }

  #take(id: string): PendingMove | undefined {
    const move = this.#moves.get(id);
    if (move === undefined) return undefined;
    clearTimeout(move.timer);
    this.#moves.delete(id);
    return move;
  }
}
