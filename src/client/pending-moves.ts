import { type LedgerReply, MOVE_WINDOW, moveIdDigest } from '../protocol/index.js';
import { TurngateError } from './errors.js';
import type { MoveAck } from './types.js';

interface PendingMove {
  readonly id: string;
  readonly digest: string;
  readonly name: string;
  readonly args: unknown;
  /** The number it was last sent under; undefined while it waits for its turn to be sent. */
  seq: number | undefined;
  /** The lowest number it was ever sent under: a ledger that no longer reaches it cannot clear it. */
  firstSentSeq: number | undefined;
  /** Sent on a socket that then dropped: the server may have settled it, or not seen it yet. */
  inDoubt: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  resolve(ack: MoveAck): void;
  reject(error: TurngateError): void;
}

/**
 * The client's half of the exactly-once contract (protocol/move-ledger.ts). Moves wait here, oldest
 * first, until the server settles them. Each is numbered when it is sent, from the `settled` number
 * of the latest sync reply, and at most MOVE_WINDOW are unconfirmed at once, so the server always
 * still holds the outcome of every move this client may resend. A sync reply settles every move it
 * lists (by digest of its id: a move renumbered after a drop is found under its new number too) and
 * numbers the rest afresh; resending them is safe, because a repeated id gets its first outcome.
 */
export class PendingMoves {
  readonly #moves = new Map<string, PendingMove>();
  readonly #confirmTimeoutMs: number;
  /** The number the next move sent takes; unknown until the first sync reply. */
  #nextSeq: number | undefined;

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

  add(id: string, name: string, args: unknown): Promise<MoveAck> {
    return new Promise<MoveAck>((resolve, reject) => {
      const move = {
        id,
        digest: moveIdDigest(id),
        name,
        args,
        seq: undefined,
        firstSentSeq: undefined,
        inDoubt: false,
        timer: undefined,
      };
      this.#moves.set(id, { ...move, resolve, reject });
    });
  }

  /**
   * The frames that may leave now, oldest first: moves not yet sent, numbered in order, while fewer
   * than MOVE_WINDOW are unconfirmed. Nothing before the first sync reply tells where numbering starts.
   */
  takeSendable(): string[] {
    if (this.#nextSeq === undefined) return [];
    const frames: string[] = [];
    let unconfirmed = 0;
    for (const move of this.#moves.values()) {
      if (unconfirmed >= MOVE_WINDOW) break;
      unconfirmed += 1;
      if (move.seq !== undefined) continue;
      move.seq = this.#nextSeq++;
      move.firstSentSeq = Math.min(move.firstSentSeq ?? move.seq, move.seq);
      frames.push(frameOf(move));
    }
    return frames;
  }

  /** The socket dropped: every sent move is in doubt, and will be renumbered by the next sync reply. */
  connectionLost(): void {
    this.#nextSeq = undefined;
    for (const move of this.#moves.values()) if (move.seq !== undefined) this.#doubt(move);
  }

  /**
   * The server answered `internal` for a move: its rules failed (a settled refusal, which the ledger
   * will list) or the move route could not queue it (maybe it was queued all the same). Only a sync
   * reply can tell, so the move waits in doubt and numbering restarts from that reply.
   */
  inDoubt(id: string): boolean {
    const move = this.#moves.get(id);
    if (move === undefined) return false;
    this.#doubt(move);
    this.#nextSeq = undefined;
    return true;
  }

  #doubt(move: PendingMove): void {
    move.inDoubt = true;
    move.timer ??= setTimeout(
      () => this.reject(move.id, new TurngateError('move_unconfirmed', undefined, { moveId: move.id })),
      this.#confirmTimeoutMs,
    );
  }

  /**
   * The server answered `out_of_sequence`: a move before it never arrived (refused before it was
   * numbered, or lost with a socket). Stop sending until a sync reply tells where numbering stands.
   */
  outOfSequence(): void {
    this.#nextSeq = undefined;
  }

  /**
   * A sync reply: settle every move it lists. If numbering is unknown (first reply on a socket, or
   * after `out_of_sequence`), number every move still waiting from `settled + 1`, in order, and
   * return the frames to send; a move that keeps its old number is resent unchanged, which is safe.
   */
  applyLedger(ledger: LedgerReply): string[] {
    for (const settled of ledger.recent) {
      const move = [...this.#moves.values()].find((candidate) => candidate.digest === settled.digest);
      if (move === undefined) continue;
      if (settled.version !== undefined)
        this.resolve(move.id, { id: move.id, seq: settled.seq, version: settled.version });
      else this.reject(move.id, new TurngateError(settled.code ?? 'internal', undefined, { moveId: move.id }));
    }
    if (this.#nextSeq !== undefined) return this.takeSendable();
    // A move sent under a number the ledger no longer covers may have been applied under it (another
    // tab of the same player moved many times since): renumbering it could apply it twice, so its
    // fate is reported as unknown instead. The SDK's own window never lets this happen on one client.
    const firstHeld = ledger.settled - ledger.recent.length + 1;
    for (const move of [...this.#moves.values()]) {
      if (move.firstSentSeq !== undefined && move.firstSentSeq < firstHeld && move.firstSentSeq <= ledger.settled) {
        this.reject(move.id, new TurngateError('move_unconfirmed', undefined, { moveId: move.id }));
      }
    }
    this.#nextSeq = ledger.settled + 1;
    for (const move of this.#moves.values()) move.seq = undefined;
    return this.takeSendable();
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

const frameOf = (move: PendingMove): string =>
  JSON.stringify({ action: 'move', id: move.id, seq: move.seq, move: move.name, args: move.args ?? {} });
