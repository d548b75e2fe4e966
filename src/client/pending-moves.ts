import { type LedgerReply, MOVE_WINDOW, moveIdDigest, type SettledMove } from '../protocol/index.js';
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
  /** When it was last sent (epoch ms), for its resend deadline. */
  sentAt: number | undefined;
  /** Sent on a socket that then dropped, or answered `internal`: the server may have settled it, or not. */
  inDoubt: boolean;
  /** Rejects it with `move_unconfirmed` once confirmTimeoutMs has passed since it was first sent. */
  giveUp: ReturnType<typeof setTimeout> | undefined;
  resolve(ack: MoveAck): void;
  reject(error: TurngateError): void;
}

/** A move reported `move_unconfirmed` that the server settled after all: its ack, or why it was refused. */
export interface LateSettlement {
  readonly id: string;
  readonly outcome: MoveAck | TurngateError;
}

export interface PendingMovesOptions {
  /** How long a sent move may wait for its answer before it rejects with `move_unconfirmed`. */
  readonly confirmTimeoutMs: number;
  /** Told when a move it gave up on turns out to have been settled. */
  readonly onLateSettlement?: (settlement: LateSettlement) => void;
  readonly now?: () => number;
}

/** Moves given up on whose outcome is still watched for, at most: a window's worth, twice. */
const WATCHED = 2 * MOVE_WINDOW;

/**
 * The client's half of the exactly-once contract (protocol/move-ledger.ts, README "Exactly once"):
 * Each of your moves is applied at most once for the life of the match: the server settles each
 * `seq` of yours once, and answers a frame that repeats the id of one of your last 8 settled moves
 * with that move’s first outcome, whatever its `seq` (an id older than that is forgotten: never
 * reuse one).
 *
 * Moves wait here, oldest first, until the server settles them. Each is numbered when it is sent,
 * from the `settled` number of the latest sync reply, and at most MOVE_WINDOW are unconfirmed at once,
 * so the server always still holds the outcome of every move this client may resend. A sync reply
 * settles every move it lists (by digest of its id: a move renumbered after a drop is found under its
 * new number too) and numbers the rest afresh when numbering was lost; resending them is safe, because
 * a repeated id gets its first outcome. Every sent move has a deadline: unanswered after
 * `resendAfterMs`, it is sent again unchanged (`overdue`), which also makes the server finish the
 * work of a settlement that died after its write; unanswered after `confirmTimeoutMs`, it rejects
 * with `move_unconfirmed`, and should the server settle it later, `onLateSettlement` says so.
 */
export class PendingMoves {
  readonly #moves = new Map<string, PendingMove>();
  readonly #options: PendingMovesOptions;
  readonly #now: () => number;
  /** Moves given up on, by digest, oldest first: watched for a late outcome. */
  readonly #givenUp = new Map<string, string>();
  /** The number the next move sent takes; unknown until the first sync reply. */
  #nextSeq: number | undefined;

  constructor(options: PendingMovesOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#moves.size;
  }

