import type { MoveName } from '../engine/index.js';
import {
  type ErrorMessage,
  GAME_QUERY_PARAMETER,
  MAX_FRAME_BYTES,
  type StateMessage,
  utf8Length,
} from '../protocol/index.js';
import { type Backoff, createBackoff } from './backoff.js';
import { DEFAULT_CONFIRM_TIMEOUT_MS, DEFAULT_RESEND_AFTER_MS, type GameClientOptions } from './client-options.js';
import { defaultSocket } from './default-socket.js';
import { Emitter } from './emitter.js';
import { TurngateError } from './errors.js';
import { documentVisibility, Heartbeat, type PageVisibility } from './heartbeat.js';
import { isUnnumbered, parseServerMessage, whyNoMoveCanBeSent } from './incoming.js';
import { newMoveId } from './move-id.js';
import { PendingMoves } from './pending-moves.js';
import type { ClientSocket, SocketClose, SocketFactory } from './socket.js';
import type { ConnectionStatus, GameClientEvents, LegalMoveOf, MatchState, MoveAck, MoveMethods } from './types.js';

const SYNC_FRAME = JSON.stringify({ action: 'sync' });

/** While a move sent on a dropped socket is unsettled, sync this often to learn its outcome. */
const IN_DOUBT_SYNC_MS = 1_000;

/**
 * A running clock's deadline that passed with no new state: sync this long after it, then twice as
 * long after that, and so on up to CLOCK_SYNC_MAX_MS (a timeout's state may have been lost on its way,
 * or its timer may be late: EventBridge Scheduler fires within a minute).
 */
const CLOCK_SYNC_GRACE_MS = 2_000;
const CLOCK_SYNC_MAX_MS = 120_000;

/** Upgrade refusals that no retry can fix: the match is gone or the user may not join it. */
const FINAL_REFUSALS: Readonly<Record<number, 'bad_frame' | 'unauthorized' | 'forbidden' | 'unknown_game'>> = {
  400: 'bad_frame',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'unknown_game',
};

/**
 * A live connection to one match, typed by its game `G`. The view is always the server's: a move's
 * promise settles on the server's ack or error, and only `state` messages change `state`. Moves are
 * numbered and resent as protocol/move-ledger.ts says: after a drop the client reconnects with
 * backoff, syncs, settles what the sync reply's ledger lists, and resends the rest with the same ids
 * (a repeated id is answered with its first outcome, never applied twice).
 */
export class GameClient<G> {
  /** One method per move of `G`; see MoveMethods. */
  readonly move: MoveMethods<G>;
  readonly matchId: string;

  readonly #url: string;
  readonly #token: GameClientOptions['token'];
  readonly #openSocket: SocketFactory;
  readonly #backoff: Backoff;
  readonly #events = new Emitter<GameClientEvents<G>>();
  /** Unacknowledged moves, oldest first: resent in this order. */
  readonly #pending: PendingMoves;
  #status: ConnectionStatus = 'connecting';
  #state: MatchState<G> | null = null;
  #socket: ClientSocket | undefined;
  #open = false;
  /** Bumped per socket, so events from a replaced socket are ignored. */
  #generation = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #doubtTimer: ReturnType<typeof setTimeout> | undefined;
  /** While moves are sent and unanswered: sends the overdue ones again (resendAfterMs). */
  #resendTimer: ReturnType<typeof setInterval> | undefined;
  /** A sync for when the held state's clock deadline has passed without news. */
  #clockTimer: ReturnType<typeof setTimeout> | undefined;
  /** A sync the server asked to wait for (`rate_limited`). */
  #laterTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #resendAfterMs: number;
  readonly #visibility: PageVisibility | undefined;
  readonly #heartbeat: Heartbeat;
  /** Stops waiting for the page to be shown, when a reconnect waits for that. */
  #whenVisible: (() => void) | undefined;

