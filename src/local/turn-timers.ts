import type { Clock, Logger, Scheduler, TurnTimer } from '../ports/index.js';
import type { SqliteDatabase } from './sqlite/database.js';
import { SqliteTimerStore } from './sqlite/timer-store.js';

export interface LocalTurnTimersOptions {
  readonly db: SqliteDatabase;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long a timer whose firing failed waits before it is tried again. */
  readonly retryDelayMs?: number;
}

/** Hands a fired timer to the turn-timeout handler; a throw means "try again later". */
export type FireTimer = (timer: TurnTimer) => Promise<void>;

/** setTimeout takes at most 2^31 - 1 ms; a later timer is looked at again when this wait ends. */
const MAX_WAIT_MS = 2 ** 31 - 1;
const BATCH = 50;

/**
 * The local runtime's Scheduler: timers kept in SQLite (sqlite/timer-store.ts) and fired by one
 * setTimeout aimed at the earliest, so an idle server fires within a few ms of `dueAt`. A timer's row
 * is removed only after the handler has taken it (queued its timeout, or settled it), so a server
 * killed at any moment fires it after restart: late, never lost. A timer fired twice (killed between
 * the handler and the removal) changes nothing the second time: the timeout applies only at its turn.
 * A timer with a `warnAt` fires first there as a `clock_low` warning, then at its deadline.
 */
export class LocalTurnTimers implements Scheduler {
  readonly #store: SqliteTimerStore;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #retryDelayMs: number;
  /** Timers being fired, by `keyOf`. */
  readonly #inFlight = new Map<string, Promise<void>>();
  /** Timers whose firing failed, by `keyOf`: not tried again before this time. */
  readonly #backoff = new Map<string, number>();
  #fire: FireTimer | undefined;
  #wakeUp: NodeJS.Timeout | undefined;
  /** When the pending wake-up fires; undefined when none is pending. */
  #wakeUpAt: number | undefined;
  #closed = false;

  constructor(options: LocalTurnTimersOptions) {
    this.#store = new SqliteTimerStore(options.db);
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#retryDelayMs = options.retryDelayMs ?? 1_000;
  }

  async schedule(timer: TurnTimer): Promise<void> {
    await this.#store.schedule(timer);
    this.#backoff.delete(keyOf(timer));
    // Every move of a timed match re-arms its timer for later: while a wake-up is aimed no later than
    // this timer, that wake-up finds it when it comes, and this move costs no query for the earliest.
    // (A wake-up aimed at a timer this one replaced finds nothing due, and aims again.)
    const next = timer.warnAt !== undefined && timer.warnAt < timer.dueAt ? timer.warnAt : timer.dueAt;
    if (this.#wakeUpAt === undefined || next < this.#wakeUpAt) this.#aim();
  }

  async cancel(timer: TurnTimer): Promise<void> {
    // A pending wake-up aimed at this timer finds nothing due, and aims again.
    await this.#store.remove(timer);
  }

  /** Begins firing: every timer already due (after a restart, say) at once, later ones at their time. */
  start(fire: FireTimer): void {
    this.#fire = fire;
    this.#aim();
  }

  /** Timers armed now, earliest first. */
  armed(): TurnTimer[] {
    return this.#store.all();
  }

  /** Stops firing and waits for the timers being fired; armed ones stay stored for the next start. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#wakeUp);
    await Promise.allSettled(this.#inFlight.values());
  }

  /**
   * Points the one setTimeout at the next time something can fire: a due timer that is neither being
   * fired (its end re-aims) nor waiting out a failure, a failed one's retry, or the next timer to come.
   */
  #aim(): void {
    if (this.#fire === undefined || this.#closed) return;
    clearTimeout(this.#wakeUp);
    this.#wakeUpAt = undefined;
    const now = this.#clock.now();
    const times: number[] = [];
    for (const timer of this.#store.due(now, BATCH)) {
      const key = keyOf(timer);
      if (!this.#inFlight.has(key)) times.push(this.#backoff.get(key) ?? now);
    }
    const later = this.#store.earliestAfter(now);
    if (later !== undefined) times.push(later);
    if (times.length === 0) return;
    const wait = Math.min(MAX_WAIT_MS, Math.max(0, Math.min(...times) - now));
    this.#wakeUpAt = now + wait;
    this.#wakeUp = setTimeout(() => this.#fireDue(), wait);
    // Timers never keep the process alive on their own: the server's sockets do.
    this.#wakeUp.unref();
  }

  #fireDue(): void {
    this.#wakeUpAt = undefined;
    const fire = this.#fire;
    if (fire === undefined || this.#closed) return;
    const now = this.#clock.now();
    for (const timer of this.#store.due(now, BATCH)) {
      const key = keyOf(timer);
      if (this.#inFlight.has(key) || (this.#backoff.get(key) ?? 0) > now) continue;
      const firing = this.#fireOne(fire, timer).finally(() => {
        this.#inFlight.delete(key);
        this.#aim();
      });
      this.#inFlight.set(key, firing);
    }
    this.#aim();
  }

  async #fireOne(fire: FireTimer, timer: TurnTimer): Promise<void> {
    if (timer.warnAt !== undefined) return this.#warn(fire, timer);
    try {
      await fire(timer);
      this.#backoff.delete(keyOf(timer));
      await this.#store.remove(timer);
    } catch (error) {
      this.#backoff.set(keyOf(timer), this.#clock.now() + this.#retryDelayMs);
      this.#logger.error('timer.fire_failed', {
        matchId: timer.matchId,
        turn: timer.turn,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /**
   * A timer due for its warning: fired once as `clock_low`, then it waits for its deadline. Tried
   * once, never retried: a notice is best effort, and the deadline must not wait behind it.
   */
  async #warn(fire: FireTimer, timer: TurnTimer): Promise<void> {
    try {
      await fire({ ...timer, kind: 'clock_low' });
    } catch (error) {
      this.#logger.warn('timer.warning_failed', {
        matchId: timer.matchId,
        turn: timer.turn,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    try {
      await this.#store.warned(timer);
    } catch (error) {
      // Still due for its warning: wait before the next look, or the loop would spin on it.
      this.#backoff.set(keyOf(timer), this.#clock.now() + this.#retryDelayMs);
      this.#logger.error('timer.fire_failed', { matchId: timer.matchId, turn: timer.turn, error: String(error) });
    }
  }
}

/** A timer's identity (ports/scheduler.ts `sameTimer`) as one string. */
const keyOf = ({ matchId, turn, dueAt }: TurnTimer): string => `${matchId}\u0000${turn}\u0000${dueAt}`;
