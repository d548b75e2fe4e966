import type { HandlerDeps } from '../handlers/index.js';
import { runSweeps, type SweepReport, sweeperDeps } from '../handlers/sweeper.js';

/**
 * The local runtime's stand-in for the sweeper's EventBridge schedule: every `everyMs` it runs the
 * same sweeps (src/handlers/sweeps) as the Lambda function does, on either wiring, one run at a time.
 * The timer never keeps the process alive; `close` waits for a run in progress.
 */
export class SweeperLoop {
  readonly #deps: HandlerDeps;
  readonly #everyMs: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<SweepReport[]> | undefined;

  constructor(deps: HandlerDeps, everyMs: number) {
    this.#deps = deps;
    this.#everyMs = everyMs;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.sweep().catch(() => undefined), this.#everyMs);
    this.#timer.unref();
  }

  /** One run now (or the one in progress): what each sweep did. */
  sweep(): Promise<SweepReport[]> {
    this.#running ??= runSweeps(sweeperDeps(this.#deps)).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