  constructor(options: GameClientOptions) {
    const url = new URL(options.url);
    url.searchParams.set(GAME_QUERY_PARAMETER, options.matchId);
    this.#url = url.toString();
    this.matchId = options.matchId;
    this.#token = options.token;
    this.#openSocket = options.socket ?? defaultSocket;
    this.#backoff = createBackoff(options.backoff);
    this.#resendAfterMs = options.resendAfterMs ?? DEFAULT_RESEND_AFTER_MS;
    this.#pending = new PendingMoves({
      confirmTimeoutMs: options.confirmTimeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS,
      onLateSettlement: (settlement) => this.#events.emit('lateSettlement', settlement),
    });
    this.#visibility = options.visibility ?? documentVisibility();
    this.#heartbeat = new Heartbeat({
      ...(options.heartbeatMs === undefined ? {} : { intervalMs: options.heartbeatMs }),
      send: (frame) => this.#send(frame),
      visibility: this.#visibility,
    });
    this.move = moveMethods<G>((name, args) => this.#sendMove(name, args));
    void this.#connect();
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  /** The last state the server sent, or `null` before the first one. */
  get state(): MatchState<G> | null {
    return this.#state;
  }

  /** May you act now: are you one of the players who may (your turn, or a round where everyone acts)? */
  get canAct(): boolean {
    const state = this.#state;
    return state?.you !== undefined && state.status === 'running' && state.activePlayers.includes(state.you);
  }

  /** The moves you may make now, typed: your turn's moves, and any the game allows out of turn (resign…). */
  get availableMoves(): readonly MoveName<G>[] {
    return this.#state?.yourMoves ?? [];
  }

  /**
   * Your legal moves now, each with its args (the server's list: README "Legal moves"); empty when
   * you may make none. Moves whose args are not listed are in `state.legalMoves.open`.
   */
  get legalMoves(): readonly LegalMoveOf<G>[] {
    return this.#state?.legalMoves?.moves ?? [];
  }

  /** Makes one of `legalMoves` (or any move with its args, typed): `client.play(client.legalMoves[0])`. */
  play(legal: LegalMoveOf<G>): Promise<MoveAck> {
    return this.#sendMove(legal.move, legal.args);
  }

  /** How many moves wait for the server's answer. */
  get pendingMoves(): number {
    return this.#pending.size;
  }

  on<K extends keyof GameClientEvents<G>>(event: K, listener: (payload: GameClientEvents<G>[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  /** Asks for this client's current view; the answer arrives as a `state` event. */
  sync(): void {
    if (this.#open) this.#send(SYNC_FRAME);
  }

  /** Every frame leaves here: what the client sends is what keeps API Gateway from calling it idle. */
  #send(frame: string): void {
    if (this.#socket === undefined) return;
    this.#socket.send(frame);
    this.#heartbeat.sent();
  }

  /** Closes for good: pending moves reject with `client_closed`. Safe to call twice. */
  close(): void {
    if (this.#status === 'closed') return;
    this.#shutDown(new TurngateError('client_closed'));
  }

  async #connect(): Promise<void> {
    const generation = ++this.#generation;
    let socket: ClientSocket;
    try {
      const token = typeof this.#token === 'string' ? this.#token : await this.#token();
      socket = await this.#openSocket(
        { url: this.#url, token },
        {
          onOpen: () => generation === this.#generation && this.#onOpen(),
          onMessage: (text) => generation === this.#generation && this.#onMessage(text),
          onClose: (close) => generation === this.#generation && this.#onClose(close),
        },
      );
    } catch {
      // No token or no socket this time (a token endpoint down, say): the same as a failed attempt.
      if (generation === this.#generation) this.#onClose({ code: 1006, reason: 'could not open a socket' });
      return;
    }
    if (this.#status === 'closed' || generation !== this.#generation) socket.close(1000, 'client closed');
    else this.#socket = socket;
  }

  #onOpen(): void {
    this.#open = true;
    this.#setStatus('open');
    this.#heartbeat.start();
    // Moves wait for the sync reply: its ledger settles what landed and numbers the rest.
    this.#send(SYNC_FRAME);
  }

  #onClose(close: SocketClose): void {
    this.#socket = undefined;
    this.#open = false;
    this.#heartbeat.stop();
    this.#pending.connectionLost();
    if (this.#status === 'closed') return;
    const refusal = close.status === undefined ? undefined : FINAL_REFUSALS[close.status];
    const tokenCanChange = typeof this.#token !== 'string';
    if (refusal !== undefined && !(refusal === 'unauthorized' && tokenCanChange)) {
      const error = new TurngateError(refusal, undefined, { status: close.status });
      this.#events.emit('error', error);
      this.#shutDown(error);
      return;
    }
    this.#setStatus('reconnecting');
    // A hidden page with nothing to settle comes back when it is shown, not now: nobody is looking.
    if (this.#visibility?.isHidden() && this.#pending.size === 0) {
      const stop = this.#visibility.onVisible(() => {
        stop();
        this.#whenVisible = undefined;
        if (this.#status === 'reconnecting') void this.#connect();
      });
      this.#whenVisible = stop;
      return;
    }
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.#connect();
    }, this.#backoff.next());
  }

  #onMessage(text: string): void {
    const message = parseServerMessage(text);
    if (message === 'gateway_error') {
      // API Gateway's own answer to a frame whose function failed: it names no move, so every move sent
      // and unanswered goes again, unchanged (a repeat is answered, never applied twice), with a sync.
      this.#events.emit('error', new TurngateError('internal'));
      for (const frame of this.#pending.resendAll()) this.#send(frame);
      this.sync();
      return;
    }
    if (message === undefined) {
      this.#events.emit('error', new TurngateError('bad_frame', 'the server sent a message this client cannot read'));
      return;
    }
    if (message.type === 'pong') return; // the heartbeat's answer: the socket works, nothing else to do
    if (message.type === 'state') this.#onState(message);
    else if (message.type === 'ack')
      this.#pending.resolve(message.id, { id: message.id, seq: message.seq, version: message.version });
    else this.#onError(message);
    // An answer may have freed a place in the window for a waiting move.
    this.#sendWaitingMoves();
  }

  /** While moves are sent and unanswered, a tick sends the overdue ones again, with a sync. */
  #watchSentMoves(): void {
    if (this.#resendTimer !== undefined) return;
    this.#resendTimer = setInterval(
      () => {
        if (!this.#pending.anySent) {
          clearInterval(this.#resendTimer);
          this.#resendTimer = undefined;
          return;
        }
        if (!this.#open) return;
        const frames = this.#pending.overdue(this.#resendAfterMs);
        if (frames.length === 0) return;
        for (const frame of frames) this.#send(frame);
        this.sync();
      },
      Math.max(250, Math.floor(this.#resendAfterMs / 2)),
    );
  }

  /**
   * Syncs once the held state's earliest deadline has passed by a grace with nothing new: the state a
   * timeout produced reaches this client even if its fan-out was lost. Each state message starts over.
   */
  #watchClock(grace = CLOCK_SYNC_GRACE_MS): void {
    clearTimeout(this.#clockTimer);
    const state = this.#state;
    const clock = state?.clock;
    if (state === null || state.status !== 'running' || clock?.deadline == null) return;
    const version = state.version;
    const wait = Math.max(0, clock.deadline - (clock.now ?? clock.deadline)) + grace;
    this.#clockTimer = setTimeout(() => {
      if (this.#state?.version !== version) return;
      this.sync();
      if (grace < CLOCK_SYNC_MAX_MS) this.#watchClock(Math.min(CLOCK_SYNC_MAX_MS, grace * 2));
    }, wait);
  }

  #onState(message: StateMessage): void {
    // The server answered, so this connection works: the next drop starts backing off from scratch.
    this.#backoff.reset();
    const { type: _type, ack, ledger, timeout, ...state } = message;
    // A sync reply can race a move's fan-out; never let an older view replace a newer one.
    if (this.#state === null || state.version >= this.#state.version) {
      const newer = this.#state?.version !== state.version;
      this.#state = state as MatchState<G>;
      this.#events.emit('state', this.#state);
      if (timeout !== undefined) this.#events.emit('timeout', timeout);
      if (newer) this.#watchClock();
    }
    if (ack !== undefined) this.#pending.resolve(ack.id, ack);
    if (ledger !== undefined) {
      for (const frame of this.#pending.applyLedger(ledger, message.version)) this.#send(frame);
      // A move sent on a socket that dropped may still be on its way: its answer goes to that dead
      // socket, so ask again shortly until a ledger settles it (or confirmTimeoutMs gives up on it).
      if (this.#pending.anyInDoubt) this.#syncSoon();
    }
  }

  #syncSoon(): void {
    if (this.#doubtTimer !== undefined) return;
    this.#doubtTimer = setTimeout(() => {
      this.#doubtTimer = undefined;
      this.sync();
    }, IN_DOUBT_SYNC_MS);
  }

  #sendWaitingMoves(): void {
    if (!this.#open || !this.#socket) return;
    const refusal = this.#state === null ? undefined : whyNoMoveCanBeSent(this.#state);
    if (refusal !== undefined) this.#pending.rejectUnsent(new TurngateError(refusal));
    const frames = this.#pending.takeSendable();
    for (const frame of frames) this.#send(frame);
    if (frames.length > 0) this.#watchSentMoves();
  }

  #onError(message: ErrorMessage): void {
    const error = new TurngateError(
      message.code,
      message.message,
      message.id === undefined ? {} : { moveId: message.id },
    );
    if (message.code === 'unknown_connection') {
      // The server lost this connection's row (a send that met Gone during $connect, say): the socket
      // is useless, but a new one will be registered. Reconnect; pending moves are kept and resent.
      this.#socket?.close(4000, 'unknown connection');
      return;
    }
    if (message.code === 'rate_limited') {
      // Nothing was done with that frame, so it is sent again unchanged once the server's wait is
      // over: its number is still the next (a later frame that overtook it meets out_of_sequence,
      // which renumbers). A sync that was limited is asked for again then.
      const wait = message.retryAfterMs ?? 1_000;
      const frame = message.id === undefined ? undefined : this.#pending.frame(message.id);
      if (frame === undefined) this.#syncLater(wait);
      else
        setTimeout(() => {
          if (this.#open && this.#pending.frame(message.id ?? '')) this.#send(frame);
        }, wait);
      return;
    }
    if (message.id === undefined) this.#events.emit('error', error);
    else if (message.code === 'out_of_sequence') {
      // A move before this one never arrived: renumber from the next sync reply and send again.
      this.#pending.renumber();
      this.sync();
    } else if (message.code === 'internal' && this.#pending.inDoubt(message.id)) {
      // Settled as a refusal, or the route failed before or after settling it: the sync reply's ledger says which.
      this.sync();
    } else if (this.#pending.reject(message.id, error) && isUnnumbered(message.code)) {
      // Refused before it was numbered: the moves sent after it carry numbers one too high.
      this.#pending.renumber();
      this.sync();
    }
    // An error naming a move that is no longer pending repeats an answer we have: nothing new to report.
  }

  #syncLater(ms: number): void {
    clearTimeout(this.#laterTimer);
    this.#laterTimer = setTimeout(() => {
      this.#laterTimer = undefined;
      this.sync();
    }, ms);
  }

  #sendMove(name: string, args: unknown): Promise<MoveAck> {
    if (this.#status === 'closed') return Promise.reject(new TurngateError('client_closed'));
    const id = newMoveId();
    // API Gateway closes the socket on an oversized frame; resending it after reconnecting would loop.
    // Measured with the longest number the move could take.
    const largest = JSON.stringify({ action: 'move', id, seq: Number.MAX_SAFE_INTEGER, move: name, args: args ?? {} });
    if (utf8Length(largest) > MAX_FRAME_BYTES) {
      return Promise.reject(new TurngateError('frame_too_large', undefined, { moveId: id }));
    }
    const answer = this.#pending.add(id, name, args);
    this.#sendWaitingMoves();
    return answer;
  }

  #shutDown(reason: TurngateError): void {
    this.#generation += 1;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#doubtTimer);
    clearInterval(this.#resendTimer);
    clearTimeout(this.#clockTimer);
    clearTimeout(this.#laterTimer);
    this.#heartbeat.stop();
    this.#whenVisible?.();
    this.#socket?.close(1000, 'client closed');
    this.#socket = undefined;
    this.#open = false;
    this.#pending.rejectAll(reason);
    this.#setStatus('closed');
  }

  #setStatus(status: ConnectionStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    this.#events.emit('status', status);
  }
}

/**
 * The runtime behind MoveMethods: any property is a move of that name, so the client needs no game
 * definition at run time (the server validates names and arguments). `then` is not a move, so
 * awaiting `client.move` by mistake does not treat it as a promise.
 */
function moveMethods<G>(send: (name: string, args: unknown) => Promise<MoveAck>): MoveMethods<G> {
  const target: object = Object.create(null);
  return new Proxy(target, {
    get: (_target, name) =>
      typeof name === 'string' && name !== 'then' ? (args?: unknown) => send(name, args) : undefined,
  }) as MoveMethods<G>;
}

/** Opens a typed connection to a match: `connectGame<typeof ticTacToe>({ url, matchId, token })`. */
export const connectGame = <G>(options: GameClientOptions): GameClient<G> => new GameClient<G>(options);
