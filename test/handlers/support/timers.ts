import { type Scheduler, sameTimer, type TurnTimer } from '../../../src/ports/index.js';

/** Time that moves only when the test says. */
export class ManualClock {
  constructor(public time: number) {}
  now = () => this.time;
}

/**
 * A Scheduler that only remembers: the test fires what it armed, when it likes, as often as it likes.
 * `armed` holds each match's latest armed timer (a cancel of that very timer removes it).
 */
export class RecordingScheduler implements Scheduler {
  readonly armed = new Map<string, TurnTimer>();
  /** The match of every timer disarmed. */
  readonly cancelled: string[] = [];
  /** Every timer whose warning was reported fired (`warned`), as a one-shot scheduler would be told. */
  readonly warnings: TurnTimer[] = [];
  async schedule(timer: TurnTimer) {
    this.armed.set(timer.matchId, timer);
  }
  async cancel(timer: TurnTimer) {
    if (sameTimer(this.armed.get(timer.matchId), timer)) this.armed.delete(timer.matchId);
    this.cancelled.push(timer.matchId);
  }
  async warned(timer: TurnTimer) {
    this.warnings.push(timer);
  }
  timerOf(matchId: string): TurnTimer {
    const timer = this.armed.get(matchId);
    if (timer === undefined) throw new Error(`no timer armed for ${matchId}`);
    return timer;
  }
}