  /** Is any move unconfirmed whose outcome only a ledger can tell? Then every new state is worth a sync. */
  get anyInDoubt(): boolean {
    for (const move of this.#moves.values()) if (move.inDoubt) return true;
    return false;
  }

  /** Is any move sent and still unanswered? */
  get anySent(): boolean {
    for (const move of this.#moves.values()) if (move.sentAt !== undefined) return true;
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
        sentAt: undefined,
        inDoubt: false,
        giveUp: undefined,
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
      frames.push(this.#sent(move));
    }
    return frames;
  }

  /**
   * The frames of moves sent at least `afterMs` ago and still unanswered, sent again unchanged (same
   * id, same seq: the server answers a repeat with its first outcome and applies nothing).
   */
  overdue(afterMs: number): string[] {
    const now = this.#now();
    const frames: string[] = [];
    for (const move of this.#moves.values()) {
      if (move.seq !== undefined && move.sentAt !== undefined && now - move.sentAt >= afterMs)
        frames.push(this.#sent(move));
    }
    return frames;
  }

  /** A sent, unanswered move's frame as it was sent (same id and seq); `undefined` once it is answered. */
  frame(id: string): string | undefined {
    const move = this.#moves.get(id);
    return move?.seq === undefined ? undefined : frameOf(move);
  }

  /** Every sent and unanswered move, again unchanged: what to do when an answer came that names no move. */
  resendAll(): string[] {
    return [...this.#moves.values()]
      .filter((move) => move.seq !== undefined && move.sentAt !== undefined)
      .map((move) => this.#sent(move));
  }

  #sent(move: PendingMove): string {
    move.sentAt = this.#now();
    move.giveUp ??= setTimeout(() => this.#giveUp(move), this.#options.confirmTimeoutMs);
    return frameOf(move);
  }

  /** The socket dropped: every sent move is in doubt, and will be renumbered by the next sync reply. */
  connectionLost(): void {
    this.#nextSeq = undefined;
    for (const move of this.#moves.values()) if (move.seq !== undefined) move.inDoubt = true;
  }

  /**
   * The server answered `internal` for a move: its rules failed (a settled refusal, which the ledger
   * will list), or the route failed before or after settling it. Only a sync reply can tell, so the
   * move waits in doubt and numbering restarts from that reply.
   */
  inDoubt(id: string): boolean {
    const move = this.#moves.get(id);
    if (move === undefined) return false;
    move.inDoubt = true;
    this.#nextSeq = undefined;
    return true;
  }

  /**
   * Numbering is unknown until the next sync reply: a frame was answered `out_of_sequence` (a move
   * before it never arrived), `rate_limited`, or refused before it was numbered, so the numbers sent
   * after it are off. Stop sending new numbers until a sync reply renumbers.
   */
  renumber(): void {
    this.#nextSeq = undefined;
  }

  /**
   * A sync reply (a state message at `version`, with the recipient's ledger): settle every move it
   * lists. If numbering is unknown, number every move still waiting from `settled + 1`, in order, and
   * return the frames to send; a move that keeps its old number is resent unchanged, which is safe. A
   * move settled here rather than by its own answer, which made the match's current version, is sent
   * once more unchanged: the server then finishes that move's work (its fan-out), which whoever wrote
   * it may not have.
   */
  applyLedger(ledger: LedgerReply, version?: number): string[] {
    const again: string[] = [];
    for (const settled of ledger.recent) {
      this.#late(settled.digest, settled);
      const move = [...this.#moves.values()].find((candidate) => candidate.digest === settled.digest);
      if (move === undefined) continue;
      if (settled.version !== undefined) {
        if (settled.version === version) again.push(frameOf({ ...move, seq: settled.seq }));
        this.resolve(move.id, { id: move.id, seq: settled.seq, version: settled.version });
      } else this.reject(move.id, new TurngateError(settled.code ?? 'internal', undefined, { moveId: move.id }));
    }
    if (this.#nextSeq !== undefined) return [...again, ...this.takeSendable()];
    // A move sent under a number the ledger no longer covers may have been applied under it (another
    // tab of the same player moved many times since): renumbering it could apply it twice, so its
    // fate is reported as unknown instead. The SDK's own window never lets this happen on one client.
    const firstHeld = ledger.settled - ledger.recent.length + 1;
    for (const move of [...this.#moves.values()]) {
      if (move.firstSentSeq !== undefined && move.firstSentSeq < firstHeld && move.firstSentSeq <= ledger.settled) {
        this.#giveUp(move);
      }
    }
    this.#nextSeq = ledger.settled + 1;
    for (const move of this.#moves.values()) {
      move.seq = undefined;
      move.inDoubt = false;
    }
    return [...again, ...this.takeSendable()];
  }

  /** The server's ack: settles the move, or, for a move given up on, reports its late settlement. */
  resolve(id: string, ack: MoveAck): void {
    const move = this.#take(id);
    if (move === undefined) this.#late(moveIdDigest(id), { seq: ack.seq, version: ack.version });
    move?.resolve(ack);
  }

  /** Rejects a pending move; `false` when no such move waits (its answer came already). */
  reject(id: string, error: TurngateError): boolean {
    const move = this.#take(id);
    move?.reject(error);
    return move !== undefined;
  }

  /** Rejects every move not sent yet (the match is not running, or the user holds no seat to move from). */
  rejectUnsent(error: TurngateError): void {
    for (const move of [...this.#moves.values()]) {
      if (move.sentAt === undefined)
        this.reject(move.id, new TurngateError(error.code, error.message, { moveId: move.id }));
    }
  }

  rejectAll(error: TurngateError): void {
    for (const id of [...this.#moves.keys()]) {
      this.reject(id, new TurngateError(error.code, error.message, { moveId: id }));
    }
  }

  #giveUp(move: PendingMove): void {
    if (!this.reject(move.id, new TurngateError('move_unconfirmed', undefined, { moveId: move.id }))) return;
    this.#givenUp.set(move.digest, move.id);
    for (const [digest] of this.#givenUp) {
      if (this.#givenUp.size <= WATCHED) break;
      this.#givenUp.delete(digest);
    }
  }

  /** A ledger entry or an ack for a move given up on: it was settled after all, and the caller hears how. */
  #late(digest: string, settled: Pick<SettledMove, 'seq' | 'version' | 'code'>): void {
    const id = this.#givenUp.get(digest);
    if (id === undefined) return;
    this.#givenUp.delete(digest);
    const outcome =
      settled.version !== undefined
        ? { id, seq: settled.seq, version: settled.version }
        : new TurngateError(settled.code ?? 'internal', undefined, { moveId: id });
    this.#options.onLateSettlement?.({ id, outcome });
  }

  #take(id: string): PendingMove | undefined {
    const move = this.#moves.get(id);
    if (move === undefined) return undefined;
    clearTimeout(move.giveUp);
    this.#moves.delete(id);
    return move;
  }
}

const frameOf = (move: Pick<PendingMove, 'id' | 'seq' | 'name' | 'args'>): string =>
  JSON.stringify({ action: 'move', id: move.id, seq: move.seq, move: move.name, args: move.args ?? {} });
