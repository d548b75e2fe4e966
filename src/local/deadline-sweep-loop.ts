import type { HandlerDeps } from '../handlers/index.js';
import { settleOverdue } from '../handlers/overdue-timeouts.js';
import type { SweepOutcome } from '../handlers/sweeps/sweep.js';

/** A run takes no new work after this long: well inside the minute between runs. */
const RUN_BUDGET_MS = 40_000;

/**
 * The local runtime's stand-in for the deadline sweep's schedule (on AWS an EventBridge schedule
 * invokes it every minute): every `everyMs` it runs `settleOverdue` on either wiring, one run at a
 * time. The timer never keeps the process alive; `close` waits for a run in progress.
 */
export class DeadlineSweepLoop {
  readonly #deps: HandlerDeps;
  readonly #everyMs: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<SweepOutcome> | undefined;

  constructor(deps: HandlerDeps, everyMs = 60_000) {
    this.#deps = deps;
    this.#everyMs = everyMs;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.sweep().catch(() => undefined), this.#everyMs);
    this.#timer.unref();
  }

  /** One run now (or the one in progress). */
  sweep(): Promise<SweepOutcome> {
    const now = this.#deps.clock.now();
    this.#running ??= settleOverdue(this.#deps, { now, deadline: now + RUN_BUDGET_MS }).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }
}
